/**
 * Signing the proclaimed results: the PV (PDF) and the JSON export, both over the same results digest.
 * Pure of the database, so that the station runs it in a worker thread (`signDocumentsOffThread`): laying
 * out, subsetting the font and signing a PV takes seconds, which the thread serving the scans must not spend.
 */
import { sha256Hex } from '@scrutin/basics/canonical-json.js';
import { offThread } from '../basics/off-thread.js';
import { loadPkcs12, type SigningCredentials } from './certificate.js';
import { buildReportPdf } from './pdf.js';
import type { ReportData } from './report-data.js';
import { buildResultsExport } from './results-export.js';

export type SignedDocument = { bytes: Uint8Array; sha256: string; resultsDigest: string; certificateFingerprint: string; pages?: number };
export type SignedDocuments = { pdf: SignedDocument; json: SignedDocument };

/** The PV and the export signed with the given credentials, at `signingTime`. */
export async function signDocuments(data: ReportData, credentials: SigningCredentials, signingTime = new Date()): Promise<SignedDocuments> {
  const pv = await buildReportPdf(data, credentials, { signingTime });
  const json = buildResultsExport(data, credentials);
  const resultsDigest = Buffer.from(pv.digest).toString('hex');
  return {
    pdf: { bytes: pv.pdf, sha256: sha256Hex(pv.pdf), resultsDigest, certificateFingerprint: credentials.fingerprint, pages: pv.pages },
    json: { bytes: json, sha256: sha256Hex(json), resultsDigest, certificateFingerprint: credentials.fingerprint },
  };
}

/**
 * The worker's side of `signDocumentsOffThread`: the commission's PKCS#12 and its passphrase cross the
 * thread boundary as bytes and text (a key object cannot), and are opened again there.
 * Errors: throws the French message of a PKCS#12 that does not open (the caller opened it first).
 */
export async function signDocumentsWithPkcs12(data: ReportData, p12: Uint8Array, passphrase: string, signingTime: Date): Promise<SignedDocuments> {
  const credentials = loadPkcs12(p12, passphrase);
  if (!credentials.ok) throw new Error(credentials.error.message);
  return signDocuments(data, credentials.value, signingTime);
}

/** `signDocuments` in a worker thread, from credentials already opened (and so checked) by the caller. */
export function signDocumentsOffThread(data: ReportData, credentials: SigningCredentials, signingTime = new Date()): Promise<SignedDocuments> {
  return offThread<SignedDocuments>(new URL('./sign.js', import.meta.url), 'signDocumentsWithPkcs12', [data, credentials.p12, credentials.passphrase, signingTime]);
}
