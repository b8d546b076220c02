import { spawnSync } from 'node:child_process';
import type { Letter } from './issue.js';
import { letterRenderer } from './letter-renderer.js';
import { lettersPdf } from './letters-pdf.js';

const ctx = { electionName: 'Élections consulaires 2026', chamber: 'CCI de test', opensAt: new Date('2026-11-12T08:00:00Z'), closesAt: new Date('2026-11-19T17:00:00Z'), timeZone: 'Europe/Paris', boothUrl: 'https://vote.example.fr' };
const letter = (i: number, lastName: string, firstNames: string): Letter => ({
  voterNumber: `E${i}`, civility: 'Mme', lastName, firstNames, companyName: `Société ${i}`, postalAddress: `${i} rue du Port\n17000 La Rochelle`, identifier: `1234-5678-90${i}`, password: 'abcd-efgh-jkmn-pqrs-tuvw',
});
// pdftotext reads the document on its standard input: no file, no folder left behind.
const text = (pdf: Uint8Array) => spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' }).stdout;

describe('letterRenderer', () => {
  it('lays batches out on worker threads, the same letters as on the main thread', async () => {
    const renderer = letterRenderer(2);
    try {
      const batches = [[letter(1, 'DVOŘÁK', 'Zdeněk'), letter(2, 'ŐRSI', 'Łucja')], [letter(3, 'NGUYỄN', 'Thị Hương')]];
      const pdfs = await Promise.all(batches.map((b, i) => renderer.render(b, ctx, { number: i + 1, of: 2 })));
      const first = text(pdfs[0]!);
      for (const expected of ['Mme Zdeněk DVOŘÁK', 'Mme Łucja ŐRSI', '2 rue du Port', '17000 La Rochelle', 'abcd-efgh-jkmn-pqrs-tuvw', 'Lot 1/2 — courrier 2/2']) expect(first).toContain(expected);
      expect(text(pdfs[1]!)).toContain('Mme Thị Hương NGUYỄN');
      expect(text(pdfs[0]!)).toBe(text(await lettersPdf(batches[0]!, ctx, { number: 1, of: 2 })));
    } finally {
      await renderer.close();
    }
  });
});
