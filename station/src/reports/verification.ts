/**
 * Shared by the PDF, JSON and bundle verifiers, and by the routes and commands around them: whose key
 * signed, and whether it is the commission's key recorded at sealing (docs/threat-model.md « signer
 * pinning »). A signature only proves that some key signed; anyone can make a certificate carrying the
 * commission's names, so a verdict of validity always compares the signer with a pinned fingerprint.
 */
import forge from 'node-forge';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { certificateFingerprint } from './certificate.js';
import { normaliseFingerprint } from '@scrutin/contract/key-fingerprint.js';

export type VerificationError = { code: string; message: string };

export type VerifyOptions = {
  /**
   * SHA-256 fingerprints (of the DER certificate, lower-case hex) of the commission certificates this verifier
   * trusts; a signature by any other is refused (UNTRUSTED_SIGNER). None given: the signer is only reported,
   * and the caller must compare it with a pin itself (see compareSigner).
   */
  trustedFingerprints?: readonly string[];
};

/** Where a verifier took the fingerprint it trusts from: said in every output. */
export type PinSource = 'SEAL' | 'STATION_DATABASE' | 'OPTION' | 'GIVEN_LIST';

export const PIN_SOURCE_LABELS: Record<PinSource, string> = {
  SEAL: 'scellement de ce poste',
  STATION_DATABASE: 'scellement enregistré dans la base du poste',
  OPTION: 'option --fingerprint',
  GIVEN_LIST: 'liste des certificats donnée',
};

export type PinnedCertificate = { fingerprint: string; source: PinSource };

export const SIGNER_VERDICTS = {
  PINNED: 'SIGNÉ PAR LE CERTIFICAT DE LA COMMISSION ENREGISTRÉ AU SCELLEMENT',
  OTHER: 'SIGNATURE D’UN AUTRE CERTIFICAT QUE CELUI DE LA COMMISSION',
  NO_PIN: 'SIGNATAIRE NON VÉRIFIÉ : AUCUNE EMPREINTE DE RÉFÉRENCE',
} as const;

export type SignerCheck = {
  /** The fingerprint of the certificate that actually signed. */
  signerFingerprint: string;
  pinnedFingerprint: string | null;
  pinSource: PinSource | null;
  outcome: keyof typeof SIGNER_VERDICTS;
  verdict: (typeof SIGNER_VERDICTS)[keyof typeof SIGNER_VERDICTS];
};

/** A hex fingerprint as typed by a person (colons, spaces, capitals) in the form compared: the contract's one reading. */
export { normaliseFingerprint };

/** Pure: compares the signer's fingerprint with the pinned one; « valid » is only ever outcome PINNED. */
export function compareSigner(signerFingerprint: string, pin: PinnedCertificate | null): SignerCheck {
  const outcome = !pin ? 'NO_PIN' : pin.fingerprint === signerFingerprint ? 'PINNED' : 'OTHER';
  return { signerFingerprint, pinnedFingerprint: pin?.fingerprint ?? null, pinSource: pin?.source ?? null, outcome, verdict: SIGNER_VERDICTS[outcome] };
}

/** The French lines every verifier prints about the signer: which key, which pin, from where. */
export function signerLines(check: SignerCheck): string[] {
  return [
    `Certificat signataire (SHA-256 du certificat DER) : ${check.signerFingerprint}`,
    check.pinnedFingerprint
      ? `Certificat enregistré au scellement : ${check.pinnedFingerprint} (source : ${PIN_SOURCE_LABELS[check.pinSource!]})`
      : 'Certificat enregistré au scellement : inconnu (ni base du poste ni option --fingerprint)',
    check.verdict,
  ];
}

export function untrustedSignerError(fingerprint: string, trusted: readonly string[]): VerificationError {
  return {
    code: 'UNTRUSTED_SIGNER',
    message:
      `${SIGNER_VERDICTS.OTHER} : signé par le certificat ${fingerprint}, ` +
      (trusted.length === 1 ? `alors que le certificat attendu est ${trusted[0]}.` : `qui n’est aucun des ${trusted.length} certificats attendus.`),
  };
}

export function checkTrust(certificate: forge.pki.Certificate, options: VerifyOptions, errors: VerificationError[]): string {
  const fingerprint = certificateFingerprint(certificate);
  if (options.trustedFingerprints && !options.trustedFingerprints.includes(fingerprint)) errors.push(untrustedSignerError(fingerprint, options.trustedFingerprints));
  return fingerprint;
}

/**
 * A document states the fingerprint recorded at its station's sealing (ReportData.seal); a signer other than
 * that one is refused even when no pin is given, so a PV cannot be re-signed under its own figures.
 */
export function checkStatedSigner(stated: string | undefined, fingerprint: string, errors: VerificationError[]): void {
  if (stated && stated !== fingerprint)
    errors.push({
      code: 'SIGNER_NOT_SEALED',
      message: `${SIGNER_VERDICTS.OTHER} : signé par le certificat ${fingerprint}, alors que le document indique le certificat ${stated} enregistré au scellement.`,
    });
}

/**
 * Reads the prefecture's list of trusted commission certificates: PEM certificates and/or SHA-256 fingerprints
 * (64 hex digits, colons and spaces allowed), one per line, `#` starting a comment. Returns the fingerprints, or
 * the French reason the list is unusable (an unreadable line, a bad certificate, or nothing at all).
 */
export function parseTrustList(text: string): Result<string[], string> {
  const fingerprints = new Set<string>();
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
  for (const block of text.match(pem) ?? []) {
    try {
      fingerprints.add(certificateFingerprint(forge.pki.certificateFromPem(block)));
    } catch {
      return err('Un certificat PEM de la liste est illisible.');
    }
  }
  const lines = text.replace(pem, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const fingerprint = normaliseFingerprint(line);
    if (!fingerprint) return err(`Ligne ${i + 1} de la liste : empreinte SHA-256 (64 caractères hexadécimaux) ou certificat PEM attendu.`);
    fingerprints.add(fingerprint);
  }
  if (fingerprints.size === 0) return err('La liste des certificats de confiance est vide.');
  return ok([...fingerprints]);
}
