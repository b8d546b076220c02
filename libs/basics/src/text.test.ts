import fc from 'fast-check';
import { normaliseRollText } from './text.js';

const value = (text: string, multiline = false) => {
  const r = normaliseRollText(text, multiline);
  if (!r.ok) throw new Error(`refusé : ${JSON.stringify(r.error)}`);
  return r.value;
};

describe('normaliseRollText', () => {
  it('keeps letters outside Latin-1 and composes NFC', () => {
    expect(value('DVOŘÁK')).toBe('DVOŘÁK');
    expect(value('ŐRSI Łucja')).toBe('ŐRSI Łucja');
    expect(value('DVOR\u030CA\u0301K')).toBe('DVOŘÁK');
  });

  it('turns every Unicode space and tab into one space and trims', () => {
    for (const space of ['\u00A0', '\u202F', '\u2009', '\u2007', '\u3000', '\t', '  '])
      expect([space, value(` 12${space}rue des Lilas${space}`)]).toEqual([space, '12 rue des Lilas']);
  });

  it('keeps the lines of an address, joins them elsewhere', () => {
    expect(value('3 place du Marché\r\n\r\n35700 Rennes ', true)).toBe('3 place du Marché\n35700 Rennes');
    expect(value('Jean\nPierre')).toBe('Jean Pierre');
  });

  it('removes direction marks and zero-width characters', () => {
    expect(value('\u200FBENALI\u200E')).toBe('BENALI');
    expect(value('MAR\u200BTIN\u2060\uFEFF\u061C')).toBe('MARTIN');
  });

  it('refuses controls and bidirectional overrides, naming the code point', () => {
    for (const [text, codePoint] of [['\u202EKAPUT', 0x202e], ['A\u2066B', 0x2066], ['A\u0000', 0], ['A\u0007', 7], ['A\u0085B', 0x85], ['A\u007F', 0x7f], ['1 rue\n\u001B', 0x1b]] as const) {
      const r = normaliseRollText(text, true);
      expect(r.ok ? null : r.error.codePoint).toBe(codePoint);
    }
  });

  it('property: the result is NFC, has no control, bidi, invisible or non-ASCII space character, no double space, and is stable', () => {
    const alphabet = fc.constantFrom('a', 'Ř', 'é', 'e\u0301', ' ', '\u00A0', '\u202F', '\t', '\n', '\u200F', '\u200E', '\u200B', '\uFEFF', '-', "'", '\u202E', '\u0007', '\u2067');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')), fc.boolean(), (text, multiline) => {
        const r = normaliseRollText(text, multiline);
        if (!r.ok) {
          expect(/[\u202E\u0007\u2067]/.test(text)).toBe(true);
          return;
        }
        expect(r.value).toBe(r.value.normalize('NFC'));
        expect(r.value).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202F\u2066-\u2069\uFEFF\u00A0]|  |^ | $/);
        if (!multiline) expect(r.value).not.toContain('\n');
        expect(normaliseRollText(r.value, multiline)).toEqual({ ok: true, value: r.value });
      }),
      { numRuns: 500 },
    );
  });
});
