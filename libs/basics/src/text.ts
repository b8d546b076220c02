/**
 * Normalisation of the text of a roll field (docs/formats/roll.md « Caractères »), applied at the station's
 * import and again at the platform's load, so that what is printed on the PV and the letters is what the
 * voter's name is, with no invisible character deciding how it looks (issue 12):
 * - NFC, so that « é » typed as e + combining accent and « é » precomposed are the same name;
 * - every Unicode space (no-break U+00A0, narrow no-break U+202F, thin, ideographic…) and tabs become
 *   one ordinary space, runs of spaces are collapsed and the ends trimmed;
 * - line breaks separate the lines of an address field and become a space elsewhere;
 * - invisible marks that change nothing in the text are removed: the direction marks U+200E, U+200F,
 *   U+061C (spreadsheets add them around copied names), the zero-width space U+200B, word joiner U+2060
 *   and a stray byte-order mark U+FEFF;
 * - what could make a name look other than it is gets refused: the other control characters (C0, DEL, C1)
 *   and the bidirectional embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069 (they reorder
 *   what is displayed: « Trojan source »).
 */

import { err, ok, type Result } from './result.js';

export type TextProblem = { codePoint: number; what: string };

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
const SPACES = /[\t\p{Zs}]+/gu;
const INVISIBLE = /[\u200B\u200E\u200F\u061C\u2060\uFEFF]/gu;
const REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

const BIDI_NAMES: Record<number, string> = {
  0x202a: 'début d’incorporation gauche-à-droite',
  0x202b: 'début d’incorporation droite-à-gauche',
  0x202c: 'fin d’incorporation',
  0x202d: 'forçage gauche-à-droite',
  0x202e: 'forçage droite-à-gauche',
  0x2066: 'isolat gauche-à-droite',
  0x2067: 'isolat droite-à-gauche',
  0x2068: 'isolat de direction neutre',
  0x2069: 'fin d’isolat',
};

/** « U+202E » */
export const codePointLabel = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The normalised value of a field, or the first refused character. `multiline` keeps line breaks as `\n`
 * (addresses, whose lines the letters print one under the other).
 */
export function normaliseRollText(value: string, multiline = false): Result<string, TextProblem> {
  // Most fields of most rolls are printable ASCII: a million-row import should not pay for NFC on them.
  if (PRINTABLE_ASCII.test(value)) return ok(value.replace(/ {2,}/g, ' ').trim());
  const lines = value.normalize('NFC').replace(INVISIBLE, '').split(/\r\n|\r|\n/);
  const refused = lines.map((line) => REFUSED.exec(line)).find((m) => m);
  if (refused) {
    const cp = refused[0].codePointAt(0)!;
    return err({ codePoint: cp, what: BIDI_NAMES[cp] ?? 'caractère de contrôle' });
  }
  const clean = lines.map((line) => line.replace(SPACES, ' ').trim()).filter((line) => line);
  return ok(clean.join(multiline ? '\n' : ' '));
}

/** « caractère invisible U+202E (forçage droite-à-gauche) interdit dans nom : supprimez-le du fichier » */
export const textProblemMessage = (problem: TextProblem, field: string): string =>
  `caractère invisible ${codePointLabel(problem.codePoint)} (${problem.what}) interdit dans ${field} : supprimez-le du fichier`;
