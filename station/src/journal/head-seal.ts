/**
 * Signed journal heads (issue 14, item 3). The hash chain alone lets whoever can write the tables delete
 * or rewrite the entries after the last anchor and rewind the chain heads: nothing remembers the old tail.
 * A signed head is the anchor chain's (chain id, seq, hash) signed with the station's Ed25519 journal
 * key; since each anchor lists every station chain's head, it covers every entry up to those heads.
 *
 * The private key lives in a file of the station's data folder (0600), never in the database, so that
 * a database administrator (PostgreSQL) cannot sign a rewound head. Whoever holds both the key file and
 * the database can still forge the tail since the last head printed on a PV or sealed in a bundle: those
 * copies, outside the station, are what `scrutin journal verify --pv` checks against (docs/threat-model.md).
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Queryable } from '@scrutin/db';
import { z } from 'zod';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { keyFingerprint } from '@scrutin/contract/key-fingerprint.js';
import { insertSignedHead, lastSignedHeadRow, signedHeadRows, type SignedHeadRow } from '../store/journal.js';
import type { SignedHead } from './signed-head.js';

export { signedHeadSchema, type SignedHead } from './signed-head.js';

/** The station's journal key: Ed25519, 32-byte secret; fingerprint = SHA-256 of the 32-byte public key, hex. */
export type JournalKey = { secretKey: Uint8Array; publicKeyHex: string; fingerprint: string };


const keyFileSchema = z.object({ format: z.literal('scrutin-cle-journal/1'), secretKey: z.string().regex(/^[0-9a-f]{64}$/) });

function keyFromSecret(secretKey: Uint8Array): JournalKey {
  const publicKeyHex = bytesToHex(ed25519.getPublicKey(secretKey));
  return { secretKey, publicKeyHex, fingerprint: keyFingerprint(publicKeyHex) };
}

/** A fresh key, kept in memory only (tests, or a station started without a data folder). */
export function generateJournalKey(): JournalKey {
  return keyFromSecret(ed25519.keygen().secretKey);
}

/**
 * The key stored at `path`, or a new one written there first (mode 0600, exclusive create, so that two
 * processes starting together cannot each keep a different key). Errors: throws on an unreadable or
 * malformed file rather than replace it, since a replaced key would disown every head signed before.
 */
export function loadOrCreateJournalKey(path: string): JournalKey {
  if (!existsSync(path)) {
    const key = generateJournalKey();
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ format: 'scrutin-cle-journal/1', secretKey: bytesToHex(key.secretKey) }) + '\n');
      closeSync(fd);
      return key;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const parsed = keyFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`Clé du journal illisible : ${path}`);
  return keyFromSecret(hexToBytes(parsed.data.secretKey));
}

let processKey: JournalKey | null = null;

/**
 * The key this process signs heads with. Process-wide rather than passed along, because anchors are
 * written deep inside the services' transactions (election transitions, emargement load) and one
 * process serves one station; set by `scrutin serve`, the CLI entry and startStation.
 */
export function setJournalKey(key: JournalKey | null): void {
  processKey = key;
}
export const currentJournalKey = (): JournalKey | null => processKey;

/** The exact bytes signed: canonical JSON of the head, with a format tag so no other signed text can pass for one. */
export function signedHeadMessage(h: Pick<SignedHead, 'chainId' | 'seq' | 'headHash' | 'signedAt'>): Uint8Array {
  return utf8ToBytes(canonicalJson({ format: 'scrutin-tete-journal/1', chainId: h.chainId, seq: h.seq, headHash: h.headHash, signedAt: h.signedAt }));
}

export function signHead(key: JournalKey, head: { chainId: string; seq: number; headHash: string }, now: Date): SignedHead {
  const body = { ...head, signedAt: now.toISOString() };
  return { ...body, publicKey: key.publicKeyHex, keyFingerprint: key.fingerprint, signature: bytesToHex(ed25519.sign(signedHeadMessage(body), key.secretKey)) };
}

/** Whether the signature is the named key's and the fingerprint that key's; a French reason when not. */
export function checkSignedHead(h: SignedHead): string | null {
  if (keyFingerprint(h.publicKey) !== h.keyFingerprint) return 'empreinte de clé différente de la clé jointe';
  try {
    if (ed25519.verify(hexToBytes(h.signature), signedHeadMessage(h), hexToBytes(h.publicKey))) return null;
  } catch {
    // a malformed point or signature is an invalid signature, not a crash
  }
  return 'signature invalide';
}

/** Signs the given anchor-chain head and records it, in the caller's transaction. */
export async function recordSignedHead(tx: Queryable, key: JournalKey, head: { chainId: string; seq: number; headHash: string }, now = new Date()): Promise<SignedHead> {
  const signed = signHead(key, head, now);
  await insertSignedHead(tx, signed);
  return signed;
}

const fromRow = (r: SignedHeadRow): SignedHead => ({
  chainId: r.chain_id,
  seq: Number(r.seq),
  headHash: r.head_hash,
  signedAt: new Date(r.signed_at).toISOString(),
  publicKey: r.public_key,
  keyFingerprint: r.key_fingerprint,
  signature: r.signature,
});

/** Every signed head, oldest first. */
export async function listSignedHeads(db: Queryable): Promise<SignedHead[]> {
  return (await signedHeadRows(db)).map(fromRow);
}

/** The last signed head (highest anchor sequence number), or null before the first. */
export async function lastSignedHead(db: Queryable): Promise<SignedHead | null> {
  const row = await lastSignedHeadRow(db);
  return row ? fromRow(row) : null;
}
