/**
 * Verification of a signed PV, trusting nothing but the file: the CMS signature over the byte ranges,
 * that those ranges cover the whole file (no incremental update appended after signing), and the
 * embedded results against the signed digest of the QR code.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import forge from 'node-forge';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString, decodePDFRawStream } from 'pdf-lib';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { subjectName } from './certificate.js';
import { QR_INFO_KEY, RESULTS_ATTACHMENT_NAME } from './pdf.js';
import { reportDataSchema, type ReportData } from './report-data.js';
import { digestHex, parseQrPayload, verifyDigestSignature } from './results-digest.js';

import { checkStatedSigner, checkTrust, type VerificationError, type VerifyOptions } from './verification.js';
import { parseUntrustedJson } from '@scrutin/basics/json-limits.js';

export type { VerificationError, VerifyOptions } from './verification.js';

export type ReportVerification = {
  signer: string;
  certificateFingerprint: string;
  signingTime: string | null;
  digest: string;
  electionCode: string;
  qrPayload: string;
  results: ReportData;
};

type CmsCheck = { certificate: forge.pki.Certificate; signingTime: string | null };

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

function checkByteRanges(bytes: Uint8Array, errors: VerificationError[]): { signed: Uint8Array; contents: Uint8Array } | null {
  const text = latin1(bytes);
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  if (matches.length === 0) {
    errors.push({ code: 'NO_SIGNATURE', message: 'Le document ne porte aucune signature électronique.' });
    return null;
  }
  if (matches.length > 1) {
    errors.push({ code: 'SEVERAL_SIGNATURES', message: 'Le document porte plusieurs signatures : un procès-verbal Scrutin n’en porte qu’une.' });
    return null;
  }
  const [a, b, c, d] = matches[0]!.slice(1, 5).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b + 1 || bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) {
    errors.push({ code: 'BAD_BYTE_RANGE', message: 'Les plages signées du document sont incohérentes.' });
    return null;
  }
  if (c + d !== bytes.length) {
    errors.push({
      code: 'NOT_WHOLE_FILE',
      message: `La signature ne couvre pas tout le fichier (${bytes.length - (c + d)} octet(s) ajouté(s) ou retiré(s) après la signature).`,
    });
    return null;
  }
  const signed = new Uint8Array(b + d);
  signed.set(bytes.subarray(0, b), 0);
  signed.set(bytes.subarray(c, c + d), b);
  const hex = text.slice(b + 1, c - 1);
  if (!/^[0-9a-fA-F]*$/.test(hex)) {
    errors.push({ code: 'BAD_SIGNATURE_CONTENTS', message: 'Le contenu de la signature n’est pas hexadécimal.' });
    return null;
  }
  const contents = Uint8Array.from(Buffer.from(hex, 'hex'));
  const derLength = outerDerLength(contents);
  // The placeholder's zero padding is not signed by the CMS: it must stay zeros, or bytes could change unnoticed.
  if (derLength === null || derLength > contents.length || contents.subarray(derLength).some((b) => b !== 0) || hex.length % 2 !== 0) {
    errors.push({ code: 'BAD_SIGNATURE_CONTENTS', message: 'Le contenu de la signature a été altéré (structure ou remplissage).' });
    return null;
  }
  return { signed, contents: contents.subarray(0, derLength) };
}

/** Length of the outer DER SEQUENCE, header included. */
function outerDerLength(der: Uint8Array): number | null {
  if (der[0] !== 0x30 || der.length < 2) return null;
  const first = der[1]!;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || der.length < 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[2 + i]!;
  return 2 + count + length;
}

function checkCms(signed: Uint8Array, contents: Uint8Array, errors: VerificationError[]): CmsCheck | null {
  let message: forge.pkcs7.PkcsSignedData;
  try {
    // The placeholder is padded with zeros after the DER: do not insist on parsing every byte.
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(contents).toString('binary')), { parseAllBytes: false, strict: false } as never);
    message = forge.pkcs7.messageFromAsn1(asn1) as forge.pkcs7.PkcsSignedData;
  } catch {
    errors.push({ code: 'BAD_CMS', message: 'La signature électronique est illisible (structure CMS invalide).' });
    return null;
  }
  const raw = (message as unknown as { rawCapture: { authenticatedAttributes?: forge.asn1.Asn1[]; signature?: string; serial?: string } }).rawCapture;
  const certificate = message.certificates[0];
  if (!certificate || !raw.authenticatedAttributes || !raw.signature || message.certificates.length !== 1) {
    errors.push({ code: 'BAD_CMS', message: 'La signature électronique doit contenir exactement un certificat et des attributs signés.' });
    return null;
  }
  if (!raw.serial || forge.util.bytesToHex(raw.serial).replace(/^0+/, '') !== certificate.serialNumber.replace(/^0+/, '')) {
    errors.push({ code: 'SIGNER_MISMATCH', message: 'Le signataire désigné dans la signature n’est pas le certificat joint.' });
    return null;
  }
  // A self-signed commission certificate must still carry its own valid signature; a CA-issued one is
  // checked by pinning its fingerprint (trustedFingerprints).
  let selfSigned = false;
  try {
    selfSigned = certificate.isIssuer(certificate);
    if (selfSigned && !certificate.verify(certificate)) throw new Error('autosignature invalide');
  } catch {
    errors.push({ code: 'BAD_CERTIFICATE', message: 'Le certificat joint à la signature a été altéré.' });
    return null;
  }
  let messageDigest: string | null = null;
  let signingTime: string | null = null;
  for (const attr of raw.authenticatedAttributes) {
    const parts = attr.value as forge.asn1.Asn1[];
    const oid = forge.asn1.derToOid(parts[0]!.value as string);
    const value = (parts[1]!.value as forge.asn1.Asn1[])[0]!;
    if (oid === forge.pki.oids.messageDigest) messageDigest = value.value as string;
    if (oid === forge.pki.oids.signingTime) {
      try {
        signingTime = forge.asn1.utcTimeToDate(value.value as string).toISOString();
      } catch {
        signingTime = null;
      }
    }
  }
  const actual = Buffer.from(sha256(signed)).toString('binary');
  if (messageDigest !== actual) {
    errors.push({ code: 'DIGEST_MISMATCH', message: 'Le document a été modifié après sa signature (empreinte des plages signées différente).' });
    return null;
  }
  // The signature is over the DER of the signed attributes re-tagged as a SET (RFC 5652 §5.4).
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, raw.authenticatedAttributes);
  const attributesDigest = forge.md.sha256.create().update(forge.asn1.toDer(set).getBytes()).digest().getBytes();
  let valid = false;
  try {
    valid = (certificate.publicKey as forge.pki.rsa.PublicKey).verify(attributesDigest, raw.signature);
  } catch {
    valid = false;
  }
  if (!valid) {
    errors.push({ code: 'BAD_SIGNATURE', message: 'La signature électronique ne correspond pas au certificat qu’elle contient.' });
    return null;
  }
  return { certificate, signingTime };
}

function pdfText(value: unknown): string | null {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return null;
}

async function readEmbedded(bytes: Uint8Array, errors: VerificationError[]): Promise<{ json: Uint8Array; qrPayload: string } | null> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: false });
  } catch {
    errors.push({ code: 'BAD_PDF', message: 'Le fichier n’est pas un PDF lisible.' });
    return null;
  }
  let qrPayload: string | null = null;
  let json: Uint8Array | null = null;
  // pdf-lib parses leniently: a damaged file may load with pieces missing, so any throw here means « unreadable ».
  try {
    const info = doc.context.lookup(doc.context.trailerInfo.Info);
    qrPayload = info instanceof PDFDict ? pdfText(info.get(PDFName.of(QR_INFO_KEY))) : null;
    const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
    const list = names?.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; list && i + 1 < list.size(); i += 2) {
      if (pdfText(list.lookup(i)) !== RESULTS_ATTACHMENT_NAME) continue;
      const stream = list.lookup(i + 1, PDFDict).lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
      if (stream instanceof PDFRawStream) json = decodePDFRawStream(stream).decode();
    }
  } catch {
    errors.push({ code: 'BAD_PDF', message: 'La structure du PDF est endommagée.' });
    return null;
  }
  if (!json) errors.push({ code: 'NO_RESULTS', message: `Le document ne contient pas le fichier joint ${RESULTS_ATTACHMENT_NAME}.` });
  if (!qrPayload) errors.push({ code: 'NO_QR_PAYLOAD', message: 'Le document ne contient pas l’empreinte signée des résultats.' });
  return json && qrPayload ? { json, qrPayload } : null;
}

/** Checks the results JSON against the QR payload, under the given signer's key. */
export function checkResultsAgainstQr(
  json: Uint8Array,
  qrPayload: string,
  certificate: forge.pki.Certificate,
  errors: VerificationError[],
): { results: ReportData; digest: Uint8Array; electionCode: string } | null {
  const qr = parseQrPayload(qrPayload);
  if (!qr.ok) {
    errors.push({ code: 'BAD_QR_PAYLOAD', message: qr.error });
    return null;
  }
  const digest = sha256(json);
  if (Buffer.compare(Buffer.from(digest), Buffer.from(qr.value.digest)) !== 0)
    errors.push({ code: 'RESULTS_DIGEST_MISMATCH', message: 'Les résultats joints ne correspondent pas à l’empreinte du QR code.' });
  if (!verifyDigestSignature(qr.value.digest, qr.value.signature, certificate.publicKey as forge.pki.rsa.PublicKey))
    errors.push({ code: 'BAD_QR_SIGNATURE', message: 'La signature de l’empreinte du QR code n’est pas celle de la commission.' });
  let parsed: unknown;
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    parsed = parseUntrustedJson(json);
  } catch {
    errors.push({ code: 'BAD_RESULTS_JSON', message: 'Les résultats joints ne sont pas un JSON lisible.' });
    return null;
  }
  if (canonicalJson(parsed) !== text.decode(json))
    errors.push({ code: 'NOT_CANONICAL', message: 'Les résultats joints ne sont pas sous forme canonique.' });
  const results = reportDataSchema.safeParse(parsed);
  if (!results.success) {
    errors.push({ code: 'BAD_RESULTS', message: `Les résultats joints ne respectent pas le format attendu (${results.error.issues[0]?.message ?? ''}).` });
    return null;
  }
  if (results.data.election.code !== qr.value.electionCode)
    errors.push({ code: 'ELECTION_MISMATCH', message: 'Le code du scrutin du QR code diffère de celui des résultats.' });
  return { results: results.data, digest, electionCode: qr.value.electionCode };
}

export async function verifyReportPdf(bytes: Uint8Array, options: VerifyOptions = {}): Promise<Result<ReportVerification, VerificationError[]>> {
  const errors: VerificationError[] = [];
  const ranges = checkByteRanges(bytes, errors);
  const cms = ranges ? checkCms(ranges.signed, ranges.contents, errors) : null;
  // The embedded results are checked even when the PDF signature fails, so the report lists both failures.
  const embedded = await readEmbedded(bytes, errors);
  const certificate = cms?.certificate ?? null;
  const checked = embedded && certificate ? checkResultsAgainstQr(embedded.json, embedded.qrPayload, certificate, errors) : null;
  if (embedded && !certificate) {
    const qr = parseQrPayload(embedded.qrPayload);
    if (qr.ok && Buffer.compare(Buffer.from(sha256(embedded.json)), Buffer.from(qr.value.digest)) !== 0)
      errors.push({ code: 'RESULTS_DIGEST_MISMATCH', message: 'Les résultats joints ne correspondent pas à l’empreinte du QR code.' });
  }
  const fingerprint = certificate ? checkTrust(certificate, options, errors) : '';
  if (checked) checkStatedSigner(checked.results.seal.commissionCertificateFingerprint, fingerprint, errors);
  if (errors.length > 0 || !cms || !checked || !embedded) return err(errors);
  return ok({
    signer: subjectName(cms.certificate),
    certificateFingerprint: fingerprint,
    signingTime: cms.signingTime,
    digest: digestHex(checked.digest),
    electionCode: checked.electionCode,
    qrPayload: embedded.qrPayload,
    results: checked.results,
  });
}

export { verifyResultsJson } from './results-export.js';
