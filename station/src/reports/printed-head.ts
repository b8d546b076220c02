import { err, ok, type Result } from '@scrutin/basics/result.js';
import { verifyReportPdf } from './index.js';
import { signedHeadSchema, type SignedHead } from '../journal/signed-head.js';

/**
 * The signed journal head printed on a PV (in its resultats.json; the PV's own signature is checked
 * first, since a PV that does not verify proves nothing) or kept in a bundle's journal-tete-signee.json.
 * Errors: French messages naming what is wrong with the file.
 */
export async function readPrintedHead(bytes: Uint8Array, name: string): Promise<Result<SignedHead, string[]>> {
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') {
    const pv = await verifyReportPdf(bytes);
    if (!pv.ok) return err([`Procès-verbal invalide : ${name}`, ...pv.error.map((e) => e.message)]);
    const head = pv.value.results.journal.signedHead;
    return head ? ok(head) : err([`Le procès-verbal ${name} ne porte pas de tête signée du journal.`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return err([`Fichier illisible : ${name} n’est ni un PDF ni un fichier JSON.`]);
  }
  const parsed = signedHeadSchema.safeParse(json);
  return parsed.success ? ok(parsed.data) : err([`${name} ne contient pas de tête signée du journal (journal-tete-signee.json attendu).`]);
}
