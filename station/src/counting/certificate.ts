/**
 * The commission's signing certificate, kept in the database as the PKCS#12 encrypted under its
 * passphrase: generated at the station or imported from a provider. The passphrase is asked at each
 * signature (PV, export, bundle) and never stored.
 */
import type { Db, Queryable } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '../auth/roles.js';
import { err, ok, type Result } from '../basics/result.js';
import { getElection, requireState } from '../election/election.js';
import { appendJournal } from '../journal/journal.js';
import { generateCommissionCertificate, loadPkcs12, subjectName, type SigningCredentials } from '../reports/index.js';
import type { CountingError } from './types.js';

export const passphraseSchema = z.string().min(12, 'phrase de passe de 12 caractères au moins').max(1000);

export const createCertificateSchema = z.object({ passphrase: passphraseSchema, commonName: z.string().trim().min(3).max(200).optional() });
export const importCertificateSchema = z.object({ p12Base64: z.string().min(16).max(200_000), passphrase: z.string().min(1).max(1000) });

export type CertificateInfo = { source: 'GENERATED' | 'IMPORTED'; fingerprint: string; subject: string; certificatePem: string; createdAt: string };

// Only before sealing: the seal records the certificate's fingerprint and verifiers accept no other signer
// (docs/threat-model.md « signer pinning »); the database refuses a later one too (migration 006).
const ALLOWED_STATES = ['SETUP', 'LISTS_VALIDATED'] as const;

async function store(db: Db, actor: Actor, source: 'GENERATED' | 'IMPORTED', c: SigningCredentials): Promise<Result<CertificateInfo, CountingError>> {
  return db.transaction(async (tx) => {
    const refusal = requireState(await getElection(tx), ALLOWED_STATES, 'changer le certificat de la commission');
    if (refusal) return err(refusal);
    const subject = subjectName(c.certificate);
    await tx.query('INSERT INTO commission_certificate (source, p12, certificate_pem, fingerprint, subject, created_by) VALUES ($1, $2, $3, $4, $5, $6)', [
      source,
      Buffer.from(c.p12),
      c.certificatePem,
      c.fingerprint,
      subject,
      actor.userId,
    ]);
    await appendJournal(tx, actor, source === 'GENERATED' ? 'certificate.create' : 'certificate.import', { fingerprint: c.fingerprint, subject });
    return ok({ source, fingerprint: c.fingerprint, subject, certificatePem: c.certificatePem, createdAt: new Date().toISOString() });
  });
}

export async function createCertificate(db: Db, actor: Actor, input: z.infer<typeof createCertificateSchema>): Promise<Result<CertificateInfo, CountingError>> {
  const election = await getElection(db);
  if (!election) return err({ code: 'NO_ELECTION', message: "Aucune élection n'est configurée." });
  const credentials = generateCommissionCertificate(
    { commonName: input.commonName ?? `Commission d’organisation des élections — ${election.chamber}`, organization: election.chamber, electionCode: election.code },
    input.passphrase,
  );
  return store(db, actor, 'GENERATED', credentials);
}

export async function importCertificate(db: Db, actor: Actor, p12: Uint8Array, passphrase: string): Promise<Result<CertificateInfo, CountingError>> {
  const loaded = loadPkcs12(p12, passphrase);
  if (!loaded.ok) return err(loaded.error);
  return store(db, actor, 'IMPORTED', loaded.value);
}

export async function getCertificate(db: Queryable): Promise<CertificateInfo | null> {
  const { rows } = await db.query<{ source: 'GENERATED' | 'IMPORTED'; fingerprint: string; subject: string; certificate_pem: string; created_at: Date }>(
    'SELECT source, fingerprint, subject, certificate_pem, created_at FROM commission_certificate ORDER BY id DESC LIMIT 1',
  );
  const r = rows[0];
  return r ? { source: r.source, fingerprint: r.fingerprint, subject: r.subject, certificatePem: r.certificate_pem, createdAt: new Date(r.created_at).toISOString() } : null;
}

/**
 * Opens, with its passphrase, the certificate whose fingerprint the seal recorded (the latest one before
 * sealing). Errors: NO_CERTIFICATE, NOT_PINNED (a sealed station whose stored key is not the pinned one:
 * nothing is signed with it), BAD_PASSPHRASE and the other PKCS#12 errors.
 */
export async function loadCommissionCredentials(db: Queryable, passphrase: string): Promise<Result<SigningCredentials, CountingError>> {
  const { rows } = await db.query<{ p12: Uint8Array; pinned: string | null }>(
    `SELECT c.p12, s.commission_certificate_fingerprint AS pinned FROM commission_certificate c
       LEFT JOIN seal s ON true
      WHERE s.commission_certificate_fingerprint IS NULL OR c.fingerprint = s.commission_certificate_fingerprint
      ORDER BY c.id DESC LIMIT 1`,
  );
  if (!rows[0]) return err({ code: 'NO_CERTIFICATE', message: 'Aucun certificat de la commission : créez-le (scrutin certificate create) ou importez-le avant le scellement.' });
  const loaded = loadPkcs12(new Uint8Array(rows[0].p12), passphrase);
  if (!loaded.ok) return err(loaded.error);
  // The row is chosen by its stored fingerprint; the key inside must be that certificate's too.
  if (rows[0].pinned && loaded.value.fingerprint !== rows[0].pinned)
    return err({ code: 'NOT_PINNED', message: 'Le certificat stocké n’est pas celui enregistré au scellement : aucun document ne sera signé avec lui.' });
  return loaded;
}
