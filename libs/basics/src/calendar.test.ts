import fc from 'fast-check';
import { calendarDateIn, formatInstant, frCalendarDate, frCalendarDateLong, isTimeZone, parseCalendarDate, utcOffsetLabel, type CalendarDate } from './calendar.js';

const day = (s: string) => s as CalendarDate;

describe('calendar days', () => {
  test('a day of the calendar is written as the French read it, whatever the zone', () => {
    expect(frCalendarDate(day('1960-02-10'))).toBe('10/02/1960');
    expect(frCalendarDateLong(day('2026-11-30'))).toBe('30 novembre 2026');
    expect(frCalendarDateLong(day('2027-01-01'))).toBe('1er janvier 2027');
  });

  test('only existing days parse', () => {
    expect(parseCalendarDate('1960-02-10')).toBe('1960-02-10');
    expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2025-02-29', '1960-13-01', '1960-2-10', '10/02/1960', '1960-02-10T00:00:00Z', '']) expect(parseCalendarDate(bad)).toBeNull();
  });

  test('property: every existing day round-trips through parse and its French form', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(parseCalendarDate(iso)).toBe(iso);
        const [dd, mm, yyyy] = frCalendarDate(day(iso)).split('/');
        expect(`${yyyy}-${mm}-${dd}`).toBe(iso);
      }),
    );
  });

  test('« today » is the day in the given zone, not the process’s nor UTC', () => {
    // 2026-12-01T03:30Z: already 1 December in Paris and Tokyo, still 30 November in Martinique.
    const instant = new Date('2026-12-01T03:30:00Z');
    expect(calendarDateIn(instant, 'Europe/Paris')).toBe('2026-12-01');
    expect(calendarDateIn(instant, 'America/Martinique')).toBe('2026-11-30');
    expect(calendarDateIn(new Date('2026-11-30T23:30:00Z'), 'Europe/Paris')).toBe('2026-12-01');
    expect(calendarDateIn(new Date('2026-11-30T23:30:00Z'), 'Indian/Reunion')).toBe('2026-12-01');
  });
});

describe('time zones', () => {
  test('IANA names are known; anything else is not', () => {
    for (const z of ['Europe/Paris', 'America/Martinique', 'America/Guadeloupe', 'America/Cayenne', 'Indian/Reunion', 'Indian/Mayotte', 'UTC']) expect(isTimeZone(z)).toBe(true);
    for (const z of ['Europe/Pariss', 'Paris', 'heure de Paris', '', 'CET+1']) expect(isTimeZone(z)).toBe(false);
  });
});

describe('formatInstant: the one way an instant is shown', () => {
  const closing = '2026-11-30T08:15:00Z';

  test('wall clock of the election’s zone followed by its UTC offset', () => {
    expect(formatInstant(closing, 'Europe/Paris')).toBe('30/11/2026 à 09:15 UTC+1');
    expect(formatInstant(closing, 'America/Martinique')).toBe('30/11/2026 à 04:15 UTC-4');
    expect(formatInstant(closing, 'Indian/Reunion', { seconds: true })).toBe('30/11/2026 à 12:15:00 UTC+4');
    expect(formatInstant(new Date(closing), 'Europe/Paris', { long: true })).toBe('30 novembre 2026 à 09:15 UTC+1');
    expect(formatInstant(closing, 'Europe/Paris', { timeOnly: true, seconds: true })).toBe('09:15:00 UTC+1');
    expect(formatInstant(closing, 'UTC')).toBe('30/11/2026 à 08:15 UTC');
  });

  test('the hour repeated when summer time ends reads differently each time', () => {
    // 25 October 2026: 02:30 in Paris happens at 00:30Z (summer time) and again at 01:30Z.
    expect(formatInstant('2026-10-25T00:30:00Z', 'Europe/Paris')).toBe('25/10/2026 à 02:30 UTC+2');
    expect(formatInstant('2026-10-25T01:30:00Z', 'Europe/Paris')).toBe('25/10/2026 à 02:30 UTC+1');
  });

  test('offsets that are not whole hours, and ASCII only (the PDF fonts)', () => {
    expect(utcOffsetLabel(330)).toBe('UTC+5:30');
    expect(utcOffsetLabel(-240)).toBe('UTC-4');
    expect(formatInstant(closing, 'Asia/Kolkata')).toBe('30/11/2026 à 13:45 UTC+5:30');
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('Europe/Paris', 'America/Martinique', 'Indian/Reunion', 'Pacific/Kiritimati'), (d, zone) => {
        expect(formatInstant(d, zone)).toMatch(/^\d{2}\/\d{2}\/\d{4} à \d{2}:\d{2} UTC([+-]\d{1,2}(:\d{2})?)?$/);
      }),
    );
  });
});
