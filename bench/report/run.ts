/**
 * bench/report: the PV of a chambre with 2 contests, 3 categories × 2 sub-categories, 40 candidates
 * per urn and 5,000 set-aside envelopes in annex: generation + signature time (target < 3 s), against
 * a baseline of the same number of plain-text pages written by pdf-lib, unsigned.
 * Usage: npx tsx bench/report/run.ts [--set-aside N] [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { buildReportPdf, generateCommissionCertificate, verifyReportPdf } from '@scrutin/station/reports/index.js';
import { makeReportData } from '@scrutin/station/testing';
import { quantile } from '../quantile.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const setAside = Number(arg('--set-aside', '5000'));
const out = arg('--out', '/tmp/bench-report.pdf');

async function baseline(pages: number): Promise<number> {
  const start = performance.now();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595.28, 841.89]);
    for (let line = 0; line < 60; line++)
      page.drawText(`Ligne ${line + 1} de la page ${p + 1} — texte de référence accentué é è à ç`, { x: 42, y: 800 - line * 12, size: 9, font });
  }
  await doc.save({ useObjectStreams: false });
  return performance.now() - start;
}

const credentials = generateCommissionCertificate(
  { commonName: 'Commission d’organisation des élections — CCI Ille-et-Vilaine', organization: 'Préfecture d’Ille-et-Vilaine', electionCode: 'CCI35-2026' },
  'banc d’essai',
);
const data = makeReportData({ contests: 2, categories: 3, subcategoriesPerCategory: 2, candidatesPerUrn: 40, setAside });

// One warm-up run so the figures measure steady state, not module loading and JIT.
await buildReportPdf(makeReportData({ setAside: 50 }), credentials);

const runs: number[] = [];
let report!: Awaited<ReturnType<typeof buildReportPdf>>;
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  report = await buildReportPdf(data, credentials);
  runs.push(performance.now() - start);
}
writeFileSync(out, report.pdf);
const verifyStart = performance.now();
const verified = await verifyReportPdf(report.pdf);
const verifyMs = performance.now() - verifyStart;
const baselines = [await baseline(report.pages), await baseline(report.pages), await baseline(report.pages)];
const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
const reportMs = median(runs);
const baselineMs = median(baselines);

console.log(
  JSON.stringify({
    bench: 'report',
    contests: 2,
    urns: data.contests.reduce((n, c) => n + c.urns.length, 0),
    candidates: data.contests.flatMap((c) => c.urns).reduce((n, u) => n + u.candidates.length, 0),
    setAside,
    pages: report.pages,
    bytes: report.pdf.length,
    generateAndSignMs: Math.round(reportMs),
    runsMs: runs.map(Math.round),
    targetMs: 3000,
    withinTarget: reportMs < 3000,
    verifyMs: Math.round(verifyMs),
    verified: verified.ok,
    baselinePlainPagesUnsignedMs: Math.round(baselineMs),
    ratioToBaseline: Math.round((reportMs / baselineMs) * 100) / 100,
    out,
  }),
);
