/** French formats everywhere, in the chamber's time zone whatever the machine's. */
const TZ = 'Europe/Paris';

const dateTime = new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, dateStyle: 'short', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, dateStyle: 'long' });
const timeOnly = new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, timeStyle: 'medium' });
const integer = new Intl.NumberFormat('fr-FR');
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const frDateTime = (iso: string | Date) => dateTime.format(new Date(iso));
export const frDate = (iso: string | Date) => dateOnly.format(new Date(iso));
export const frTime = (iso: string | Date) => timeOnly.format(new Date(iso));
export const frInt = (n: number) => integer.format(n);
export const frPercent = (part: number, whole: number) => (whole > 0 ? percent.format(part / whole) : '—');
export const plural = (n: number, one: string, many: string) => `${frInt(n)} ${n > 1 ? many : one}`;
/** The station's labels are written to sit mid-sentence; alone on a button or a line they take a capital. */
export const capitalised = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);
