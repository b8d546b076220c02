/**
 * French formatting for the PV, restricted to characters the standard PDF fonts can draw. Days and
 * times come from @scrutin/basics/calendar.ts (formatInstant, frCalendarDate), which are ASCII apart from « à ».
 */

// Intl uses U+202F (narrow no-break space), which WinAnsi lacks; U+00A0 is in it.
const nbsp = (s: string) => s.replace(/[\u202f\u2009]/g, '\u00a0');

export const frNumber = (n: number) => nbsp(n.toLocaleString('fr-FR'));
export function frPercent(part: number, whole: number): string {
  if (whole === 0) return '—';
  return `${nbsp((Math.round((part / whole) * 10000) / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }))}\u00a0%`;
}
