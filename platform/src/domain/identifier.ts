/**
 * Voter identifiers: 11 random digits and a check digit (Luhn), shown as 4-4-4, so that a mistyped
 * identifier is caught before any password is tried.
 */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function makeIdentifier(random11Digits: string): string {
  const all = random11Digits + String(luhnCheckDigit(random11Digits));
  return `${all.slice(0, 4)}-${all.slice(4, 8)}-${all.slice(8, 12)}`;
}

/** Accepts spaces or no separators; returns the canonical 4-4-4 form or null. */
export function normaliseIdentifier(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  if (!/^\d{12}$/.test(digits)) return null;
  if (luhnCheckDigit(digits.slice(0, 11)) !== Number(digits[11])) return null;
  return makeIdentifier(digits.slice(0, 11));
}
