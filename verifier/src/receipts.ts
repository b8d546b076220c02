// Individual verifiability (§9, docs/formats/platform.md « Receipt » and « Batch chain »): each voter's
// receipt is in the sealed urn, on the chain of batches that its signed head vouches for.
import { verifyEd25519 } from './group.js';
import { canonicalJson } from './hash.js';
import { chainHeads } from './chain.js';
import { ReceiptSchema } from './formats.js';
import { parseWith } from './schema.js';
import type { UrnReport } from './urn.js';

/** A receipts file: one JSON array, or one receipt per line; null when it is neither. */
export function parseReceiptsFile(text: string): unknown[] | null {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return value;
  } catch {
    // not one document: one receipt per line
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  try {
    return lines.length > 0 ? lines.map((l) => JSON.parse(l) as unknown) : null;
  } catch {
    return null;
  }
}

/** The problems of each receipt, named by its position in the file (1-based); none when all are in the urn. */
export function receiptProblems(report: UrnReport, receipts: unknown[]): string[] {
  const { header, seal } = report;
  const chain = seal?.chain;
  const heads = chain ? chainHeads(header.manifestFingerprint, chain.batches) : [];
  const key = Buffer.from(header.platformPublicKey, 'base64url');
  const problems: string[] = [];
  receipts.forEach((value, i) => {
    const refused = (why: string) => problems.push(`Reçu n° ${i + 1} refusé : ${why}.`);
    const parsed = parseWith(ReceiptSchema, value);
    if (!parsed.ok) return refused(`reçu illisible (${parsed.error})`);
    const receipt = parsed.value;
    if (receipt.platformKeyFingerprint !== report.platformKeyFingerprint) return refused('reçu signé par une autre clé que celle de la plateforme');
    const { signature, ...signed } = receipt;
    if (!verifyEd25519(Buffer.from(signature, 'hex'), new TextEncoder().encode(canonicalJson(signed)), key)) return refused('signature du reçu invalide : reçu modifié ou contrefait');
    if (receipt.electionCode !== header.manifest.electionCode) return refused(`reçu d’une autre élection (« ${receipt.electionCode} »)`);
    if (!chain) return problems.push(`Reçu n° ${i + 1} non vérifiable : le sceau de l’urne ne porte pas la chaîne des lots (urne scellée sans chaîne).`);
    const batch = chain.batches[receipt.batch - 1];
    if (!batch) return refused(`le lot n° ${receipt.batch} du reçu n’est pas dans la chaîne de l’urne scellée`);
    if (heads[receipt.batch - 1] !== receipt.batchHead) {
      return refused(`la chaîne de l’urne ne passe pas par la tête du lot n° ${receipt.batch} du reçu : un bulletin de ce lot ou d’un lot antérieur a été retiré, ajouté ou déplacé`);
    }
    const inBatch = new Set(batch);
    for (const b of receipt.ballots) if (!inBatch.has(b.fingerprint)) return refused(`bulletin ${b.fingerprint} (${b.urnId}) absent du lot n° ${receipt.batch} de l’urne scellée`);
    return undefined;
  });
  return problems;
}
