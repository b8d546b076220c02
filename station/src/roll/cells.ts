/**
 * What spreadsheets do to the cells of an exported roll, undone or refused. Excel and
 * LibreOffice rewrite identifiers and dates on the way to CSV; a mangled value is either
 * read back exactly or refused with an explanation, never stored as written.
 */
import type { CalendarDate } from '@scrutin/basics/calendar.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';

/** No-break spaces (U+00A0, and U+202F / U+2007 that French locales put in numbers) read as spaces. */
const NO_BREAK_SPACE = /[\u00a0\u2007\u202f]/;
const NO_BREAK_SPACES = /[\u00a0\u2007\u202f]/g;
/** Excel's text protection: `="00012345"` keeps the leading zeros, inner quotes doubled. */
const TEXT_PROTECTED = /^="((?:[^"]|"")*)"$/;

/**
 * One cell as the spreadsheet meant it: no-break spaces become spaces, surrounding spaces
 * go, and Excel's text protection `="…"` is removed (inner `""` → `"`), repeatedly, so that
 * the function is idempotent. Nothing inside the value is changed.
 */
export function normaliseCell(raw: string): string {
  // trim() removes no-break spaces at the ends already; tests first, as nearly every cell of a million is clean
  let value = raw.trim();
  if (NO_BREAK_SPACE.test(value)) value = value.replace(NO_BREAK_SPACES, ' ');
  if (value.charCodeAt(0) !== 61) return value;
  for (let m = TEXT_PROTECTED.exec(value); m; m = TEXT_PROTECTED.exec(value)) value = m[1]!.replace(/""/g, '"').trim();
  return value;
}

/** A number Excel rewrote in scientific notation (`1,23457E+11`): its digits are lost. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]?\d+$/i;

/**
 * Why an identifier cell (voter number, SIREN, barcode) cannot be trusted, or null:
 * scientific notation has rounded the number away, there is nothing to restore.
 */
export function identifierProblem(value: string): string | null {
  if (SCIENTIFIC.test(value)) {
    return `« ${value} » est écrit en notation scientifique par le tableur : les derniers chiffres sont perdus ; mettez la colonne au format Texte dans le fichier d'origine et exportez-le de nouveau`;
  }
  return null;
}

/** SIREN has a fixed width of 9 digits (INSEE): a shorter all-digit value lost its leading zeros. */
export const SIREN_DIGITS = 9;

/**
 * A SIREN whose leading zeros a spreadsheet dropped, restored: the width is fixed by law
 * and zeros on the left leave the Luhn key unchanged, so the padding is unambiguous.
 * Anything else is returned unchanged for the SIREN check to judge.
 */
export function restoreSiren(value: string): string {
  return /^\d{1,8}$/.test(value) ? value.padStart(SIREN_DIGITS, '0') : value;
}

const FIRST_YEAR = 1900;
const LAST_YEAR = 2020;
/** Excel's day 0 is 1899-12-30 from serial 61 on (before, it counts a 29 February 1900 that never was). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const MIDNIGHT = /^(.*?)(?:[ T]00:00(?::00(?:\.0+)?)?)$/;

/**
 * A birth date as spreadsheets write it, to `YYYY-MM-DD`: JJ/MM/AAAA (also J/M/AAAA and
 * `.` or `-` as separator), AAAA-MM-JJ, either followed by a midnight time (« 10/02/1960
 * 00:00:00 », a date cell exported with its time), or an Excel serial day number of five
 * digits (21956 = 10 February 1960; 10000 is 1927-05-18). Two-digit years are refused (1960 or 2060?), as are dates outside the
 * calendar or outside 1900–2020. The reason is in French, for the agent.
 */
export function readDate(raw: string): Result<CalendarDate, string> {
  const value = MIDNIGHT.exec(raw)?.[1] ?? raw;
  let y: number, m: number, d: number;
  const fr = /^(\d{1,2})([/.-])(\d{1,2})\2(\d+)$/.exec(value);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  // Five digits only: a four-digit number is far more likely a bare year (1970) than a serial of 1900–1927.
  const serial = /^\d{5}$/.exec(value);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (fr) {
    if (fr[4]!.length !== 4) return err(`année « ${fr[4]} » ambiguë : écrivez l'année sur 4 chiffres (JJ/MM/AAAA)`);
    [d, m, y] = [Number(fr[1]), Number(fr[3]), Number(fr[4])];
  } else if (serial) {
    const date = new Date(EXCEL_EPOCH + Number(serial[0]) * DAY_MS);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else return err('format non reconnu (attendu JJ/MM/AAAA)');
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return err("date qui n'existe pas au calendrier");
  if (y < FIRST_YEAR || y > LAST_YEAR) return err(`année ${y} hors de ${FIRST_YEAR}–${LAST_YEAR}`);
  // Checked against the calendar just above: the text is a CalendarDate.
  return ok(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as CalendarDate);
}

/**
 * Voter numbers written with leading zeros (`00012345`) have a fixed width; a spreadsheet
 * that read the column as numbers wrote `12345`. Which width is unknown until the whole
 * file is read, so this tallies all-digit numbers by length as the rows stream (at most
 * `keep` lines remembered per length: memory stays bounded on a million rows) and, at the
 * end, names every all-digit number shorter than the longest zero-padded one. Nothing is
 * restored: the real number could be 0012345 or 00012345 only if the width is certain.
 */
export class LeadingZeroCheck {
  private paddedWidth = 0;
  private readonly byLength = new Map<number, { count: number; first: { line: number; value: string }[] }>();

  constructor(private readonly keep: number) {}

  /** Notes one voter number (already normalised) found on `line`. */
  add(line: number, voterNumber: string): void {
    if (!/^\d+$/.test(voterNumber)) return;
    if (voterNumber.charCodeAt(0) === 48 && voterNumber.length > this.paddedWidth) this.paddedWidth = voterNumber.length;
    let entry = this.byLength.get(voterNumber.length);
    if (!entry) this.byLength.set(voterNumber.length, (entry = { count: 0, first: [] }));
    entry.count++;
    if (entry.first.length < this.keep) entry.first.push({ line, value: voterNumber });
  }

  /** The numbers that lost their zeros (the first `keep`, in line order), their total and the padded width. */
  suspects(): { first: { line: number; value: string }[]; count: number; width: number } {
    const first: { line: number; value: string }[] = [];
    let count = 0;
    for (const [length, entry] of this.byLength) {
      if (length >= this.paddedWidth) continue;
      count += entry.count;
      first.push(...entry.first);
    }
    return { first: first.sort((a, b) => a.line - b.line).slice(0, this.keep), count, width: this.paddedWidth };
  }
}
