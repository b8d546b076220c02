/** French formats everywhere; times in the election's zone whatever the machine's (@scrutin/basics/calendar.ts). */
import { DEFAULT_TIME_ZONE, formatInstant, frCalendarDateLong, type CalendarDate } from '@scrutin/basics/calendar.js';

let zone = DEFAULT_TIME_ZONE;

/** The election's IANA zone, as the station states it in the session (/api/session): every time on screen is in it. */
export function setDisplayTimeZone(timeZone: string): void {
  zone = timeZone;
}

const integer = new Intl.NumberFormat('fr-FR');
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** « 30/11/2026 à 09:15:42 UTC+1 »: an instant (ISO 8601 with its offset, or a Date). */
export const frDateTime = (iso: string | Date) => formatInstant(iso, zone, { seconds: true });
/** « 30 novembre 2026 »: a calendar day 'YYYY-MM-DD' (a birth date, the appeal deadline), which no zone shifts. */
export const frDate = (day: CalendarDate | string) => frCalendarDateLong(day);
/** « 09:15:42 UTC+1 »: the time of an instant, where its day goes without saying (a live scan). */
export const frTime = (iso: string | Date) => formatInstant(iso, zone, { timeOnly: true, seconds: true });
export const frInt = (n: number) => integer.format(n);
export const frPercent = (part: number, whole: number) => (whole > 0 ? percent.format(part / whole) : '—');
export const plural = (n: number, one: string, many: string) => `${frInt(n)} ${n > 1 ? many : one}`;
/** The station's labels are written to sit mid-sentence; alone on a button or a line they take a capital. */
export const capitalised = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);
