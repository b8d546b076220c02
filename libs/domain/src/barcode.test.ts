import fc from 'fast-check';
import { normaliseRead } from './read-text.js';
import { classifyBarcode, makeBarcode } from './barcode.js';

const secret = new Uint8Array(32).map((_, i) => i * 7 + 1);
const election = { code: 'CCIGO26', secret, acceptsPreprinted: false };
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ-';

const rightId = fc.integer({ min: 1, max: 9_999_999 });

describe('barcode', () => {
  it('round trip: a generated code is read back as its right', () => {
    fc.assert(
      fc.property(rightId, (id) => {
        const code = makeBarcode(secret, election.code, id);
        expect(code).toMatch(/^CCIGO26-\d{7}-[0-9A-HJKMNP-TV-Z]{8}$/);
        expect(classifyBarcode(code, election)).toEqual({ kind: 'RIGHT', rightId: id, barcode: code });
      }),
    );
  });

  it('any single-character change is refused without a lookup: MALFORMED, or OTHER_ELECTION when it hits the election code', () => {
    fc.assert(
      fc.property(rightId, fc.nat(), fc.constantFrom(...ALPHABET), fc.constantFrom('substitute', 'delete', 'insert'), (id, at, c, edit) => {
        const code = makeBarcode(secret, election.code, id);
        const i = at % code.length;
        const changed = edit === 'substitute' ? code.slice(0, i) + c + code.slice(i + 1) : edit === 'delete' ? code.slice(0, i) + code.slice(i + 1) : code.slice(0, i) + c + code.slice(i);
        fc.pre(changed !== code);
        const result = classifyBarcode(changed, election);
        const codeChanged = changed.split('-')[0] !== election.code;
        expect(result.kind).toBe(codeChanged && result.kind === 'OTHER_ELECTION' ? 'OTHER_ELECTION' : 'MALFORMED');
      }),
      { numRuns: 3000 },
    );
  });

  it('a code of another election is OTHER_ELECTION, whatever its MAC', () => {
    const other = makeBarcode(new Uint8Array(32), 'AUTRE26', 12);
    expect(classifyBarcode(other, election)).toEqual({ kind: 'OTHER_ELECTION', electionCode: 'AUTRE26' });
    expect(classifyBarcode('AUTRE26-0000012-ZZZZZZZZ', election).kind).toBe('OTHER_ELECTION');
  });

  it('the MAC depends on the election secret', () => {
    const forged = makeBarcode(new Uint8Array(32).fill(9), election.code, 5);
    expect(classifyBarcode(forged, election)).toMatchObject({ kind: 'MALFORMED', reason: expect.stringMatching(/clé de contrôle invalide/) });
  });

  it('normaliseRead strips what scanners add to a read: terminators, control characters, an AIM identifier; upper-cases a generated code', () => {
    expect(normaliseRead('\r\n  CCIGO26-0000001-ABCDEFGH\t\r\n')).toBe('CCIGO26-0000001-ABCDEFGH');
    expect(normaliseRead('\u0002CODE\u0003')).toBe('CODE');
    expect(normaliseRead('A B')).toBe('A B');
    expect(normaliseRead('A\u0000B\u001d\u007f')).toBe('AB');
    for (const aim of [']C0', ']d2', ']Q1', ']E0', ']A0']) expect(normaliseRead(`${aim}CCIGO26-0000001-ABCDEFGH\r`)).toBe('CCIGO26-0000001-ABCDEFGH');
    expect(normaliseRead('ccigo26-0000001-bz85zffz')).toBe('CCIGO26-0000001-BZ85ZFFZ');
    expect(normaliseRead('Pre-000123-abc')).toBe('Pre-000123-abc'); // a pre-printed code keeps its case
    const noise = fc.constantFrom('', '\r', '\n', '\r\n', '\t', ' ', '\u0002', '\u0003', '\u0000');
    const aim = fc.constantFrom('', ']C0', ']d2', ']Q1');
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normaliseRead(s);
        expect(normaliseRead(once)).toBe(once);
      }),
    );
    // every generated barcode, in either case, with what any of the paths may add around it, reads back exactly
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999 }), noise, aim, noise, fc.boolean(), (id, before, prefix, after, lower) => {
        const code = makeBarcode(secret, election.code, id);
        expect(normaliseRead(`${before}${prefix}${lower ? code.toLowerCase() : code}${after}`)).toBe(code);
      }),
    );
    const code = makeBarcode(secret, election.code, 42);
    expect(classifyBarcode(`${code}\r\n`, election)).toMatchObject({ kind: 'RIGHT', rightId: 42, barcode: code });
  });

  it('empty, too long, control characters, SQL, HTML and bad MACs are MALFORMED with a French reason', () => {
    const cases: [string, RegExp][] = [
      ['', /vide/],
      ['   \r\n', /vide/],
      ['A'.repeat(10_000), /trop long/],
      // control characters are removed; the MAC then refuses what is left
      ['CCIGO26-0000001\u0000-ABCDEFGH', /clé de contrôle/],
      ["'; DROP TABLE scan; --", /illisibles/],
      ['<script>alert(1)</script>', /illisibles|non reconnu/],
      ['éèà', /illisibles/],
      ['CCIGO26-0000001-abcdefgh', /clé de contrôle/],
      ['CCIGO26-0000001-abcdefg!', /non reconnu/],
    ];
    for (const [raw, reason] of cases) {
      const result = classifyBarcode(raw, election);
      expect(result.kind).toBe('MALFORMED');
      if (result.kind === 'MALFORMED') expect(result.reason).toMatch(reason);
    }
  });

  it('any string is classified without throwing, and only a genuine code is a RIGHT', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => {
        const result = classifyBarcode(s, election);
        if (result.kind === 'RIGHT') expect(makeBarcode(secret, election.code, result.rightId)).toBe(normaliseRead(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('pre-printed codes pass only when the roll brought some', () => {
    expect(classifyBarcode('PRE-000123', { ...election, acceptsPreprinted: true })).toEqual({ kind: 'PREPRINTED', barcode: 'PRE-000123' });
    expect(classifyBarcode('PRE-000123', election).kind).toBe('MALFORMED');
    expect(classifyBarcode('PRE 000123', { ...election, acceptsPreprinted: true }).kind).toBe('MALFORMED');
  });
});
