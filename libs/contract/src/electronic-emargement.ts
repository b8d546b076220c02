import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { keyFingerprint } from './key-fingerprint.js';
import { signAsPlatform } from './platform-signature.js';

/** The format tag of the electronic emargement, first field of the file. */
export const EMARGEMENT_FORMAT = 'scrutin-emargement-electronique/1';

/** docs/formats/electronic-emargement.md */
export const emargementFileSchema = z.object({
  format: z.literal(EMARGEMENT_FORMAT),
  electionCode: z.string(),
  closedAt: z.iso.datetime({ offset: true }),
  count: z.number().int().nonnegative(),
  entries: z.array(z.object({ right: z.number().int().positive(), votedAt: z.iso.datetime({ offset: true }) })),
});
export type EmargementFile = z.infer<typeof emargementFileSchema>;

/**
 * A new platform key pair (Ed25519, hex; `fingerprint` as key-fingerprint.ts). The voting platform makes
 * its own at set-up; the station's demo commands and the tests make one here.
 */
export function generatePlatformKey(): { secretKey: string; publicKey: string; fingerprint: string } {
  const { secretKey, publicKey } = ed25519.keygen();
  return { secretKey: bytesToHex(secretKey), publicKey: bytesToHex(publicKey), fingerprint: keyFingerprint(bytesToHex(publicKey)) };
}

/**
 * The electronic emargement as the voting platform signs it at close (docs/formats/electronic-emargement.md):
 * the list of rights that voted with the time of each vote (ISO 8601), the election's code and the close's
 * time, in canonical JSON, with its detached signature file by the platform key (`secretKeyHex`, the Ed25519
 * secret key in hex). The platform's close (platform/src/close/close.ts) signs the real file with it; the
 * station checks it on import against the key recorded at sealing.
 */
export function signEmargement(
  input: { electionCode: string; closedAt: string; entries: { right: number; votedAt: string }[] },
  secretKeyHex: string,
): { file: string; signature: string } {
  const body: EmargementFile = { format: EMARGEMENT_FORMAT, electionCode: input.electionCode, closedAt: input.closedAt, count: input.entries.length, entries: input.entries };
  return signAsPlatform(body, secretKeyHex);
}
