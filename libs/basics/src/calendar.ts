/**
 * Calendar days and instants, kept apart. A calendar day (a birth date, the appeal deadline) is the
 * text 'YYYY-MM-DD' end to end — the database layer hands `date` columns over as that text — and never
 * goes through a JS Date, whose day depends on the process time zone. An instant (a scan, the vote's
 * close) is a Date or an ISO string with its offset, and is shown in the election's time zone with
 * its UTC offset (docs/design-notes.md, « Dates et fuseaux »). Pure and free of Node APIs: the
 * dashboard uses it too.
 */

/** 'YYYY-MM-DD', a day of the calendar with no time zone attached. */
export type CalendarDate = string & { readonly __calendarDate: true };

/** Metropolitan chambers; a CCI of Martinique, Guadeloupe, Guyane, La Réunion or Mayotte sets its own. */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day if `value` is an existing 'YYYY-MM-DD' day of the Gregorian calendar, else null. */
export function parseCalendarDate(value: string): CalendarDate | null {
  const m = CALENDAR_DATE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Date.UTC only checks the day exists (31/02 rolls over); UTC so that no local zone is involved.
  const check = new Date(Date.UTC(y, mo - 1, d));
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? (value as CalendarDate) : null;
}

/** Whether `zone` is an IANA time zone name this runtime knows (Intl is the reference: no copy of the tz database). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const partsFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** The calendar day an instant falls on in `zone` (e.g. « today » for the appeal deadline, in the election's zone). */
export function calendarDateIn(instant: Date, zone: string): CalendarDate {
  // en-CA formats as YYYY-MM-DD.
  return cached(dayFormats, zone, () => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(instant) as CalendarDate;
}

/** « 10/02/1960 »: a calendar day as French readers write it, with no time zone involved. */
export function frCalendarDate(day: CalendarDate | string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « 30 novembre 2026 » (« 1er » for the first of the month): a calendar day in words. */
export function frCalendarDateLong(day: CalendarDate | string): string {
  const d = Number(day.slice(8, 10));
  return `${d === 1 ? '1er' : d} ${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
}

type WallClock = { day: CalendarDate; hour: string; minute: string; second: string; offsetMinutes: number };

function wallClock(instant: Date, zone: string): WallClock {
  const f = cached(partsFormats, zone, () => new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offsetMinutes = Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  return { day: `${p.year}-${p.month}-${p.day}` as CalendarDate, hour: p.hour!, minute: p.minute!, second: p.second!, offsetMinutes };
}

/** « UTC+1 », « UTC-4 », « UTC+5:30 », « UTC »: ASCII only, so that the PDF standard fonts can draw it. */
export function utcOffsetLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const abs = Math.abs(offsetMinutes);
  return `UTC${offsetMinutes < 0 ? '-' : '+'}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''}`;
}

export type InstantStyle = {
  /** « 30 novembre 2026 » instead of « 30/11/2026 » (the PV's prose). */
  long?: boolean;
  /** hh:mm:ss instead of hh:mm (the dashboard's lists, the journal). */
  seconds?: boolean;
  /** The time alone, without the day (a list whose day is shown above it). */
  timeOnly?: boolean;
};

/**
 * The one way an instant is shown to a person — screens, PV, letters, CLI output: the wall clock of
 * the election's zone followed by its UTC offset, « 30/11/2026 à 09:15 UTC+1 ». The offset makes it
 * unambiguous for a reader in that zone and outside it, including the hour repeated when summer time
 * ends (02:30 UTC+2, then 02:30 UTC+1). `instant` is a Date or an ISO 8601 string with its offset.
 */
export function formatInstant(instant: Date | string, zone: string, style: InstantStyle = {}): string {
  const w = wallClock(typeof instant === 'string' ? new Date(instant) : instant, zone);
  const time = `${w.hour}:${w.minute}${style.seconds ? `:${w.second}` : ''} ${utcOffsetLabel(w.offsetMinutes)}`;
  if (style.timeOnly) return time;
  return `${style.long ? frCalendarDateLong(w.day) : frCalendarDate(w.day)} à ${time}`;
}
