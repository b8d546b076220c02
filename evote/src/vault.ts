// A key share at rest: scrypt (memory-hard, 128 MiB by default) then XChaCha20-Poly1305; the label is
// authenticated data, so a share file cannot be passed off as another holder's or another ceremony's.
import { scrypt } from '@noble/hashes/scrypt.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { z } from 'zod';
import { fromBase64Url, toBase64Url } from './encoding.js';
import { type Result, ok, err } from '@scrutin/basics/result.js';

export const VaultSchema = z.strictObject({
  format: z.literal('scrutin-vault/1'),
  label: z.string(),
  kdf: z.strictObject({ name: z.literal('scrypt'), logN: z.number().int().min(10).max(22), r: z.number().int().min(1).max(32), p: z.number().int().min(1).max(16), salt: z.string() }),
  aead: z.literal('xchacha20poly1305'),
  nonce: z.string(),
  ciphertext: z.string(),
});
export type Vault = z.infer<typeof VaultSchema>;

export type KdfStrength = { logN: number; r: number; p: number };
/** OWASP's scrypt minimum (N = 2^17, r = 8, p = 1): ~0.6 s on this machine. */
export const DEFAULT_KDF: KdfStrength = { logN: 17, r: 8, p: 1 };

export const MIN_PASSPHRASE_LENGTH = 12;

function deriveKey(passphrase: string, salt: Uint8Array, kdf: KdfStrength): Uint8Array {
  return scrypt(utf8ToBytes(passphrase.normalize('NFC')), salt, { N: 2 ** kdf.logN, r: kdf.r, p: kdf.p, dkLen: 32, maxmem: 2 ** 31 });
}

export function sealVault(plaintext: Uint8Array, passphrase: string, label: string, kdf: KdfStrength = DEFAULT_KDF): Vault {
  const salt = randomBytes(16);
  const nonce = randomBytes(24);
  const key = deriveKey(passphrase, salt, kdf);
  const ciphertext = xchacha20poly1305(key, nonce, utf8ToBytes(label)).encrypt(plaintext);
  key.fill(0);
  return {
    format: 'scrutin-vault/1',
    label,
    kdf: { name: 'scrypt', ...kdf, salt: toBase64Url(salt) },
    aead: 'xchacha20poly1305',
    nonce: toBase64Url(nonce),
    ciphertext: toBase64Url(ciphertext),
  };
}

export function openVault(vault: Vault, passphrase: string, expectedLabel: string): Result<Uint8Array, string> {
  if (vault.label !== expectedLabel) return err(`Ce fichier n’est pas celui attendu (${vault.label} au lieu de ${expectedLabel}).`);
  const key = deriveKey(passphrase, fromBase64Url(vault.kdf.salt), vault.kdf);
  try {
    return ok(xchacha20poly1305(key, fromBase64Url(vault.nonce), utf8ToBytes(vault.label)).decrypt(fromBase64Url(vault.ciphertext)));
  } catch {
    return err('Phrase secrète incorrecte ou fichier altéré.');
  } finally {
    key.fill(0);
  }
}
