// A key share at rest: scrypt (memory-hard, 128 MiB by default) then XChaCha20-Poly1305; the label is
// authenticated data, so a share file cannot be passed off as another holder's or another ceremony's.
import { scrypt } from '@noble/hashes/scrypt.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { z } from 'zod';
import { fromBase64Url, toBase64Url } from './encoding.js';
import { encodeScalar } from './group.js';
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

/** The label of holder `holder`'s share vault, its associated data (docs/formats/urn.md §2.8): `share/<ceremonyId>/<holder>`. */
export const shareLabel = (ceremonyId: string, holder: number): string => `share/${ceremonyId}/${holder}`;

/** A share vault's label, read back: the ceremony id (*id32*, §1.6) and the holder (1 to 3). */
const SHARE_LABEL = /^share\/([0-9a-f]{32})\/([123])$/;

/** What a share vault holds (§2.8): its ceremony, its holder and the share s_h as a scalar in base64url (§1.1). */
const SharePlainSchema = z.strictObject({ ceremonyId: z.string(), holder: z.number().int().min(1).max(3), share: z.string() });

/**
 * Holder `holder`'s share `share` (the s_h of `finalizeHolder`) sealed under the holder's passphrase, with the
 * label and content of docs/formats/urn.md §2.8; the plaintext is wiped once sealed.
 */
export function sealShare(ceremonyId: string, holder: number, share: bigint, passphrase: string, kdf: KdfStrength = DEFAULT_KDF): Vault {
  const plain = utf8ToBytes(JSON.stringify({ ceremonyId, holder, share: encodeScalar(share) }));
  try {
    return sealVault(plain, passphrase, shareLabel(ceremonyId, holder), kdf);
  } finally {
    plain.fill(0);
  }
}

/**
 * Why a share vault was not opened, in the order `openShare` checks: `NOT_A_SHARE` (its label is no share
 * label, §2.8), `OTHER_CEREMONY` (a share of another ceremony than `ceremonyId`), `WRONG_PASSPHRASE` (scrypt
 * then the AEAD failed: wrong passphrase, or an altered file), `INCONSISTENT` (it opens, but its content is not
 * a share of the holder and ceremony its label names).
 */
export type ShareVaultRefusal = 'NOT_A_SHARE' | 'OTHER_CEREMONY' | 'WRONG_PASSPHRASE' | 'INCONSISTENT';

/**
 * Opens a share vault of ceremony `ceremonyId` (docs/formats/urn.md §2.8) in memory: its holder (1 to 3) and
 * its share, the scalar still in base64url (§1.1): checking it against the holder's verification key is
 * `partialDecryptWithShare`'s (§7). The decrypted bytes are wiped before returning.
 */
export function openShare(vault: Vault, passphrase: string, ceremonyId: string): Result<{ holder: number; share: string }, ShareVaultRefusal> {
  const label = SHARE_LABEL.exec(vault.label);
  if (!label) return err('NOT_A_SHARE');
  if (label[1] !== ceremonyId) return err('OTHER_CEREMONY');
  const opened = openVault(vault, passphrase, vault.label);
  if (!opened.ok) return err('WRONG_PASSPHRASE');
  let plain: z.infer<typeof SharePlainSchema> | null;
  try {
    const parsed = SharePlainSchema.safeParse(JSON.parse(new TextDecoder().decode(opened.value)));
    plain = parsed.success ? parsed.data : null;
  } catch {
    plain = null;
  } finally {
    opened.value.fill(0);
  }
  if (!plain || plain.holder !== Number(label[2]) || plain.ceremonyId !== ceremonyId) return err('INCONSISTENT');
  return ok({ holder: plain.holder, share: plain.share });
}
