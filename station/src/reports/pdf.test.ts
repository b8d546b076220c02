import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalBytes } from '@scrutin/basics/canonical-json.js';
import { generateCommissionCertificate } from './certificate.js';
import { makeReportData } from '../testing/reports.js';
import { buildReportPdf, type ReportPdf } from './pdf.js';
import { checkResultsAgainstQr, verifyReportPdf } from './verify.js';

const identity = { commonName: 'Commission d’organisation des élections — CCI Ille-et-Vilaine', organization: 'Préfecture d’Ille-et-Vilaine', electionCode: 'CCI35-2026' };
const credentials = generateCommissionCertificate(identity, 'secret de la commission');
const data = makeReportData({ setAside: 300, candidatesPerUrn: 12 });
// The seeded fixture has no seat decided by age; its label is the longest the results table prints.
data.contests[0]!.urns[0]!.candidates.filter((c) => c.elected).at(-1)!.tieBrokenByAge = true;
const dir = mkdtempSync(join(tmpdir(), 'pv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let report: ReportPdf;

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
const pdfsig = (path: string) => spawnSync('pdfsig', [path], { encoding: 'utf8' }).stdout;
const flip = (bytes: Uint8Array, at: number) => {
  const copy = Uint8Array.from(bytes);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
};

beforeAll(async () => {
  report = await buildReportPdf(data, credentials, { signingTime: new Date('2026-11-24T18:45:00Z') });
});

describe('buildReportPdf and verifyReportPdf', () => {
  it('produces a PV that pdfsig and verifyReportPdf both accept', async () => {
    expect(pdfsig(write('pv.pdf', report.pdf))).toContain('Signature is Valid');
    const verified = await verifyReportPdf(report.pdf, { trustedFingerprints: [credentials.fingerprint] });
    if (!verified.ok) throw new Error(JSON.stringify(verified.error));
    expect(verified.value.signer).toBe(identity.commonName);
    expect(verified.value.electionCode).toBe('CCI35-2026');
    expect(verified.value.digest).toBe(Buffer.from(report.digest).toString('hex'));
    expect(verified.value.signingTime).toBe('2026-11-24T18:45:00.000Z');
    expect(verified.value.results).toEqual(data);
  });

  it('writes the PV in French, paginated, with the annexes', () => {
    const text = spawnSync('pdftotext', ['-layout', write('pv-text.pdf', report.pdf), '-'], { encoding: 'utf8' }).stdout;
    for (const expected of [
      'PROCÈS-VERBAL',
      'DES OPÉRATIONS DE DÉPOUILLEMENT',
      'Scellement de la station',
      'Empreinte de tête du journal',
      'Proclamation des élus',
      'Annexe 1 — Plis mis à part, par motif',
      'Électeur ayant voté par internet (vote électronique retenu)',
      'Annexe 2 — Doubles votes',
      'Représentant du préfet',
      `page 1 / ${report.pages}`,
      `page ${report.pages} / ${report.pages}`,
      data.journal.headHash,
    ])
      expect(text).toContain(expected);
    const elected = data.contests[0]!.urns[0]!.candidates.find((c) => c.elected)!;
    expect(text).toContain(elected.lastName);
  });

  it('states where the commission sat and prints the age tie-break label whole', () => {
    const text = spawnSync('pdftotext', ['-layout', write('pv-place.pdf', report.pdf), '-'], { encoding: 'utf8' }).stdout;
    expect(text.split('\n').find((line) => line.startsWith('Lieu du dépouillement'))).toContain(data.election.place);
    expect(text).toContain('Élu(e) au bénéfice de l’âge');
    expect(text).not.toContain('au bénéfic…');
  });

  it('prints names outside Latin-1 as they are, and pdfsig still validates the signature (issue 12)', async () => {
    const names = structuredClone(data);
    const [first, second] = names.contests[0]!.urns[0]!.candidates.filter((c) => c.elected);
    first!.lastName = 'DVOŘÁK';
    first!.firstNames = 'Zdeněk';
    second!.lastName = 'ŐRSI';
    second!.firstNames = 'Łucja';
    const unicode = await buildReportPdf(names, credentials, { signingTime: new Date('2026-11-24T18:45:00Z') });
    const path = write('pv-unicode.pdf', unicode.pdf);
    const text = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).stdout;
    for (const expected of ['DVOŘÁK', 'Zdeněk', 'ŐRSI', 'Łucja']) expect(text).toContain(expected);
    expect(text).not.toContain('DVO?ÁK');
    expect(pdfsig(path)).toContain('Signature is Valid');
    const fonts = spawnSync('pdffonts', [path], { encoding: 'utf8' }).stdout;
    expect(fonts).toMatch(/DejaVuSansCondensed-\d+ +CID TrueType +Identity-H +yes/);
    expect(fonts).not.toContain('Helvetica');
  });

  it('shows every time in the election’s zone with its UTC offset, and birth dates as entered', async () => {
    const line = (text: string, start: string) => text.split('\n').find((l) => l.startsWith(start)) ?? '';
    const paris = spawnSync('pdftotext', ['-layout', write('pv-paris.pdf', report.pdf), '-'], { encoding: 'utf8' }).stdout;
    // A PV without a zone (made before the field existed) is in Europe/Paris, as it always was.
    expect(line(paris, 'Clôture du vote')).toContain('19 novembre 2026 à 18:00 UTC+1');
    const martinique = structuredClone(data);
    martinique.election.timeZone = 'America/Martinique';
    martinique.contests[0]!.urns[0]!.candidates[0]!.birthDate = '1960-02-10';
    const pdf = await buildReportPdf(martinique, credentials, { signingTime: new Date('2026-11-24T18:45:00Z') });
    const text = spawnSync('pdftotext', ['-layout', write('pv-martinique.pdf', pdf.pdf), '-'], { encoding: 'utf8' }).stdout;
    expect(line(text, 'Clôture du vote')).toContain('19 novembre 2026 à 13:00 UTC-4');
    expect(line(text, 'Début du dépouillement')).toContain('24 novembre 2026 à 03:00 UTC-4');
    expect(text).toContain('10/02/1960');
  });

  it('prints a QR code on page 1 that reads back as the signed digest', () => {
    const prefix = join(dir, 'page');
    spawnSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', write('pv-qr.pdf', report.pdf), prefix]);
    const read = spawnSync('zbarimg', ['--raw', '-q', `${prefix}.png`], { encoding: 'utf8' }).stdout.trim();
    expect(read).toBe(report.qrPayload);
  });

  it('fails both checks when one byte of the PDF changes', async () => {
    for (const at of [200, Math.floor(report.pdf.length / 2), report.pdf.length - 100]) {
      const tampered = flip(report.pdf, at);
      const verified = await verifyReportPdf(tampered);
      expect(verified.ok).toBe(false);
      expect(pdfsig(write(`tampered-${at}.pdf`, tampered))).not.toContain('Signature is Valid');
    }
    const middle = await verifyReportPdf(flip(report.pdf, Math.floor(report.pdf.length / 2)));
    expect(!middle.ok && middle.error.map((e) => e.code)).toContain('DIGEST_MISMATCH');
  });

  it('fails when one byte of the signature contents changes, padding included', async () => {
    const text = Buffer.from(report.pdf).toString('latin1');
    const [, b, c] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)/.exec(text)!.map(Number) as [number, number, number];
    const positions = [b + 3, b + 40, b + 700, b + 1500, b + 2600, c - 20, ...Array.from({ length: 14 }, (_, i) => b + 1 + Math.floor(((c - b - 2) * i) / 14))];
    for (const at of positions) {
      const tampered = Uint8Array.from(report.pdf);
      // Keep it a hex digit: the same position holding another valid digit is the subtle case.
      tampered[at] = tampered[at] === 0x30 ? 0x31 : 0x30;
      const verified = await verifyReportPdf(tampered);
      expect([at, verified.ok]).toEqual([at, false]);
    }
  });

  it('refuses content appended after the signature (incremental update)', async () => {
    const appended = new Uint8Array([...report.pdf, ...new TextEncoder().encode('\n%ajout\n%%EOF\n')]);
    const verified = await verifyReportPdf(appended);
    expect(!verified.ok && verified.error.map((e) => e.code)).toEqual(['NOT_WHOLE_FILE']);
  });

  it('refuses a signer that is not the commission', async () => {
    const other = generateCommissionCertificate({ ...identity, commonName: 'Imposteur' }, 'x');
    const verified = await verifyReportPdf(report.pdf, { trustedFingerprints: [other.fingerprint] });
    expect(!verified.ok && verified.error.map((e) => e.code)).toEqual(['UNTRUSTED_SIGNER']);
  });

  it('refuses a PDF without signature, in French', async () => {
    const verified = await verifyReportPdf(new TextEncoder().encode('%PDF-1.7\n%%EOF\n'));
    expect(!verified.ok && verified.error[0]!.message).toMatch(/aucune signature/);
  });

  it('detects one byte changed in the results data against the QR digest', () => {
    const json = canonicalBytes(data);
    const ok: { code: string; message: string }[] = [];
    expect(checkResultsAgainstQr(json, report.qrPayload, credentials.certificate, ok)).not.toBeNull();
    expect(ok).toEqual([]);
    const at = json.indexOf('"combinedVotes":'.charCodeAt(0)) + 40;
    const errors: { code: string; message: string }[] = [];
    checkResultsAgainstQr(flip(json, at), report.qrPayload, credentials.certificate, errors);
    expect(errors.map((e) => e.code)).toContain('RESULTS_DIGEST_MISMATCH');
  });

  it('prints the certificate recorded at sealing and refuses another signer carrying the same names', async () => {
    const sealed = structuredClone(data);
    sealed.seal.commissionCertificateFingerprint = credentials.fingerprint;
    const genuine = await buildReportPdf(sealed, credentials);
    const text = spawnSync('pdftotext', [write('scelle.pdf', genuine.pdf), '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('Certificat de la commission');
    expect(text.replace(/\s+/g, '')).toContain(credentials.fingerprint);
    expect((await verifyReportPdf(genuine.pdf)).ok).toBe(true);
    const impostor = generateCommissionCertificate(identity, 'phrase de l’imposteur');
    const forged = await verifyReportPdf((await buildReportPdf(sealed, impostor)).pdf);
    expect(!forged.ok && forged.error.map((e) => e.code)).toEqual(['SIGNER_NOT_SEALED']);
    expect(!forged.ok && forged.error[0]!.message).toContain(impostor.fingerprint);
  });
});
