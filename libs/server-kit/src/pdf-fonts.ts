/**
 * The fonts of every PDF Scrutin writes (procès-verbal, credential letters), embedded as subsets. The PDF
 * standard fonts are WinAnsi only, so a roll name such as DVOŘÁK or ŐRSI could not be written (issue 12).
 * DejaVu Sans Condensed and DejaVu Sans Mono (free licence, shipped as TTF in the `dejavu-fonts-ttf`
 * package, so nothing is needed on the machine) cover Latin, Latin Extended A/B, Greek and Cyrillic. The
 * condensed face is the closest in width to Helvetica, for which the layouts were drawn. (Arimo, metric-
 * compatible with Helvetica, was tried: @pdf-lib/fontkit cannot read its glyph table and draws blanks.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocument, PDFFont } from 'pdf-lib';

export type PdfFonts = { regular: PDFFont; bold: PDFFont; mono: PDFFont; monoBold: PDFFont };
type Face = keyof PdfFonts;

const FILES: Record<Face, [pkg: string, file: string]> = {
  regular: ['dejavu-fonts-ttf', 'ttf/DejaVuSansCondensed.ttf'],
  bold: ['dejavu-fonts-ttf', 'ttf/DejaVuSansCondensed-Bold.ttf'],
  mono: ['dejavu-fonts-ttf', 'ttf/DejaVuSansMono.ttf'],
  monoBold: ['dejavu-fonts-ttf', 'ttf/DejaVuSansMono-Bold.ttf'],
};

// pdf-lib shapes every string it measures or draws with the font's OpenType features (fontkit's GSUB/GPOS
// engine), which made a letter 9 times slower than with Helvetica. pdf-lib draws each glyph at its plain
// advance anyway (no kerning offsets), and NFC text maps to DejaVu's precomposed glyphs, so shaping adds
// nothing to Latin text: every feature the default shaper would apply is turned off.
const NO_SHAPING = Object.fromEntries(
  ['ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern', 'ltra', 'ltrm', 'rvrn'].map((tag) => [tag, false]),
);

const cache = new Map<Face, Uint8Array>();

/** Each TTF is read once per process (about 300 kB each); a document then embeds only the glyphs it draws. */
function fontBytes(face: Face): Uint8Array {
  let bytes = cache.get(face);
  if (!bytes) {
    const [pkg, file] = FILES[face];
    bytes = readFileSync(join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), file));
    cache.set(face, bytes);
  }
  return bytes;
}

/**
 * Registers fontkit on `doc` and embeds the requested faces as subsets: a letter batch or a PV carries
 * only the glyphs it draws, tens of kilobytes. A face not requested is not embedded.
 */
export async function embedPdfFonts<F extends Face>(doc: PDFDocument, faces: readonly F[]): Promise<Pick<PdfFonts, F>> {
  // Loaded here, on the first PDF: fontkit unpacks its tables when imported (0.3 s of CPU), which every
  // CLI command paid, since the station's services reach this module whether or not they write a PDF.
  const { default: fontkit } = await import('@pdf-lib/fontkit');
  doc.registerFontkit(fontkit);
  const embedded = await Promise.all(faces.map((face) => doc.embedFont(fontBytes(face), { subset: true, features: NO_SHAPING })));
  return Object.fromEntries(faces.map((face, i) => [face, embedded[i]!])) as Pick<PdfFonts, F>;
}

/** Per font, the width of each code point at size 1 (PDF points), as pdf-lib measures it. */
const widths = new WeakMap<PDFFont, Map<string, number>>();

/**
 * The width of `text` drawn in `font` at `size` (PDF points): what `font.widthOfTextAtSize(text, size)`
 * gives, from the width of each code point measured once per font. pdf-lib lays out the whole string with
 * fontkit at every call, and wrapping a paragraph measures each growing line again: that layout was a
 * quarter of a PV's CPU. With shaping off (NO_SHAPING) each code point is one glyph drawn at its advance,
 * so the widths add up; pdf-fonts.test.ts checks the sum against pdf-lib's own measure.
 */
export function textWidth(font: PDFFont, text: string, size: number): number {
  let known = widths.get(font);
  if (!known) widths.set(font, (known = new Map()));
  let width = 0;
  for (const c of text) {
    let w = known.get(c);
    if (w === undefined) known.set(c, (w = font.widthOfTextAtSize(c, 1)));
    width += w;
  }
  return width * size;
}
