import fc from 'fast-check';
import { jsonDefect, MAX_JSON_DEPTH, parseUntrustedJson, UntrustedJsonError } from './json-limits.js';

const depthOf = (v: unknown): number => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0);
const hasNul = (v: unknown): boolean =>
  typeof v === 'string' ? v.includes('\u0000') : v && typeof v === 'object' ? Object.entries(v).some(([k, x]) => k.includes('\u0000') || hasNul(x)) : false;

describe('jsonDefect: depth and NUL found on the bytes, as JSON.parse would read them', () => {
  test('property: agrees with the parsed value, for strings of every kind', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.nat(70), (value, wrap) => {
        const text = '['.repeat(wrap) + JSON.stringify(value) + ']'.repeat(wrap);
        const expected = depthOf(value) + wrap > MAX_JSON_DEPTH ? 'TOO_DEEP' : hasNul(value) ? 'NUL_CHARACTER' : null;
        const found = jsonDefect(new TextEncoder().encode(text));
        // The scan stops at the first defect: depth and NUL both present may report either.
        if (expected === 'TOO_DEEP' && hasNul(value)) expect(found).not.toBeNull();
        else expect(found).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  test.each([
    ['100,000 nested arrays: too deep', '['.repeat(100_000) + ']'.repeat(100_000), 'TOO_DEEP'],
    ['NUL in a value: refused', '{"a":"x\\u0000"}', 'NUL_CHARACTER'],
    ['NUL in a key: refused', '{"a\\u0000":1}', 'NUL_CHARACTER'],
    ['an escaped backslash before u0000: accepted', '{"a":"\\\\u0000"}', null],
    ['brackets inside a string: accepted', '{"a":"[[[[\\"]]]"}', null],
  ])('%s', (_name, text, defect) => {
    expect(jsonDefect(new TextEncoder().encode(text))).toBe(defect);
    expect(jsonDefect(text)).toBe(defect);
  });

  test('parseUntrustedJson: French refusal for a defect, JSON.parse’s own error otherwise', () => {
    expect(() => parseUntrustedJson(new TextEncoder().encode('['.repeat(65) + ']'.repeat(65)))).toThrow(new UntrustedJsonError('JSON refusé : le fichier est imbriqué sur plus de 64 niveaux.'));
    expect(() => parseUntrustedJson(new TextEncoder().encode('{'))).toThrow(SyntaxError);
    expect(parseUntrustedJson(new TextEncoder().encode('{"nom":"Éloïse"}'))).toEqual({ nom: 'Éloïse' });
  });
});
