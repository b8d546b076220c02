// The voter's receipt (docs/formats/platform.md, « Reçu de vote »): signed by the platform key, it names
// the voter's ballot hashes, the anonymity batch that recorded them and that batch's chain head, so that
// `scrutin-verify-urn --receipts` detects a ballot dropped after its receipt was issued (issue 13, item 5).
// It names no voter and carries only the batch's time, never the voter's own (issue 14, item 1).
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { platformKeyFingerprint } from './urn.js';

export const RECEIPT_FORMAT = 'scrutin-recu-vote/2';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const ReceiptSchema = z.strictObject({
  format: z.literal(RECEIPT_FORMAT),
  electionCode: z.string(),
  ballots: z.array(z.strictObject({ urnId: z.string(), fingerprint: Hex64 })).min(1),
  batch: z.number().int().min(1),
  batchHead: Hex64,
  recordedAt: z.iso.datetime({ offset: true }),
  platformKeyFingerprint: Hex64,
  signature: z.string().regex(/^[0-9a-f]{128}$/),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

/** The signed bytes: canonical JSON of every field but the signature. */
function payload(r: Omit<Receipt, 'signature'>): Uint8Array {
  const { format, electionCode, ballots, batch, batchHead, recordedAt, platformKeyFingerprint: fingerprint } = r;
  return utf8ToBytes(canonicalJson({ format, electionCode, ballots, batch, batchHead, recordedAt, platformKeyFingerprint: fingerprint }));
}

/** Signs a receipt with the platform's Ed25519 secret key (32 bytes); ballots sorted by urn id. */
export function signReceipt(input: { electionCode: string; ballots: { urnId: string; fingerprint: string }[]; batch: number; batchHead: string; recordedAt: Date }, secretKey: Uint8Array): Receipt {
  const body = {
    format: RECEIPT_FORMAT,
    electionCode: input.electionCode,
    ballots: [...input.ballots].sort((a, b) => (a.urnId < b.urnId ? -1 : a.urnId > b.urnId ? 1 : 0)).map(({ urnId, fingerprint }) => ({ urnId, fingerprint })),
    batch: input.batch,
    batchHead: input.batchHead,
    recordedAt: input.recordedAt.toISOString(),
    platformKeyFingerprint: platformKeyFingerprint(ed25519.getPublicKey(secretKey)),
  } as const;
  return { ...body, signature: bytesToHex(ed25519.sign(payload(body), secretKey)) };
}

/** The receipt's form and its signature by this platform key (32 raw bytes); else the French reason. */
export function verifyReceipt(input: unknown, platformPublicKey: Uint8Array): Result<Receipt, string> {
  const parsed = ReceiptSchema.safeParse(input);
  if (!parsed.success) return err('reçu illisible : format inattendu');
  const r = parsed.data;
  if (r.platformKeyFingerprint !== platformKeyFingerprint(platformPublicKey)) return err('reçu signé par une autre clé que celle de la plateforme');
  try {
    if (ed25519.verify(hexToBytes(r.signature), payload(r), platformPublicKey)) return ok(r);
  } catch {
    // A malformed signature is a forged receipt like any other.
  }
  return err('signature du reçu invalide : reçu modifié ou contrefait');
}

/**
 * A verified receipt against the sealed urn: its batch exists, the chain passes through its head (so no
 * ballot of that batch or of an earlier one was removed or moved), and each of its ballots is in that
 * batch. `batches[n - 1]` and `heads[n - 1]` describe batch n. French reasons; [] when it holds.
 */
export function receiptInUrnProblems(r: Receipt, electionCode: string, batches: readonly (readonly string[])[], heads: readonly string[]): string[] {
  if (r.electionCode !== electionCode) return [`reçu d’un autre scrutin (${r.electionCode})`];
  const head = heads[r.batch - 1];
  if (head === undefined) return [`le lot n° ${r.batch} du reçu n’existe pas dans l’urne scellée`];
  if (head !== r.batchHead) return [`la chaîne de l’urne ne passe pas par la tête du lot n° ${r.batch} du reçu : un bulletin de ce lot ou d’un lot antérieur a été retiré, ajouté ou déplacé`];
  const inBatch = new Set(batches[r.batch - 1]);
  return r.ballots.filter((b) => !inBatch.has(b.fingerprint)).map((b) => `bulletin ${b.fingerprint} (${b.urnId}) absent du lot n° ${r.batch} de l’urne scellée`);
}
