/**
 * The printer's file of the outer envelopes (plis d'acheminement): one line per voting right, the voter as
 * the roll names them and the barcode the station scans on the envelope (arrêté du 7 octobre 2016, art. 14:
 * « un code barre apposé sur le pli d'acheminement » links the voter to the list). Rolls imported without
 * pre-printed barcodes get theirs from the station (roll/barcodes.ts): this file is how they reach the
 * envelopes. Written once the prefecture has validated the roll, which freezes the barcodes; the rights
 * withdrawn by a decision are left out. Format: docs/formats/envelopes-csv.md.
 */
import { createHash } from 'node:crypto';
import type { Db } from '@scrutin/db';
import type { Actor } from '@scrutin/domain/roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { csvLine } from '../basics/csv.js';
import { appendJournal } from '../journal/journal.js';
import * as store from '../store/index.js';

/** The header line of the file (docs/formats/envelopes-csv.md). */
export const ENVELOPES_CSV_HEADER = 'qualite;numero_electeur;civilite;nom;prenoms;raison_sociale;adresse_postale;categorie;sous_categorie;code_barres';

const PAGE = 5_000;

/** Where the file goes: its chunks in order, then `commit` once whole (the CLI's OutputFile). */
export type EnvelopesSink = { write(chunk: string): void; commit(): void };

/**
 * Writes the file to the sink opened by `open` (called only once the roll is known validated, so a refusal
 * touches no file): the BOM and header, a chunk per page of rights, then `commit`; then journals its size and
 * SHA-256 (`roll.envelopes_export`), once the file is in place. Returns the rights written and those left out
 * as withdrawn. Errors: NOT_VALIDATED (French message) before the prefecture's validation; the sink's and the
 * database's, thrown.
 */
export async function exportEnvelopes(db: Db, actor: Actor, open: () => EnvelopesSink): Promise<Result<{ rights: number; withdrawn: number; fileSha256: string }, { code: string; message: string }>> {
  if (!(await store.roll.isRollValidated(db))) {
    return err({ code: 'NOT_VALIDATED', message: 'La liste électorale n’est pas encore validée par la préfecture : ses codes-barres peuvent encore changer.' });
  }
  const sink = open();
  const hash = createHash('sha256');
  const emit = (chunk: string) => {
    hash.update(chunk, 'utf8');
    sink.write(chunk);
  };
  emit('\uFEFF' + ENVELOPES_CSV_HEADER + '\n');
  let rights = 0;
  for (let after = 0; ; ) {
    const page = await store.roll.envelopePage(db, after, PAGE);
    if (page.length === 0) break;
    emit(page.map((r) => csvLine([r.right_id, r.voter_number, r.civility, r.last_name, r.first_names, r.company_name, r.postal_address, r.category_code, r.subcategory_code, r.barcode])).join('\n') + '\n');
    rights += page.length;
    after = Number(page[page.length - 1]!.right_id);
  }
  sink.commit();
  const withdrawn = await store.roll.countWithdrawals(db);
  const fileSha256 = hash.digest('hex');
  await db.transaction((tx) => appendJournal(tx, actor, 'roll.envelopes_export', { rights, withdrawn, fileSha256 }));
  return ok({ rights, withdrawn, fileSha256 });
}
