import { constants, open } from 'node:fs/promises';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { embedPdfFonts, textWidth } from '@scrutin/server-kit/pdf-fonts.js';
import type { BatchMark, Letter, LetterSink } from './issue.js';
import { formatInstant } from '@scrutin/basics/calendar.js';

const A4: [number, number] = [595.28, 841.89];
const MM = 72 / 25.4;
const BLACK = rgb(0, 0, 0);

/** `timeZone`: the election's (IANA), in which the letter states the voting times. */
export type LetterContext = { electionName: string; chamber: string; opensAt: Date; closesAt: Date; timeZone: string; boothUrl: string };

/** The file of batch `number` of `of`: `out` itself for a single batch, else `out-lot-001.pdf`, `out-lot-002.pdf`… */
export const batchFileName = (out: string, batch: BatchMark): string =>
  batch.of === 1 ? out : out.replace(/(\.pdf)?$/i, `-lot-${String(batch.number).padStart(3, '0')}.pdf`);

/**
 * A sink for `issueCredentials` that writes each batch as a PDF and resolves only once the file is on disk
 * (fsync), so that a password is committed only with its letter kept. A file is never overwritten (it may
 * hold the only copy of committed passwords): an existing name refuses the batch, in French.
 * `written` receives the names of the files written, as they are written; `render` lays a batch out
 * (`letterRenderer` for worker threads).
 */
export function pdfFileSink(
  out: string,
  resolve: (name: string) => string,
  ctx: LetterContext,
  written: string[],
  render: (letters: Letter[], ctx: LetterContext, batch: BatchMark) => Promise<Uint8Array> = lettersPdf,
): LetterSink {
  return async (letters, batch) => {
    const name = batchFileName(out, batch);
    const pdf = await render(letters, ctx, batch);
    const file = await open(resolve(name), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') throw new LetterFileExists(`Le fichier ${name} existe déjà : il peut contenir des mots de passe délivrés, il n’est pas remplacé. Choisissez un autre --out.`);
      throw e;
    });
    try {
      await file.writeFile(pdf);
      await file.sync();
    } finally {
      await file.close();
    }
    written.push(name);
  };
}

/** An expected refusal of the file sink, reported to the operator as it is. */
export class LetterFileExists extends Error {}

/** Lines of at most `width` points; measuring is most of a letter's layout cost, so `cache` keeps the lines of texts every letter repeats. */
function wrap(font: PDFFont, text: string, width: number, size: number, cache: Map<string, string[]>): string[] {
  const key = `${size}|${width}|${text}`;
  let lines = cache.get(key);
  if (!lines) {
    lines = [];
    let line = '';
    for (const w of text.split(' ')) {
      const trial = line ? `${line} ${w}` : w;
      if (textWidth(font, trial, size) > width && line) {
        lines.push(line);
        line = w;
      } else line = trial;
    }
    if (line) lines.push(line);
    cache.set(key, lines);
  }
  return lines;
}

function paragraph(page: PDFPage, font: PDFFont, text: string, x: number, y: number, width: number, size: number, cache: Map<string, string[]>): number {
  for (const line of wrap(font, text, width, size, cache)) {
    page.drawText(line, { x, y, size, font, color: BLACK });
    y -= size * 1.4;
  }
  return y;
}

/**
 * One PDF per batch, one page per voter: the address sits in the window of a DL window envelope
 * (NF EN 27-001: 20 mm from the right edge, 45–50 mm from the top); the password is printed in the zone
 * that the printer covers with a scratch-off film, so that nobody handling the letter can read it.
 */
export async function lettersPdf(letters: Letter[], ctx: LetterContext, batch: BatchMark): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Identifiants de vote — ${ctx.electionName} — lot ${batch.number}/${batch.of}`);
  doc.setLanguage('fr-FR');
  // Embedded Unicode fonts: names such as DVOŘÁK or ŐRSI are printed as they are on the roll (issue 12).
  const { regular, bold, monoBold: mono } = await embedPdfFonts(doc, ['regular', 'bold', 'monoBold']);
  const wrapped = new Map<string, string[]>();
  for (const [index, l] of letters.entries()) {
    const page = doc.addPage(A4);
    const [, h] = A4;
    page.drawText(ctx.chamber, { x: 20 * MM, y: h - 20 * MM, size: 11, font: bold });
    page.drawText(ctx.electionName, { x: 20 * MM, y: h - 26 * MM, size: 10, font: regular });
    page.drawText('Vote par internet — identifiants personnels', { x: 20 * MM, y: h - 32 * MM, size: 10, font: regular });
    // Window of the envelope: 100 mm × 45 mm box starting 110 mm from the left, 45 mm from the top.
    const address = [[l.civility, l.firstNames, l.lastName].filter(Boolean).join(' '), l.companyName, ...l.postalAddress.split(/\s*[,\n]\s*/)].filter((s) => s && s.trim());
    let ay = h - 55 * MM;
    for (const line of address.slice(0, 6)) {
      page.drawText(line, { x: 110 * MM, y: ay, size: 10, font: regular });
      ay -= 13;
    }
    let y = h - 105 * MM;
    page.drawText(`Électeur n° ${l.voterNumber}`, { x: 20 * MM, y, size: 10, font: regular });
    y -= 22;
    y = paragraph(page, regular, `Madame, Monsieur, vous pouvez voter par internet du ${formatInstant(ctx.opensAt, ctx.timeZone, { long: true })} au ${formatInstant(ctx.closesAt, ctx.timeZone, { long: true })}, à l’adresse ci-dessous. Munissez-vous de ce courrier et de votre date de naissance, qui vous sera demandée.`, 20 * MM, y, 170 * MM, 10, wrapped);
    y -= 6;
    page.drawText('Adresse du vote :', { x: 20 * MM, y, size: 10, font: bold });
    page.drawText(ctx.boothUrl, { x: 55 * MM, y, size: 10, font: mono });
    y -= 24;
    page.drawText('Identifiant :', { x: 20 * MM, y, size: 12, font: bold });
    page.drawText(l.identifier, { x: 55 * MM, y, size: 14, font: mono });
    y -= 28;
    page.drawText('Mot de passe :', { x: 20 * MM, y: y + 4, size: 12, font: bold });
    // The scratch area: marked, bordered and hatched so that the film's position is obvious.
    const box = { x: 55 * MM, y: y - 8, width: 80 * MM, height: 28 };
    page.drawRectangle({ ...box, color: rgb(0.85, 0.85, 0.85), borderColor: BLACK, borderWidth: 1.5 });
    page.drawText(l.password, { x: box.x + 10, y: box.y + 9, size: 14, font: mono });
    page.drawText('ZONE À GRATTER — ne grattez qu’au moment de voter', { x: box.x, y: box.y - 11, size: 7.5, font: bold });
    y -= 40;
    const steps = [
      '1. Ouvrez l’adresse du vote. Saisissez votre identifiant, le mot de passe caché sous la zone à gratter et votre date de naissance.',
      '2. Pour chaque qualité, choisissez au plus autant de candidats que de sièges à pourvoir, ou votez blanc, puis vérifiez votre choix.',
      '3. Votre bulletin est chiffré sur votre appareil avant l’envoi. Une fois validé, il ne peut être ni modifié ni recommencé.',
      '4. Conservez le reçu affiché : son empreinte figure sur le tableau public des bulletins, où chacun peut la retrouver.',
      'Si vous votez par internet, ne votez pas par correspondance : seul le vote électronique serait pris en compte.',
      'Ne communiquez jamais vos identifiants. Aucune personne de la chambre ou de la préfecture ne vous les demandera.',
    ];
    for (const s of steps) y = paragraph(page, regular, s, 20 * MM, y, 170 * MM, 9.5, wrapped) - 3;
    page.drawText('Assistance : consultez la page « Aide » du site de vote.', { x: 20 * MM, y: 20 * MM, size: 8.5, font: regular });
    const mark = `Lot ${batch.number}/${batch.of} — courrier ${index + 1}/${letters.length}`;
    page.drawText(mark, { x: A4[0] - 20 * MM - textWidth(regular, mark, 8.5), y: 20 * MM, size: 8.5, font: regular });
  }
  return doc.save();
}
