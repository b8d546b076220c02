/** Shared by the PDF, JSON and bundle verifiers. */
import type forge from 'node-forge';
import { certificateFingerprint } from './certificate.js';

export type VerificationError = { code: string; message: string };

export type VerifyOptions = {
  /** SHA-256 fingerprints of the commission certificates this verifier trusts; none given: report the signer only. */
  trustedFingerprints?: readonly string[];
};

export function checkTrust(certificate: forge.pki.Certificate, options: VerifyOptions, errors: VerificationError[]): string {
  const fingerprint = certificateFingerprint(certificate);
  if (options.trustedFingerprints && !options.trustedFingerprints.includes(fingerprint))
    errors.push({ code: 'UNTRUSTED_SIGNER', message: `Le certificat signataire (${fingerprint.slice(0, 16)}…) n’est pas celui de la commission.` });
  return fingerprint;
}
