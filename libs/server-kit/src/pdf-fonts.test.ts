import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { embedPdfFonts, textWidth, type PdfFonts } from './pdf-fonts.js';

let fonts: PdfFonts;
beforeAll(async () => {
  fonts = await embedPdfFonts(await PDFDocument.create(), ['regular', 'bold', 'mono', 'monoBold']);
});

// Code points a PV or a letter prints: ASCII, French and Latin Extended names, Greek, Cyrillic, the spaces and
// punctuation of French typography, a combining accent (NFD input), an emoji outside the BMP (no glyph: .notdef).
const CHARS = [..."AZaz09 -'’.,;:«»()/€%éèêëàâçôûüïÉÈÀÇŒœŘřŐőĄąŁłžŽßΑλΩЖжЯя…\u00A0\u202F\u0301—–"].concat(['😀']);

test('textWidth is pdf-lib’s widthOfTextAtSize, face by face, for any text and size', () => {
  fc.assert(
    fc.property(fc.constantFrom<keyof PdfFonts>('regular', 'bold', 'mono', 'monoBold'), fc.array(fc.constantFrom(...CHARS), { maxLength: 80 }), fc.double({ min: 4, max: 30, noNaN: true }), (face, chars, size) => {
      const text = chars.join('');
      const expected = fonts[face].widthOfTextAtSize(text, size);
      expect(Math.abs(textWidth(fonts[face], text, size) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
    }),
    { numRuns: 300 },
  );
});

test('the width of no text is 0, and a width grows with the size', () => {
  expect(textWidth(fonts.regular, '', 12)).toBe(0);
  expect(textWidth(fonts.regular, 'DVOŘÁK', 10)).toBeCloseTo(2 * textWidth(fonts.regular, 'DVOŘÁK', 5), 9);
});
