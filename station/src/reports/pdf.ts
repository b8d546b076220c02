/**
 * The procès-verbal as a signed PDF: laid out with pdf-lib, the canonical results attached as
 * resultats.json, a QR code with the signed results digest on page 1, then a CMS signature
 * (adbe.pkcs7.detached) over the whole file that pdfsig and standard readers check.
 */
import { AFRelationship, PDFDict, PDFName, PDFString } from 'pdf-lib';
import QRCode from 'qrcode';
import { canonicalBytes } from '@scrutin/basics/canonical-json.js';
import type { SigningCredentials } from './certificate.js';
import { Layout } from './pdf-layout.js';
import { drawAnnexes, drawElected, drawEvents, drawFirstPage, drawResults, drawSignatures } from './pdf-sections.js';
import { reportDataSchema, type ReportData } from './report-data.js';
import { digestHex, formatQrPayload, signDigest } from './results-digest.js';
import { pdflibAddPlaceholder, signpdf } from './signpdf-interop.js';
import { CommissionSigner } from './pdf-signer.js';
import { sha256 } from '@noble/hashes/sha2.js';

export const RESULTS_ATTACHMENT_NAME = 'resultats.json';
/** Info dictionary key that repeats the QR payload as text, so a verifier need not decode the image. */
export const QR_INFO_KEY = 'ScrutinQr';

export type ReportPdfOptions = {
  /** Time written in the CMS signature and the signature dictionary; defaults to now. */
  signingTime?: Date;
};

export type ReportPdf = { pdf: Uint8Array; digest: Uint8Array; qrPayload: string; pages: number };

export async function buildReportPdf(input: ReportData, credentials: SigningCredentials, options: ReportPdfOptions = {}): Promise<ReportPdf> {
  const data = reportDataSchema.parse(input);
  const results = canonicalBytes(data);
  const digest = sha256(results);
  const qrPayload = formatQrPayload({ electionCode: data.election.code, digest, signature: signDigest(digest, credentials.privateKey) });
  const signingTime = options.signingTime ?? new Date();

  const l = await Layout.create();
  // No PNG filter (0) rather than pngjs's default, which tries all five on every row: the PNG is only a way
  // into pdf-lib, which decodes it and compresses the pixels again, so the PV is the same size whatever the
  // filter (5,854 bytes for a test page with filters 0 and 4); Paeth (4) cost 72 against 29 ms in a fresh
  // process and 1.7 s of pdf.test's CPU. @types/qrcode lists only the deflate options of the renderer; pngjs,
  // which renders, takes filterType too.
  const rendererOpts = { filterType: 0 } as QRCode.QRCodeToBufferOptions['rendererOpts'];
  const qrPng = await QRCode.toBuffer(qrPayload, { errorCorrectionLevel: 'M', margin: 2, scale: 4, rendererOpts });
  const qr = await l.doc.embedPng(qrPng);
  drawFirstPage(l, data, qr, digestHex(digest));
  drawResults(l, data);
  drawElected(l, data);
  drawEvents(l, data);
  drawSignatures(l, data);
  drawAnnexes(l, data);
  l.decorate(
    `${data.election.chamber} — ${data.election.name}`,
    `Procès-verbal ${data.election.code} — empreinte des résultats ${digestHex(digest).slice(0, 16)}…`,
  );

  const doc = l.doc;
  const generatedAt = new Date(data.generatedAt);
  doc.setTitle(`Procès-verbal de dépouillement — ${data.election.name}`);
  doc.setSubject(`Résultats du scrutin ${data.election.code}`);
  doc.setAuthor(data.commission.find((m) => m.role === 'president')?.name ?? 'Commission d’organisation des élections');
  doc.setCreator(data.seal.softwareVersion);
  doc.setProducer('Scrutin (pdf-lib, @signpdf)');
  doc.setLanguage('fr-FR');
  doc.setCreationDate(generatedAt);
  doc.setModificationDate(generatedAt);
  doc.context.lookup(doc.context.trailerInfo.Info, PDFDict).set(PDFName.of(QR_INFO_KEY), PDFString.of(qrPayload));
  await doc.attach(results, RESULTS_ATTACHMENT_NAME, {
    mimeType: 'application/json',
    description: 'Résultats du scrutin, JSON canonique couvert par l’empreinte du QR code',
    creationDate: generatedAt,
    modificationDate: generatedAt,
    afRelationship: AFRelationship.Data,
  });
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: `Procès-verbal du scrutin ${data.election.code}`,
    contactInfo: data.election.place,
    name: data.commission.find((m) => m.role === 'president')?.name ?? 'Commission',
    location: data.election.place,
    signingTime,
    appName: data.seal.softwareVersion,
  });
  const pages = doc.getPageCount();
  // Object streams would hide the signature dictionary from @signpdf's byte-range search (docs/design.md, Reports).
  const unsigned = await doc.save({ useObjectStreams: false });
  const signer = new CommissionSigner(credentials);
  const signed = await signpdf.sign(Buffer.from(unsigned), signer, signingTime);
  return { pdf: Uint8Array.from(signed), digest, qrPayload, pages };
}
