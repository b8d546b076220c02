import type { Db, Queryable } from '@scrutin/db';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Actor } from '../auth/roles.js';
import { err, ok, type Result } from '../basics/result.js';
import { makeBarcode } from '../domain/barcode.js';
import { getElectionSecret, requireState } from '../election/election.js';
import { appendJournal } from '../journal/journal.js';
import { mapHeader, type RollField } from './columns.js';
import { readCsv, RollFileError, type CsvMeta } from './csv.js';
import { buildCategoryIndex, validateRow, type RollError, type RollRow } from './row.js';

export type RollReport = {
  fileName: string;
  fileSha256: string;
  encoding: CsvMeta['encoding'];
  delimiter: CsvMeta['delimiter'];
  dataRows: number;
  voters: number;
  rights: number;
  preprintedBarcodes: number;
  byUrn: { urnId: string; label: string; contest: string; category: string; subcategory: string | null; rights: number }[];
  byCategory: { category: string; subcategory: string | null; rights: number }[];
};

export type RollProgress = { bytes: number; rows: number };

const BATCH = 2000;
const MAX_REPORTED_ERRORS = 500;

/** Thrown inside the transaction to roll it back while carrying the refusal out. */
class Refusal extends Error {
  constructor(readonly errors: RollError[]) {
    super('refus');
  }
}

const STAGING_COLUMNS = [
  ['line', 'int'],
  ['right_id', 'bigint'],
  ['voter_number', 'text'],
  ['civility', 'text'],
  ['last_name', 'text'],
  ['first_names', 'text'],
  ['birth_date', 'date'],
  ['nationality', 'text'],
  ['voter_type', 'text'],
  ['postal_address', 'text'],
  ['business_address', 'text'],
  ['siren', 'text'],
  ['company_name', 'text'],
  ['category', 'text'],
  ['subcategory', 'text'],
  ['barcode', 'text'],
  ['preprinted', 'boolean'],
] as const;

function stagingInsert(): string {
  const cols = STAGING_COLUMNS.map(([c]) => c).join(', ');
  const arrays = STAGING_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
  return `INSERT INTO roll_staging (${cols}) SELECT * FROM unnest(${arrays})`;
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
  const validated = await db.query('SELECT 1 FROM roll_import WHERE validated_at IS NOT NULL');
  if (validated.rows.length > 0) return err([{ line: 0, code: 'BAD_COLUMNS', message: 'La liste électorale est validée par la préfecture : elle est figée.' }]);
  const categories = buildCategoryIndex(election.definition.categories);

  try {
    return await db.transaction(async (tx) => {
      await tx.query(`CREATE TEMP TABLE roll_staging (${STAGING_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')}) ON COMMIT DROP`);
      const hash = sha256.create();
      const meta: Partial<CsvMeta> = {};
      const errors: RollError[] = [];
      let errorCount = 0;
      let columns: (RollField | null)[] | null = null;
      let dataRows = 0;
      let bytes = 0;
      let batch: RollRow[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const arrays = STAGING_COLUMNS.map(() => [] as unknown[]);
        batch.forEach((r, i) => {
          const ordinal = dataRows - batch.length + i + 1;
          const values = [
            r.line,
            ordinal,
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
            r.barcode ?? makeBarcode(secret, election.code, ordinal),
            r.barcode !== null,
          ];
          values.forEach((v, j) => arrays[j]!.push(v));
        });
        await tx.query(stagingInsert(), arrays);
        batch = [];
      };
      const hashing = (async function* () {
        for await (const chunk of input) {
          const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
          hash.update(buf);
          yield buf;
        }
      })();
      for await (const record of readCsv(hashing, meta, (n) => (bytes += n))) {
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
        batch.push(row.value);
        if (batch.length >= BATCH) {
          await flush();
          options.onProgress?.({ bytes, rows: dataRows });
        }
      }
      if (!columns) throw new Refusal([{ line: 1, code: 'EMPTY_FILE', message: 'fichier vide : aucune ligne d’en-tête' }]);
      if (errorCount > 0) throw new Refusal(withTotal(errors, errorCount));
      if (dataRows === 0) {
        throw new Refusal([{ line: 2, code: 'EMPTY_FILE', message: 'aucun électeur dans le fichier (en-tête seul)' }]);
      }
      await flush();
      options.onProgress?.({ bytes, rows: dataRows });
      const duplicates = await findDuplicates(tx);
      if (duplicates.length > 0) throw new Refusal(duplicates);

      await tx.query('DELETE FROM voting_right');
      await tx.query('DELETE FROM voter');
      await tx.query('DELETE FROM roll_import');
      await tx.query(
        `INSERT INTO voter (voter_number, civility, last_name, first_names, birth_date, nationality, voter_type, postal_address, business_address, siren, company_name)
         SELECT DISTINCT ON (voter_number) voter_number, civility, last_name, first_names, birth_date, nationality, voter_type, postal_address, business_address, siren, company_name
         FROM roll_staging ORDER BY voter_number, line`,
      );
      await tx.query(
        `INSERT INTO voting_right (id, voter_id, category_code, subcategory_code, barcode, line_number)
         SELECT s.right_id, v.id, s.category, s.subcategory, s.barcode, s.line FROM roll_staging s JOIN voter v USING (voter_number)`,
      );
      const report = await buildReport(tx, {
        fileName: options.fileName,
        fileSha256: bytesToHex(hash.digest()),
        encoding: meta.encoding ?? 'utf-8',
        delimiter: meta.delimiter ?? ';',
        dataRows,
      });
      await tx.query('INSERT INTO roll_import (file_name, file_sha256, rows, report, imported_by) VALUES ($1, $2, $3, $4, $5)', [
        report.fileName,
        report.fileSha256,
        report.dataRows,
        JSON.stringify(report),
        actor.userId,
      ]);
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

function withTotal(errors: RollError[], total: number): RollError[] {
  if (total <= errors.length) return errors;
  return [...errors, { line: 0, code: errors[0]?.code ?? 'BAD_CSV', message: `… et ${total - errors.length} autres erreurs (${total} au total)` }];
}

async function findDuplicates(tx: Queryable): Promise<RollError[]> {
  const out: RollError[] = [];
  const rights = await tx.query<{ voter_number: string; category: string; subcategory: string | null; lines: number[] }>(
    `SELECT voter_number, category, subcategory, array_agg(line ORDER BY line) AS lines FROM roll_staging
     GROUP BY voter_number, category, subcategory HAVING count(*) > 1 ORDER BY min(line) LIMIT ${MAX_REPORTED_ERRORS}`,
  );
  for (const r of rights.rows) {
    out.push({
      line: r.lines[1]!,
      column: 'voterNumber',
      code: 'DUPLICATE',
      message: `ligne ${r.lines[1]} : électeur ${r.voter_number} déjà inscrit dans la catégorie ${r.subcategory ?? r.category} (lignes ${r.lines.join(', ')})`,
    });
  }
  const barcodes = await tx.query<{ barcode: string; lines: number[] }>(
    `SELECT barcode, array_agg(line ORDER BY line) AS lines FROM roll_staging GROUP BY barcode HAVING count(*) > 1 ORDER BY min(line) LIMIT ${MAX_REPORTED_ERRORS}`,
  );
  for (const r of barcodes.rows) {
    out.push({ line: r.lines[1]!, column: 'barcode', code: 'DUPLICATE_BARCODE', message: `ligne ${r.lines[1]} : code-barres ${r.barcode} en double (lignes ${r.lines.join(', ')})` });
  }
  const voters = await tx.query<{ voter_number: string; lines: number[] }>(
    `SELECT voter_number, array_agg(line ORDER BY line) AS lines FROM roll_staging GROUP BY voter_number
     HAVING count(DISTINCT (last_name, first_names, birth_date)) > 1 ORDER BY min(line) LIMIT ${MAX_REPORTED_ERRORS}`,
  );
  for (const r of voters.rows) {
    out.push({
      line: r.lines[1]!,
      column: 'voterNumber',
      code: 'INCONSISTENT_VOTER',
      message: `ligne ${r.lines[1]} : l'électeur ${r.voter_number} a des nom, prénoms ou date de naissance différents selon les lignes (${r.lines.join(', ')})`,
    });
  }
  return out.sort((a, b) => a.line - b.line);
}

async function buildReport(tx: Queryable, base: Pick<RollReport, 'fileName' | 'fileSha256' | 'encoding' | 'delimiter' | 'dataRows'>): Promise<RollReport> {
  const counts = await tx.query<{ voters: number; rights: number; preprinted: number }>(
    `SELECT (SELECT count(*)::int FROM voter) AS voters, count(*)::int AS rights, count(*) FILTER (WHERE preprinted)::int AS preprinted FROM roll_staging`,
  );
  const byUrn = await tx.query<{ id: string; label: string; contest_code: string; category_code: string; subcategory_code: string | null; rights: number }>(
    `SELECT u.id, u.label, u.contest_code, u.category_code, u.subcategory_code, count(r.id)::int AS rights
     FROM urn u LEFT JOIN voting_right r ON r.category_code = u.category_code AND r.subcategory_code IS NOT DISTINCT FROM u.subcategory_code
     GROUP BY u.id ORDER BY u.contest_code, u.category_code, u.subcategory_code NULLS FIRST`,
  );
  const byCategory = await tx.query<{ category_code: string; subcategory_code: string | null; rights: number }>(
    `SELECT category_code, subcategory_code, count(*)::int AS rights FROM voting_right GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST`,
  );
  const c = counts.rows[0]!;
  return {
    ...base,
    voters: c.voters,
    rights: c.rights,
    preprintedBarcodes: c.preprinted,
    byUrn: byUrn.rows.map((r) => ({ urnId: r.id, label: r.label, contest: r.contest_code, category: r.category_code, subcategory: r.subcategory_code, rights: r.rights })),
    byCategory: byCategory.rows.map((r) => ({ category: r.category_code, subcategory: r.subcategory_code, rights: r.rights })),
  };
}

/** The prefecture's representative validates the conformity report; the roll is frozen from then on. */
export async function validateRoll(db: Db, actor: Actor, fileSha256: string): Promise<Result<RollReport, { code: string; message: string }>> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: number; file_sha256: string; report: RollReport; validated_at: Date | null }>('SELECT * FROM roll_import FOR UPDATE');
    const current = rows[0];
    if (!current) return err({ code: 'NO_ROLL', message: "Aucune liste électorale n'a été importée." });
    if (current.validated_at) return err({ code: 'ALREADY_VALIDATED', message: 'La liste électorale est déjà validée.' });
    if (current.file_sha256 !== fileSha256) {
      return err({ code: 'DIGEST_MISMATCH', message: `L'empreinte validée (${fileSha256.slice(0, 16)}…) n'est pas celle du fichier importé (${current.file_sha256.slice(0, 16)}…).` });
    }
    await tx.query('UPDATE roll_import SET validated_by = $1, validated_at = now() WHERE id = $2', [actor.userId, current.id]);
    await appendJournal(tx, actor, 'roll.validate', { fileSha256 });
    return ok(current.report);
  });
}

export async function getRollReport(db: Queryable): Promise<(RollReport & { validatedAt: Date | null }) | null> {
  const { rows } = await db.query<{ report: RollReport; validated_at: Date | null }>('SELECT report, validated_at FROM roll_import');
  return rows[0] ? { ...rows[0].report, validatedAt: rows[0].validated_at } : null;
}
