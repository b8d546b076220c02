/** The signed documents of the proclaimed results (table report_document: PV and export, every one kept). */
import type { Queryable } from '@scrutin/db';

/** Stores a signed document (its bytes, SHA-256 and the signing certificate's fingerprint) made by a user. */
export async function insertDocument(
  tx: Queryable,
  d: { kind: 'PV' | 'EXPORT'; bytes: Uint8Array; sha256: string; certificateFingerprint: string; generatedBy: number | null },
): Promise<void> {
  await tx.query('INSERT INTO report_document (kind, bytes, sha256, certificate_fingerprint, generated_by) VALUES ($1, $2, $3, $4, $5)', [
    d.kind,
    Buffer.from(d.bytes),
    d.sha256,
    d.certificateFingerprint,
    d.generatedBy,
  ]);
}

/** The latest document of a kind, or undefined when none was signed. */
export async function latestDocument(db: Queryable, kind: 'PV' | 'EXPORT'): Promise<{ bytes: Uint8Array; sha256: string; generated_at: Date } | undefined> {
  const { rows } = await db.query<{ bytes: Uint8Array; sha256: string; generated_at: Date }>('SELECT bytes, sha256, generated_at FROM report_document WHERE kind = $1 ORDER BY id DESC LIMIT 1', [kind]);
  return rows[0];
}
