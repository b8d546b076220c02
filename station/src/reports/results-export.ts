/**
 * Signed JSON export of the results for the prefecture (docs/formats/results-json.md), and the
 * prefecture's consolidation of several chambres' exports. The digest and signature are those of the
 * PV's QR code, so the paper PV, the PDF and this file can be checked against one another.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import forge from 'node-forge';
import { z } from 'zod';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { canonicalBytes, canonicalJson } from '@scrutin/basics/canonical-json.js';
import { subjectName, type SigningCredentials } from './certificate.js';
import { reportDataSchema, type ReportData } from './report-data.js';
import { resultsConsistencyProblems } from './results-consistency.js';
import { digestHex, fromBase64Url, signDigest, toBase64Url, verifyDigestSignature } from './results-digest.js';
import { checkStatedSigner, checkTrust, type VerificationError, type VerifyOptions } from './verification.js';
import { parseUntrustedJson, UntrustedJsonError } from '@scrutin/basics/json-limits.js';

export const RESULTS_EXPORT_FORMAT = 'scrutin-resultats/1';

const exportSchema = z.object({
  format: z.literal(RESULTS_EXPORT_FORMAT),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[A-Za-z0-9_-]+$/),
  signatureAlgorithm: z.literal('RSASSA-PKCS1-v1_5-SHA256'),
  certificate: z.string().startsWith('-----BEGIN CERTIFICATE-----'),
  envelopeSignature: z.string().regex(/^[A-Za-z0-9_-]+$/),
  results: z.unknown(),
});

/**
 * The digest signature covers the results only (it is the QR code's, shared with the PV); this second
 * signature covers every other field, so that no byte of the file, the certificate included, can change
 * unnoticed even when the verifier pins no certificate.
 */
const envelopeDigest = (e: { format: string; digest: string; signature: string; signatureAlgorithm: string; certificate: string }) =>
  sha256(canonicalBytes({ certificate: e.certificate, digest: e.digest, format: e.format, signature: e.signature, signatureAlgorithm: e.signatureAlgorithm }));

export function buildResultsExport(data: ReportData, credentials: SigningCredentials): Uint8Array {
  const results = reportDataSchema.parse(data);
  const digest = sha256(canonicalBytes(results));
  const envelope = {
    format: RESULTS_EXPORT_FORMAT,
    digest: digestHex(digest),
    signature: toBase64Url(signDigest(digest, credentials.privateKey)),
    signatureAlgorithm: 'RSASSA-PKCS1-v1_5-SHA256',
    certificate: credentials.certificatePem,
  };
  const envelopeSignature = toBase64Url(signDigest(envelopeDigest(envelope), credentials.privateKey));
  return canonicalBytes({ ...envelope, envelopeSignature, results });
}

export type ResultsExportVerification = { signer: string; certificateFingerprint: string; digest: string; results: ReportData };

export function verifyResultsJson(bytes: Uint8Array, options: VerifyOptions = {}): Result<ResultsExportVerification, VerificationError[]> {
  const errors: VerificationError[] = [];
  let text: string;
  let parsed: unknown;
  try {
    parsed = parseUntrustedJson(bytes);
    text = new TextDecoder('utf-8').decode(bytes);
  } catch (e) {
    return err([{ code: 'BAD_JSON', message: e instanceof UntrustedJsonError ? e.message : 'Le fichier n’est pas un JSON UTF-8 lisible.' }]);
  }
  // Only the canonical form is accepted: then any byte changed is a value changed, which the checks below catch.
  if (canonicalJson(parsed) !== text)
    errors.push({ code: 'NOT_CANONICAL', message: 'Le fichier n’est pas sous sa forme canonique : il a été réécrit ou modifié.' });
  const envelope = exportSchema.safeParse(parsed);
  if (!envelope.success) return err([...errors, { code: 'BAD_FORMAT', message: `Le fichier n’est pas un export de résultats ${RESULTS_EXPORT_FORMAT}.` }]);
  const results = reportDataSchema.safeParse(envelope.data.results);
  if (!results.success)
    return err([...errors, { code: 'BAD_RESULTS', message: `Les résultats ne respectent pas le format attendu (${results.error.issues[0]?.message ?? ''}).` }]);
  const digest = sha256(canonicalBytes(envelope.data.results));
  if (digestHex(digest) !== envelope.data.digest)
    errors.push({ code: 'RESULTS_DIGEST_MISMATCH', message: 'Les résultats ne correspondent pas à l’empreinte du fichier.' });
  let certificate: forge.pki.Certificate;
  try {
    certificate = forge.pki.certificateFromPem(envelope.data.certificate);
  } catch {
    return err([...errors, { code: 'BAD_CERTIFICATE', message: 'Le certificat du fichier est illisible.' }]);
  }
  if (!verifyDigestSignature(digest, fromBase64Url(envelope.data.signature), certificate.publicKey as forge.pki.rsa.PublicKey))
    errors.push({ code: 'BAD_SIGNATURE', message: 'La signature des résultats n’est pas valide pour le certificat fourni.' });
  if (!verifyDigestSignature(envelopeDigest(envelope.data), fromBase64Url(envelope.data.envelopeSignature), certificate.publicKey as forge.pki.rsa.PublicKey))
    errors.push({ code: 'BAD_ENVELOPE_SIGNATURE', message: 'La signature de l’enveloppe du fichier (certificat, empreinte, format) n’est pas valide.' });
  const fingerprint = checkTrust(certificate, options, errors);
  checkStatedSigner(results.data.seal.commissionCertificateFingerprint, fingerprint, errors);
  if (errors.length > 0) return err(errors);
  return ok({ signer: subjectName(certificate), certificateFingerprint: fingerprint, digest: digestHex(digest), results: results.data });
}

type Outcome = { ballots: number; valid: number; blank: number; null: number };

export type ConsolidatedCategory = {
  kind: 'CCIR' | 'CCIT';
  category: string;
  subcategory: string | null;
  chambers: number;
  seats: number;
  registeredRights: number;
  postal: Outcome;
  electronic: Outcome;
  combined: Outcome;
  elected: { chamber: string; name: string; votes: number; tieBrokenByAge: boolean }[];
};

export type ConsolidatedView = {
  chambers: { file: string; electionCode: string; chamber: string; signer: string; certificateFingerprint: string; digest: string; generatedAt: string }[];
  participation: { registeredRights: number; postalAccepted: number; electronicVoters: number };
  categories: ConsolidatedCategory[];
};

export type ExportFile = { name: string; bytes: Uint8Array };
export type FileErrors = { file: string; errors: VerificationError[] };

const addOutcome = (a: Outcome, b: Outcome): Outcome => ({
  ballots: a.ballots + b.ballots,
  valid: a.valid + b.valid,
  blank: a.blank + b.blank,
  null: a.null + b.null,
});
const zero = (): Outcome => ({ ballots: 0, valid: 0, blank: 0, null: 0 });

/**
 * Verifies every export and sums them by contest kind × category; one bad file refuses the whole consolidation.
 * Only exports signed by one of `trustedFingerprints` (SHA-256 of the DER certificates the prefecture was given
 * by each commission) are accepted; none given refuses everything (NO_TRUSTED_CERTIFICATES). Each export's
 * figures must then hold together (results-consistency.ts), whatever key signed them.
 */
export function consolidateExports(files: readonly ExportFile[], options: Required<VerifyOptions>): Result<ConsolidatedView, FileErrors[]> {
  if (options.trustedFingerprints.length === 0)
    return err([{ file: '', errors: [{ code: 'NO_TRUSTED_CERTIFICATES', message: 'Aucun certificat de commission de confiance donné : la consolidation n’accepte que les exports signés par les certificats remis à la préfecture.' }] }]);
  const failures: FileErrors[] = [];
  const verified: { file: string; v: ResultsExportVerification }[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const result = verifyResultsJson(file.bytes, options);
    if (!result.ok) {
      failures.push({ file: file.name, errors: result.error });
      continue;
    }
    const inconsistent = resultsConsistencyProblems(result.value.results);
    if (inconsistent.length > 0) {
      failures.push({ file: file.name, errors: inconsistent });
      continue;
    }
    const code = result.value.results.election.code;
    if (seen.has(code)) {
      failures.push({ file: file.name, errors: [{ code: 'DUPLICATE', message: `Le scrutin ${code} est déjà importé (fichier ${seen.get(code)}).` }] });
      continue;
    }
    seen.set(code, file.name);
    verified.push({ file: file.name, v: result.value });
  }
  if (failures.length > 0) return err(failures);

  const participation = { registeredRights: 0, postalAccepted: 0, electronicVoters: 0 };
  const categories = new Map<string, ConsolidatedCategory>();
  for (const { v } of verified) {
    const r = v.results;
    participation.registeredRights += r.participation.registeredRights;
    participation.postalAccepted += r.participation.postalAccepted;
    participation.electronicVoters += r.participation.electronicVoters;
    for (const contest of r.contests)
      for (const urn of contest.urns) {
        const key = JSON.stringify([contest.kind, urn.category, urn.subcategory]);
        const c = categories.get(key) ?? {
          kind: contest.kind, category: urn.category, subcategory: urn.subcategory, chambers: 0, seats: 0, registeredRights: 0,
          postal: zero(), electronic: zero(), combined: zero(), elected: [],
        };
        c.chambers += 1;
        c.seats += urn.seats;
        c.registeredRights += urn.registeredRights;
        c.postal = addOutcome(c.postal, urn.postal);
        c.electronic = addOutcome(c.electronic, urn.electronic);
        c.combined = addOutcome(c.combined, urn.combined);
        for (const cand of urn.candidates.filter((x) => x.elected))
          c.elected.push({ chamber: r.election.chamber, name: `${cand.lastName} ${cand.firstNames}`, votes: cand.combinedVotes, tieBrokenByAge: cand.tieBrokenByAge });
        categories.set(key, c);
      }
  }
  return ok({
    chambers: verified.map(({ file, v }) => ({
      file,
      electionCode: v.results.election.code,
      chamber: v.results.election.chamber,
      signer: v.signer,
      certificateFingerprint: v.certificateFingerprint,
      digest: v.digest,
      generatedAt: v.results.generatedAt,
    })),
    participation,
    categories: [...categories.values()].sort((a, b) =>
      (a.kind + a.category + (a.subcategory ?? '')).localeCompare(b.kind + b.category + (b.subcategory ?? ''), 'fr'),
    ),
  });
}
