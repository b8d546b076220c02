/**
 * The commission's signing certificates (table commission_certificate): the PKCS#12 stored encrypted
 * under its passphrase, one row per certificate made or imported, the latest being current. After
 * sealing the database refuses another one (migration 007); the seal pins the fingerprint.
 */
import type { Queryable } from '@scrutin/db';

/** The current certificate as listed (PEM, SHA-256 fingerprint of its DER, subject). */
export type CertificateRow = { source: 'GENERATED' | 'IMPORTED'; fingerprint: string; subject: string; certificate_pem: string; created_at: Date };

/** The fingerprint of the commission's current certificate, or null when none was made yet. */
export async function currentFingerprint(tx: Queryable): Promise<string | null> {
  const { rows } = await tx.query<{ fingerprint: string }>('SELECT fingerprint FROM commission_certificate ORDER BY id DESC LIMIT 1');
  return rows[0]?.fingerprint ?? null;
}

/** Stores a certificate made at the station or imported, by a user. */
export async function insertCertificate(
  tx: Queryable,
  c: { source: 'GENERATED' | 'IMPORTED'; p12: Uint8Array; certificatePem: string; fingerprint: string; subject: string; createdBy: number | null },
): Promise<void> {
  await tx.query('INSERT INTO commission_certificate (source, p12, certificate_pem, fingerprint, subject, created_by) VALUES ($1, $2, $3, $4, $5, $6)', [
    c.source,
    Buffer.from(c.p12),
    c.certificatePem,
    c.fingerprint,
    c.subject,
    c.createdBy,
  ]);
}

/** The current certificate, or undefined when none was made yet. */
export async function currentCertificate(db: Queryable): Promise<CertificateRow | undefined> {
  const { rows } = await db.query<CertificateRow>('SELECT source, fingerprint, subject, certificate_pem, created_at FROM commission_certificate ORDER BY id DESC LIMIT 1');
  return rows[0];
}

/**
 * The PKCS#12 of the latest certificate whose fingerprint the seal recorded (before sealing: the latest
 * certificate, `pinned` null), with that pinned fingerprint; undefined when there is none.
 */
export async function pinnedCertificate(db: Queryable): Promise<{ p12: Uint8Array; pinned: string | null } | undefined> {
  const { rows } = await db.query<{ p12: Uint8Array; pinned: string | null }>(
    `SELECT c.p12, s.commission_certificate_fingerprint AS pinned FROM commission_certificate c
       LEFT JOIN seal s ON true
      WHERE s.commission_certificate_fingerprint IS NULL OR c.fingerprint = s.commission_certificate_fingerprint
      ORDER BY c.id DESC LIMIT 1`,
  );
  return rows[0];
}
