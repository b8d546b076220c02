import { isUniqueViolation, type Db, type Queryable } from '@scrutin/db';
import { createHash } from 'node:crypto';
import type { Actor } from '@scrutin/domain/roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { getElectionSecret, listUrns, requireState } from '../election/election.js';
import { appendJournal } from '../journal/journal.js';
import * as store from '../store/index.js';
import type { StagedRow } from '../store/roll-staging.js';
import { mapHeader, type RollField } from './columns.js';
import { barcodeMaker } from './barcodes.js';
import { LeadingZeroCheck } from './cells.js';
import { readCsvBatches, RollFileError } from './csv.js';
import { buildCategoryIndex, validateRow, type RollError } from './row.js';
import type { CsvMeta, RollReport } from '@scrutin/contract/roll-types.js';

export type RollProgress = { bytes: number; rows: number };

const BATCH = 5000;
const MAX_REPORTED_ERRORS = 500;

/** Thrown inside the transaction to roll it back while carrying the refusal out. */
class Refusal extends Error {
  constructor(readonly errors: RollError[]) {
    super('refus');
  }
}

/**
 * Imports the electoral roll, all or nothing: the file is streamed once (never held
 * whole), every row validated, duplicates found by the database, and the roll replaced
 * in one transaction. Any error refuses the whole file and changes nothing.
 */
export async function importRoll(
  db: Db,
  actor: Actor,
  input: AsyncIterable<Buffer>,
  options: { fileName: string; onProgress?: (p: RollProgress) => void },
): Promise<Result<RollReport, RollError[]>> {
  const found = await getElectionSecret(db);
  const stateError = requireState(found?.election ?? null, ['SETUP'], 'importer la liste électorale');
  if (stateError || !found) return err([{ line: 0, code: 'BAD_COLUMNS', message: stateError!.message }]);
  const { election, secret } = found;
  if (await store.roll.isRollValidated(db)) return err([{ line: 0, code: 'BAD_COLUMNS', message: 'La liste électorale est validée par la préfecture : elle est figée.' }]);
  const categories = buildCategoryIndex(election.definition.categories);
  const barcodeFor = barcodeMaker(secret, election.code);

  try {
    return await db.transaction(async (tx) => {
      const staging = await store.rollStaging.openStaging(tx, db.kind);
      const hash = createHash('sha256');
      const meta: Partial<CsvMeta> = {};
      const errors: RollError[] = [];
      let errorCount = 0;
      let columns: (RollField | null)[] | null = null;
      let dataRows = 0;
      let bytes = 0;
      let batch: StagedRow[] = [];
      let preprinted = 0;
      // rights per category/sub-category, counted on the way rather than by a query over the loaded roll
      const counts = new Map<string, number>();
      const leadingZeros = new LeadingZeroCheck(MAX_REPORTED_ERRORS);
      const hashing = (async function* () {
        for await (const chunk of input) {
          const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
          hash.update(buf);
          yield buf;
        }
      })();
      try {
        for await (const records of readCsvBatches(hashing, meta, (n) => (bytes += n))) {
          for (const record of records) {
            if (!columns) {
              const mapping = mapHeader(record.values);
              if (mapping.errors.length > 0) {
                throw new Refusal(mapping.errors.map((message) => ({ line: record.line, code: 'BAD_COLUMNS' as const, message: `ligne ${record.line} (en-tête) : ${message}` })));
              }
              columns = mapping.columns;
              continue;
            }
            const row = validateRow(record.line, columns, record.values, categories);
            if (!row.ok) {
              errorCount += row.error.length;
              if (errors.length < MAX_REPORTED_ERRORS) errors.push(...row.error);
              continue;
            }
            if (errorCount > 0) continue; // the file is refused anyway: only keep reading to report every error
            dataRows++;
            const r = row.value;
            leadingZeros.add(r.line, r.voterNumber);
            if (r.barcode !== null) preprinted++;
            const unit = r.subcategory === null ? r.category : `${r.category}\u0000${r.subcategory}`;
            counts.set(unit, (counts.get(unit) ?? 0) + 1);
            batch.push([
              r.line,
              dataRows,
              r.voterNumber,
              r.civility,
              r.lastName,
              r.firstNames,
              r.birthDate,
              r.nationality,
              r.voterType,
              r.postalAddress,
              r.businessAddress,
              r.siren,
              r.companyName,
              r.category,
              r.subcategory,
              r.barcode ?? barcodeFor(dataRows),
              r.barcode !== null,
            ]);
          }
          if (batch.length >= BATCH) {
            await staging.write(batch);
            batch = [];
            options.onProgress?.({ bytes, rows: dataRows });
          }
        }
        if (!columns) throw new Refusal([{ line: 1, code: 'EMPTY_FILE', message: 'ligne 1 : fichier vide, aucune ligne d’en-tête' }]);
        if (errorCount > 0) throw new Refusal(withTotal(errors, errorCount));
        const lostZeros = leadingZeros.suspects();
        if (lostZeros.count > 0) throw new Refusal(withTotal(lostZeros.first.map((s) => lostZerosError(s, lostZeros.width)), lostZeros.count));
        if (dataRows === 0) throw new Refusal([{ line: 2, code: 'EMPTY_FILE', message: 'ligne 2 : aucun électeur dans le fichier (en-tête seul)' }]);
        await staging.write(batch);
        batch = [];
        await staging.end();
      } catch (e) {
        await staging.abort();
        throw e;
      }
      options.onProgress?.({ bytes, rows: dataRows });
      const loaded = await loadRoll(tx, db.kind, dataRows);
      if (!loaded.ok) throw new Refusal(loaded.error);
      const report = await buildReport(tx, {
        fileName: options.fileName,
        fileSha256: hash.digest('hex'),
        encoding: meta.encoding ?? 'utf-8',
        delimiter: meta.delimiter ?? ';',
        dataRows,
        voters: loaded.value.voters,
        rights: dataRows,
        preprintedBarcodes: preprinted,
        counts,
      });
      await store.roll.insertRollImport(tx, report, actor.userId);
      await appendJournal(tx, actor, 'roll.import', {
        fileName: report.fileName,
        fileSha256: report.fileSha256,
        voters: report.voters,
        rights: report.rights,
      });
      return ok(report);
    });
  } catch (e) {
    if (e instanceof Refusal) return err(e.errors);
    if (e instanceof RollFileError) return err([e.error]);
    throw e;
  }
}

function lostZerosError(suspect: { line: number; value: string }, width: number): RollError {
  return {
    line: suspect.line,
    column: 'voterNumber',
    code: 'BAD_NUMBER',
    message:
      `ligne ${suspect.line} : numéro d'électeur « ${suspect.value} » plus court que les numéros à zéros de tête du fichier (${width} chiffres) : ` +
      "le tableur a sans doute supprimé ses zéros ; mettez la colonne au format Texte dans le fichier d'origine et exportez-le de nouveau",
  };
}

function withTotal(errors: RollError[], total: number): RollError[] {
  if (total <= errors.length) return errors;
  return [...errors, { line: 0, code: errors[0]?.code ?? 'BAD_CSV', message: `… et ${total - errors.length} autres erreurs (${total} au total)` }];
}

async function findDuplicates(tx: Queryable): Promise<RollError[]> {
  const out: RollError[] = [];
  for (const r of await store.roll.stagedDuplicateRights(tx, MAX_REPORTED_ERRORS)) {
    out.push({
      line: r.lines[1]!,
      column: 'voterNumber',
      code: 'DUPLICATE',
      message: `ligne ${r.lines[1]} : électeur ${r.voter_number} déjà inscrit dans la catégorie ${r.subcategory ?? r.category} (lignes ${r.lines.join(', ')})`,
    });
  }
  for (const r of await store.roll.stagedDuplicateBarcodes(tx, MAX_REPORTED_ERRORS)) {
    out.push({ line: r.lines[1]!, column: 'barcode', code: 'DUPLICATE_BARCODE', message: `ligne ${r.lines[1]} : code-barres ${r.barcode} en double (lignes ${r.lines.join(', ')})` });
  }
  for (const r of await store.roll.stagedInconsistentVoters(tx, MAX_REPORTED_ERRORS)) {
    out.push({
      line: r.lines[1]!,
      column: 'voterNumber',
      code: 'INCONSISTENT_VOTER',
      message: `ligne ${r.lines[1]} : l'électeur ${r.voter_number} a des nom, prénoms ou date de naissance différents selon les lignes (${r.lines.join(', ')})`,
    });
  }
  return out.sort((a, b) => a.line - b.line);
}

/**
 * Replaces the roll with the staged rows. On the normal path the constraints of voter and
 * voting_right do the duplicate checks as they load; only when they refuse (or when a voter
 * number carries two identities, seen as fewer rights loaded than staged) is the staging
 * table searched for the lines to name, after rolling back to the savepoint.
 */
async function loadRoll(tx: Queryable, kind: Db['kind'], dataRows: number): Promise<Result<{ voters: number }, RollError[]>> {
  // The voter sort of a million rows stays in memory on a server; PGlite's memory is the station's own.
  if (kind === 'postgres') await store.roll.raiseSortMemory(tx);
  await store.roll.markRollLoad(tx);
  try {
    const loaded = await store.roll.replaceRollWithStaged(tx);
    if (loaded.rights === dataRows) return ok({ voters: loaded.voters });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  await store.roll.undoRollLoad(tx);
  const found = await findDuplicates(tx);
  if (found.length === 0) throw new Error('import de la liste : refus de la base sans doublon identifiable');
  return err(found);
}

async function buildReport(
  tx: Queryable,
  base: Pick<RollReport, 'fileName' | 'fileSha256' | 'encoding' | 'delimiter' | 'dataRows' | 'voters' | 'rights' | 'preprintedBarcodes'> & { counts: Map<string, number> },
): Promise<RollReport> {
  const { counts, ...fields } = base;
  const rightsOf = (category: string, subcategory: string | null) => counts.get(subcategory === null ? category : `${category}\u0000${subcategory}`) ?? 0;
  const urns = await listUrns(tx);
  const byCategory = [...counts.keys()]
    .map((key) => {
      const [category, subcategory] = key.split('\u0000') as [string, string | undefined];
      return { category, subcategory: subcategory ?? null, rights: counts.get(key)! };
    })
    .sort((a, b) => a.category.localeCompare(b.category) || (a.subcategory ?? '').localeCompare(b.subcategory ?? ''));
  return {
    ...fields,
    byUrn: urns.map((u) => ({ urnId: u.id, label: u.label, contest: u.contest_code, category: u.category_code, subcategory: u.subcategory_code, rights: rightsOf(u.category_code, u.subcategory_code) })),
    byCategory,
  };
}

/** The prefecture's representative validates the conformity report; the roll is frozen from then on. */
export async function validateRoll(db: Db, actor: Actor, fileSha256: string): Promise<Result<RollReport, { code: string; message: string }>> {
  return db.transaction(async (tx) => {
    const current = await store.roll.lockRollImport(tx);
    if (!current) return err({ code: 'NO_ROLL', message: "Aucune liste électorale n'a été importée." });
    if (current.validated_at) return err({ code: 'ALREADY_VALIDATED', message: 'La liste électorale est déjà validée.' });
    if (current.file_sha256 !== fileSha256) {
      return err({ code: 'DIGEST_MISMATCH', message: `L'empreinte validée (${fileSha256.slice(0, 16)}…) n'est pas celle du fichier importé (${current.file_sha256.slice(0, 16)}…).` });
    }
    await store.roll.markRollValidated(tx, current.id, actor.userId);
    await appendJournal(tx, actor, 'roll.validate', { fileSha256 });
    return ok(current.report);
  });
}

export async function getRollReport(db: Queryable): Promise<(RollReport & { validatedAt: Date | null }) | null> {
  const row = await store.roll.findRollReport(db);
  return row ? { ...row.report, validatedAt: row.validated_at } : null;
}
