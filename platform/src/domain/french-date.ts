/**
 * The birth date as a voter writes it in France, JJ/MM/AAAA, whatever the browser's language: a
 * `type="date"` field orders its parts by the system's locale (MM/DD on an English one) and cannot be trusted.
 */

/**
 * Reads « 07/03/1968 » (also with « . », « - » or spaces between the parts, one-digit day or month) into
 * the ISO date « 1968-03-07 » the platform checks; null for anything that is not a real calendar date.
 */
export function parseFrenchDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31/02 over into March: a real date reads back the same parts.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
