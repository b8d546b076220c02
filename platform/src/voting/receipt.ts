import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from '@scrutin/station/basics/canonical-json.js';
import { err, ok, type Result } from '@scrutin/station/basics/result.js';
import { keyFingerprint } from '@scrutin/station/scanning/seal.js';

export const RECEIPT_FORMAT = 'scrutin-recu-vote/1';

/** docs/formats/platform.md: proves that these ballots were recorded at that time; names no voter. */
export const receiptSchema = z.object({
  format: z.literal(RECEIPT_FORMAT),
  electionCode: z.string(),
  ballots: z.array(z.object({ urnId: z.string(), fingerprint: z.string().regex(/^[0-9a-f]{64}$/) })).min(1),
  recordedAt: z.iso.datetime({ offset: true }),
  platformKeyFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[0-9a-f]{128}$/),
});
export type Receipt = z.infer<typeof receiptSchema>;

const payload = (r: Omit<Receipt, 'signature'>) =>
  utf8ToBytes(canonicalJson({ format: r.format, electionCode: r.electionCode, ballots: r.ballots, recordedAt: r.recordedAt, platformKeyFingerprint: r.platformKeyFingerprint }));

export function signReceipt(input: { electionCode: string; ballots: { urnId: string; fingerprint: string }[]; recordedAt: Date }, secretKeyHex: string): Receipt {
  const secret = hexToBytes(secretKeyHex);
  const body = {
    format: RECEIPT_FORMAT,
    electionCode: input.electionCode,
    ballots: [...input.ballots].sort((a, b) => a.urnId.localeCompare(b.urnId)),
    recordedAt: input.recordedAt.toISOString(),
    platformKeyFingerprint: keyFingerprint(bytesToHex(ed25519.getPublicKey(secret))),
  } as const;
  return { ...body, signature: bytesToHex(ed25519.sign(payload(body), secret)) };
}

export function verifyReceipt(input: unknown, publicKeyHex: string): Result<Receipt, string> {
  const parsed = receiptSchema.safeParse(input);
  if (!parsed.success) return err('Reçu illisible : format inattendu.');
  const r = parsed.data;
  if (r.platformKeyFingerprint !== keyFingerprint(publicKeyHex)) return err('Reçu signé par une autre clé que celle de la plateforme.');
  try {
    if (!ed25519.verify(hexToBytes(r.signature), payload(r), hexToBytes(publicKeyHex))) return err('Signature du reçu invalide : reçu modifié ou contrefait.');
  } catch {
    return err('Signature du reçu invalide : reçu modifié ou contrefait.');
  }
  return ok(r);
}
