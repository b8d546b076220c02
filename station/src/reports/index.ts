/** Public API of the reports: the PV PDF, the signed JSON export, the sealed bundle and their verifiers. */
export { reportDataSchema, SET_ASIDE_REASON_LABELS, COMMISSION_ROLE_LABELS } from './report-data.js';
export type { ReportData, ContestResult, UrnResult, CandidateResult, SetAsideReason } from './report-data.js';
export { canonicalJson, canonicalBytes } from '@scrutin/basics/canonical-json.js';
export { generateCommissionCertificate, loadPkcs12, certificateFingerprint, subjectName } from './certificate.js';
export type { CommissionIdentity, SigningCredentials, CertificateError } from './certificate.js';
export { resultsDigest, signDigest, verifyDigestSignature, formatQrPayload, parseQrPayload, digestHex, QR_PREFIX } from './results-digest.js';
export type { QrPayload } from './results-digest.js';
export { buildReportPdf, RESULTS_ATTACHMENT_NAME, type ReportPdf, type ReportPdfOptions } from './pdf.js';
export { verifyReportPdf, checkResultsAgainstQr, type ReportVerification } from './verify.js';
export type { VerificationError, VerifyOptions, PinnedCertificate, PinSource, SignerCheck } from './verification.js';
export { compareSigner, signerLines, normaliseFingerprint, parseTrustList, PIN_SOURCE_LABELS, SIGNER_VERDICTS } from './verification.js';
export { resultsConsistencyProblems } from './results-consistency.js';
export { buildResultsExport, verifyResultsJson, consolidateExports, RESULTS_EXPORT_FORMAT } from './results-export.js';
export type { ResultsExportVerification, ConsolidatedView, ConsolidatedCategory, ExportFile, FileErrors } from './results-export.js';
export { createManifest, writeBundle, verifyBundle, MANIFEST_FILE, SIGNATURE_FILE, BUNDLE_FORMAT, PURGE_FILE, PURGEABLE_PREFIX } from './bundle.js';
export type { BundleFile, BundleManifest, BundleVerification } from './bundle.js';
