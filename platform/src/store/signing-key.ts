// The platform's Ed25519 signing key (platform.signing_key, one row, id = 1): it signs receipts, the
// electronic emargement and the closing seal; its public key is given to the station when it is sealed.
import type { Queryable } from '@scrutin/db';

/** Both halves of the key, hex; null before the first `load` or `platform-key`. */
export async function findSigningKey(db: Queryable): Promise<{ secret_key: string; public_key: string } | null> {
  const r = await db.query<{ secret_key: string; public_key: string }>('SELECT secret_key, public_key FROM platform.signing_key');
  return r.rows[0] ?? null;
}

/** The public key (hex), or undefined when none was made yet. */
export async function findSigningPublicKey(db: Queryable): Promise<string | undefined> {
  return (await db.query<{ public_key: string }>('SELECT public_key FROM platform.signing_key')).rows[0]?.public_key;
}

/**
 * Stores a key made by the caller unless one exists (ON CONFLICT DO NOTHING on the one-row primary key):
 * two processes making one at once keep the first, and both read it back afterwards.
 */
export async function insertSigningKey(db: Queryable, secretKeyHex: string, publicKeyHex: string): Promise<void> {
  await db.query('INSERT INTO platform.signing_key (secret_key, public_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [secretKeyHex, publicKeyHex]);
}
