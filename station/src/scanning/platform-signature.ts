import type { Queryable } from '@scrutin/db';
import { err, type Result } from '@scrutin/basics/result.js';
import { checkPlatformSignature } from '@scrutin/contract/platform-signature.js';
import * as store from '../store/index.js';

/**
 * Checks a file signed by the voting platform (electronic emargement, tally) against the
 * key recorded when the station was sealed, and nothing else: a detached signature file
 * with the file's SHA-256, the key fingerprint and the Ed25519 signature of the bytes.
 */
export async function verifyPlatformSignature(
  db: Queryable,
  fileBytes: Uint8Array,
  signatureText: string,
  what: string,
): Promise<Result<{ fileSha256: string }, { code: string; message: string }>> {
  const publicKey = await store.seals.platformPublicKey(db);
  if (!publicKey) return err({ code: 'NOT_SEALED', message: "Le poste n'a pas été scellé : aucune clé de plateforme enregistrée." });
  return checkPlatformSignature(publicKey, fileBytes, signatureText, what);
}
