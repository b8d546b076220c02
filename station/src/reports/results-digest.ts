/**
 * The signed results digest: SHA-256 of the canonical JSON of the ReportData, signed (RSASSA-PKCS1-v1_5
 * with SHA-256) by the commission key. It travels in the QR code of the PV, so a paper copy can be
 * checked against the JSON export, and the JSON export can be checked without the PDF.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import forge from 'node-forge';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { canonicalBytes } from '@scrutin/basics/canonical-json.js';

export const QR_PREFIX = 'SCRUTIN1';

export const toBase64Url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
export const fromBase64Url = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'base64url'));
const toBinary = (bytes: Uint8Array) => Buffer.from(bytes).toString('binary');

export function resultsDigest(results: unknown): Uint8Array {
  return sha256(canonicalBytes(results));
}

export function signDigest(digest: Uint8Array, privateKey: forge.pki.rsa.PrivateKey): Uint8Array {
  // forge signs a message digest object; this one carries a digest computed elsewhere, which is the point.
  const md = { algorithm: 'sha256', digest: () => forge.util.createBuffer(toBinary(digest)) } as unknown as forge.md.MessageDigest;
  return Uint8Array.from(Buffer.from(privateKey.sign(md), 'binary'));
}

export function verifyDigestSignature(digest: Uint8Array, signature: Uint8Array, publicKey: forge.pki.rsa.PublicKey): boolean {
  try {
    return publicKey.verify(toBinary(digest), toBinary(signature));
  } catch {
    return false;
  }
}

export type QrPayload = { electionCode: string; digest: Uint8Array; signature: Uint8Array };

export function formatQrPayload(p: QrPayload): string {
  return `${QR_PREFIX}:${p.electionCode}:${toBase64Url(p.digest)}:${toBase64Url(p.signature)}`;
}

export function parseQrPayload(text: string): Result<QrPayload, string> {
  const parts = text.trim().split(':');
  if (parts.length !== 4 || parts[0] !== QR_PREFIX)
    return err(`Le QR code ne porte pas une empreinte de résultats Scrutin (préfixe ${QR_PREFIX} attendu).`);
  const [, electionCode, digestText, signatureText] = parts as [string, string, string, string];
  const base64url = /^[A-Za-z0-9_-]+$/;
  if (!base64url.test(digestText) || !base64url.test(signatureText)) return err('Le QR code contient des caractères inattendus.');
  const digest = fromBase64Url(digestText);
  if (digest.length !== 32) return err('L’empreinte du QR code n’a pas la longueur d’un SHA-256.');
  return ok({ electionCode, digest, signature: fromBase64Url(signatureText) });
}

export const digestHex = (digest: Uint8Array) => Buffer.from(digest).toString('hex');
