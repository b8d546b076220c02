/**
 * Writing CSV for people: every CSV Scrutin writes goes through csvLine, so that a cell can neither
 * break the line nor run as a spreadsheet formula when a clerk opens the file (docs/formats/emargement-csv.md).
 */

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP « CSV injection »): = + - @, and
 * tab or carriage return, which some spreadsheets skip before looking for one. The single quote is
 * there too so that the rule can be undone: a raw value beginning with ' also gets one more.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * One cell: a value starting like a formula is prefixed with a single quote (shown as text, never run),
 * then quoted with "" doubled when it holds the separator, a quote or a line break (RFC 4180).
 * Undo: unquote, then drop the first character if it is a single quote.
 */
export function csvCell(value: string | number | null | undefined, separator = ';'): string {
  const text = value === null || value === undefined ? '' : String(value);
  const neutral = FORMULA_START.test(text) ? `'${text}` : text;
  return neutral.includes(separator) || /["\n\r]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
}

/** One line of cells joined by `separator` (« ; », what French spreadsheets open without asking), without the line break. */
export function csvLine(cells: readonly (string | number | null | undefined)[], separator = ';'): string {
  return cells.map((c) => csvCell(c, separator)).join(separator);
}
