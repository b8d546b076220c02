import { z } from 'zod';

/**
 * A signed journal head as stored, printed on a PV (resultats.json, `journal.signedHead`) and sealed in a
 * bundle (journal-tete-signee.json): the anchor chain's head signed with the station's Ed25519 journal
 * key (journal/head-seal.ts). Pure schema, so that reports and the dashboard may import it.
 */
export const signedHeadSchema = z.object({
  chainId: z.string().min(1),
  seq: z.number().int().positive(),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** ISO 8601, UTC. */
  signedAt: z.string().min(1),
  /** Ed25519 public key, 32 bytes in hex. */
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  /** SHA-256 of the 32-byte public key, hex. */
  keyFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  /** Ed25519 signature of signedHeadMessage(head), hex. */
  signature: z.string().regex(/^[0-9a-f]{128}$/),
});
export type SignedHead = z.infer<typeof signedHeadSchema>;
