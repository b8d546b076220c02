import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatInstant } from '@scrutin/station/basics/calendar.js';
import type { Letter } from './issue.js';

const A4: [number, number] = [595.28, 841.89];
const MM = 72 / 25.4;
const BLACK = rgb(0, 0, 0);

/** `timeZone`: the election's (IANA), in which the letter states the voting times. */
export type LetterContext = { electionName: string; chamber: string; opensAt: Date; closesAt: Date; timeZone: string; boothUrl: string };
/** Which print batch a PDF is, printed on every page so that the mail room can check that none is missing. */
export type BatchMark = { number: number; of: number };

/** Print batches of at most `size` letters, in the order given (voter number: the envelopes stay sorted). */
export function letterBatches<T>(letters: T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('taille de lot invalide');
  const batches: T[][] = [];
  for (let i = 0; i < letters.length; i += size) batches.push(letters.slice(i, i + size));
  return batches;
}


function paragraph(page: PDFPage, font: PDFFont, text: string, x: number, y: number, width: number, size = 10): number {
  const words = text.split(' ');
  let line = '';
  for (const w of words) {
    const trial = line ? `${line} ${w}` : w;
    if (font.widthOfTextAtSize(trial, size) > width && line) {
      page.drawText(line, { x, y, size, font, color: BLACK });
      y -= size * 1.4;
      line = w;
    } else line = trial;
  }
  if (line) page.drawText(line, { x, y, size, font, color: BLACK });
  return y - size * 1.4;
}

/**
 * One PDF per batch, one page per voter: the address sits in the window of a DL window envelope
 * (NF EN 27-001: 20 mm from the right edge, 45–50 mm from the top); the password is printed in the zone
 * that the printer covers with a scratch-off film, so that nobody handling the letter can read it.
 */
export async function lettersPdf(letters: Letter[], ctx: LetterContext, batch: BatchMark = { number: 1, of: 1 }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Identifiants de vote — ${ctx.electionName} — lot ${batch.number}/${batch.of}`);
  doc.setLanguage('fr-FR');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.CourierBold);
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
    y = paragraph(page, regular, `Madame, Monsieur, vous pouvez voter par internet du ${formatInstant(ctx.opensAt, ctx.timeZone, { long: true })} au ${formatInstant(ctx.closesAt, ctx.timeZone, { long: true })}, à l’adresse ci-dessous. Munissez-vous de ce courrier et de votre date de naissance, qui vous sera demandée.`, 20 * MM, y, 170 * MM);
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
    for (const s of steps) y = paragraph(page, regular, s, 20 * MM, y, 170 * MM, 9.5) - 3;
    page.drawText('Assistance : consultez la page « Aide » du site de vote.', { x: 20 * MM, y: 20 * MM, size: 8.5, font: regular });
    const mark = `Lot ${batch.number}/${batch.of} — courrier ${index + 1}/${letters.length}`;
    page.drawText(mark, { x: A4[0] - 20 * MM - regular.widthOfTextAtSize(mark, 8.5), y: 20 * MM, size: 8.5, font: regular });
  }
  return doc.save();
}
