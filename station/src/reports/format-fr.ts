/** French formatting for the PV, restricted to characters the standard PDF fonts can draw. */
const dateTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });
const shortDateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

// Intl uses U+202F (narrow no-break space), which WinAnsi lacks; U+00A0 is in it.
const nbsp = (s: string) => s.replace(/[\u202f\u2009]/g, '\u00a0');

export const frDateTime = (iso: string) => nbsp(dateTime.format(new Date(iso)));
export const frShortDateTime = (iso: string) => nbsp(shortDateTime.format(new Date(iso)));
export const frDate = (ymd: string) => `${ymd.slice(8, 10)}/${ymd.slice(5, 7)}/${ymd.slice(0, 4)}`;
export const frNumber = (n: number) => nbsp(n.toLocaleString('fr-FR'));
export function frPercent(part: number, whole: number): string {
  if (whole === 0) return '—';
  return `${nbsp((Math.round((part / whole) * 10000) / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }))}\u00a0%`;
}
