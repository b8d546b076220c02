/**
 * The station's seal (table seal, one row, written once before the vote opens) and the digests it
 * records. scanning/seal.ts writes it inside the lifecycle transition to SEALED.
 */
import type { Queryable } from '@scrutin/db';

/** The seal row as stored (sealed_at a timestamptz; commission_certificate_fingerprint null for stations sealed before it was recorded). */
export type SealRow = {
  election_digest: string;
  roll_digest: string;
  candidates_digest: string;
  software_version: string;
  platform_public_key: string;
  platform_key_fingerprint: string;
  commission_certificate_fingerprint: string | null;
  digest: string;
  sealed_at: Date;
};

/**
 * The roll's two digests: the imported file's SHA-256 (roll_import.file_sha256) and the SHA-256 (hex) of
 * every right as `id:barcode:category:subcategory`, one a line in id order.
 */
export async function rollDigests(tx: Queryable): Promise<{ file: string; rights: string }> {
  const { rows } = await tx.query<{ file: string; rights: string }>(
    `SELECT (SELECT file_sha256 FROM roll_import) AS file,
       encode(sha256(convert_to(coalesce(string_agg(id || ':' || barcode || ':' || category_code || ':' || coalesce(subcategory_code, ''), E'\\n' ORDER BY id), ''), 'UTF8')), 'hex') AS rights
     FROM voting_right`,
  );
  return rows[0]!;
}

/** The digest of the validated candidates (candidates_validation), undefined before validation. */
export async function candidatesDigest(tx: Queryable): Promise<string | undefined> {
  const candidates = await tx.query<{ digest: string }>('SELECT digest FROM candidates_validation');
  return candidates.rows[0]?.digest;
}

/** Writes the seal; the table holds one row and the commission's certificate can no longer change (migration 007). */
export async function insertSeal(tx: Queryable, seal: Omit<SealRow, 'sealed_at'> & { commission_certificate_fingerprint: string; sealed_by: number | null }): Promise<void> {
  await tx.query(
    `INSERT INTO seal (election_digest, roll_digest, candidates_digest, software_version, platform_public_key, platform_key_fingerprint, commission_certificate_fingerprint, digest, sealed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      seal.election_digest,
      seal.roll_digest,
      seal.candidates_digest,
      seal.software_version,
      seal.platform_public_key,
      seal.platform_key_fingerprint,
      seal.commission_certificate_fingerprint,
      seal.digest,
      seal.sealed_by,
    ],
  );
}

/** The seal, or undefined before sealing. */
export async function getSeal(db: Queryable): Promise<SealRow | undefined> {
  const { rows } = await db.query<SealRow>('SELECT * FROM seal');
  return rows[0];
}

/** The platform's Ed25519 public key (hex) recorded at sealing, or undefined before sealing. */
export async function platformPublicKey(db: Queryable): Promise<string | undefined> {
  const seal = await db.query<{ platform_public_key: string }>('SELECT platform_public_key FROM seal');
  return seal.rows[0]?.platform_public_key;
}
