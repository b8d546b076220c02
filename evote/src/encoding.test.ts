import fc from 'fast-check';
import { fromBase64Url, toBase64Url } from './encoding.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';

describe('base64url', () => {
  test('round trip for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }));
  });
  test('refuses non-canonical and foreign characters', () => {
    expect(() => fromBase64Url('AB')).toThrow(); // leftover bits set
    expect(() => fromBase64Url('AA==')).toThrow();
    expect(() => fromBase64Url('A')).toThrow();
  });
});

describe('canonicalJson', () => {
  test('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 'é' }] })).toBe(canonicalJson({ a: [2, { c: 'é', d: 1 }], b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
