/**
 * The commission's signing certificate, kept in the database as the PKCS#12 encrypted under its
 * passphrase: generated at the station or imported from a provider. The passphrase is asked at each
 * signature (PV, export, bundle) and never stored.
 */
import type { Db, Queryable } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '@scrutin/domain/roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { getElection, requireState } from '../election/election.js';
import { appendJournal } from '../journal/journal.js';
import { generateCommissionCertificate, loadPkcs12, subjectName, type SigningCredentials } from '../reports/index.js';
import type { CountingError } from '@scrutin/contract/counting-types.js';
import * as store from '../store/index.js';

export const passphraseSchema = z.string().min(12, 'phrase de passe de 12 caractères au moins').max(1000);

export const createCertificateSchema = z.object({ passphrase: passphraseSchema, commonName: z.string().trim().min(3).max(200).optional() });
export const importCertificateSchema = z.object({ p12Base64: z.string().min(16).max(200_000), passphrase: z.string().min(1).max(1000) });

export type CertificateInfo = { source: 'GENERATED' | 'IMPORTED'; fingerprint: string; subject: string; certificatePem: string; createdAt: string };

// Only before sealing: the seal records the certificate's fingerprint and verifiers accept no other signer
// (docs/threat-model.md « signer pinning »); the database refuses a later one too (migration 006).
const ALLOWED_STATES = ['SETUP', 'LISTS_VALIDATED'] as const;

async function recordCertificate(db: Db, actor: Actor, source: 'GENERATED' | 'IMPORTED', c: SigningCredentials): Promise<Result<CertificateInfo, CountingError>> {
  return db.transaction(async (tx) => {
    const refusal = requireState(await getElection(tx), ALLOWED_STATES, 'changer le certificat de la commission');
    if (refusal) return err(refusal);
    const subject = subjectName(c.certificate);
    await store.certificates.insertCertificate(tx, { source, p12: c.p12, certificatePem: c.certificatePem, fingerprint: c.fingerprint, subject, createdBy: actor.userId });
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
  return recordCertificate(db, actor, 'GENERATED', credentials);
}

export async function importCertificate(db: Db, actor: Actor, p12: Uint8Array, passphrase: string): Promise<Result<CertificateInfo, CountingError>> {
  const loaded = loadPkcs12(p12, passphrase);
  if (!loaded.ok) return err(loaded.error);
  return recordCertificate(db, actor, 'IMPORTED', loaded.value);
}

export async function getCertificate(db: Queryable): Promise<CertificateInfo | null> {
  const r = await store.certificates.currentCertificate(db);
  return r ? { source: r.source, fingerprint: r.fingerprint, subject: r.subject, certificatePem: r.certificate_pem, createdAt: new Date(r.created_at).toISOString() } : null;
}

/**
 * Opens, with its passphrase, the certificate whose fingerprint the seal recorded (the latest one before
 * sealing). Errors: NO_CERTIFICATE, NOT_PINNED (a sealed station whose stored key is not the pinned one:
 * nothing is signed with it), BAD_PASSPHRASE and the other PKCS#12 errors.
 */
export async function loadCommissionCredentials(db: Queryable, passphrase: string): Promise<Result<SigningCredentials, CountingError>> {
  const row = await store.certificates.pinnedCertificate(db);
  if (!row) return err({ code: 'NO_CERTIFICATE', message: 'Aucun certificat de la commission : créez-le (scrutin certificate create) ou importez-le avant le scellement.' });
  const loaded = loadPkcs12(new Uint8Array(row.p12), passphrase);
  if (!loaded.ok) return err(loaded.error);
  // The row is chosen by its stored fingerprint; the key inside must be that certificate's too.
  if (row.pinned && loaded.value.fingerprint !== row.pinned)
    return err({ code: 'NOT_PINNED', message: 'Le certificat stocké n’est pas celui enregistré au scellement : aucun document ne sera signé avec lui.' });
  return loaded;
}
