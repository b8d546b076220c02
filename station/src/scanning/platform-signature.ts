import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Queryable } from '@scrutin/db';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../basics/canonical-json.js';
import { err, ok, type Result } from '../basics/result.js';
import { keyFingerprint } from './seal.js';
import * as store from '../store/index.js';

export const signatureFileSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[0-9a-f]{128}$/),
  keyFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
});

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

/**
 * The check of verifyPlatformSignature against a given key (hex, 32 bytes). Ed25519 as RFC 8032 strict
 * (canonical encodings, small-order keys refused; not noble's ZIP-215 default, under which a small-order
 * key with R = identity and S = 0 validates every file): docs/formats/urn.md §5.1.
 */
export function checkPlatformSignature(
  publicKey: string,
  fileBytes: Uint8Array,
  signatureText: string,
  what: string,
): Result<{ fileSha256: string }, { code: string; message: string }> {
  let signature: z.infer<typeof signatureFileSchema>;
  try {
    signature = signatureFileSchema.parse(JSON.parse(signatureText));
  } catch {
    return err({ code: 'BAD_SIGNATURE_FILE', message: 'Fichier de signature illisible (JSON attendu : sha256, signature, keyFingerprint).' });
  }
  const fileSha256 = sha256Hex(fileBytes);
  if (signature.sha256 !== fileSha256) return err({ code: 'BAD_DIGEST', message: 'Empreinte SHA-256 différente de celle du fichier : fichier modifié ou incomplet.' });
  if (signature.keyFingerprint !== keyFingerprint(publicKey)) {
    return err({ code: 'WRONG_KEY', message: 'Fichier signé par une autre clé que celle de la plateforme enregistrée au scellement.' });
  }
  if (!ed25519.verify(hexToBytes(signature.signature), fileBytes, hexToBytes(publicKey), { zip215: false })) {
    return err({ code: 'BAD_SIGNATURE', message: `Signature Ed25519 invalide : ${what} refusé.` });
  }
  return ok({ fileSha256 });
}

/** Writes a file as the platform writes one it signs, canonical JSON and its signature file (tests and demos). */
export function signAsPlatform(body: unknown, secretKeyHex: string): { file: string; signature: string } {
  const file = canonicalJson(body) + '\n';
  const bytes = new TextEncoder().encode(file);
  const secret = hexToBytes(secretKeyHex);
  const signature = {
    sha256: sha256Hex(bytes),
    signature: bytesToHex(ed25519.sign(bytes, secret)),
    keyFingerprint: keyFingerprint(bytesToHex(ed25519.getPublicKey(secret))),
  };
  return { file, signature: JSON.stringify(signature, null, 2) + '\n' };
}
