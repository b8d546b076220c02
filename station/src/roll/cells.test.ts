import fc from 'fast-check';
import { identifierProblem, LeadingZeroCheck, normaliseCell, readDate, restoreSiren } from './cells.js';

/** A cell as Excel writes it when the column is protected as text: ="…" with inner quotes doubled. */
const excelText = (value: string) => `="${value.replace(/"/g, '""')}"`;
/** A value as the roll means it: no surrounding spaces and no no-break space (those are what the normaliser removes). */
const cellValue = fc.string({ unit: fc.constantFrom('0', '1', '9', 'A', 'é', '-', ' ', '"', '=', ';', '\u00a0'), maxLength: 20 }).map((s) => s.replace(/\u00a0/g, ' ').trim());

describe('spreadsheet cells', () => {
  it('undoes Excel text protection and no-break spaces', () => {
    expect(normaliseCell('="00012345"')).toBe('00012345');
    expect(normaliseCell(' ="00012345" ')).toBe('00012345');
    expect(normaliseCell('="Société ""Le Port"""')).toBe('Société "Le Port"');
    expect(normaliseCell('\u00a0Dupont\u00a0\u00a0')).toBe('Dupont');
    expect(normaliseCell('Jean\u00a0Pierre')).toBe('Jean Pierre');
    expect(normaliseCell('=A1+B2')).toBe('=A1+B2');
    expect(normaliseCell('')).toBe('');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), cellValue.map(excelText), cellValue.map((v) => excelText(excelText(v)))), (raw) => {
      const once = normaliseCell(raw);
      expect(normaliseCell(once)).toBe(once);
    }));
  });

  it('a value written as Excel writes it reads back as the original', () => {
    // the one value that cannot come back is one that itself reads ="…": no roll holds such a name or number
    const meant = cellValue.filter((v) => !/^="[^]*"$/.test(v));
    fc.assert(
      fc.property(meant, fc.constantFrom('', ' ', '\u00a0', '  '), fc.boolean(), (value, pad, protect) => {
        expect(normaliseCell(`${pad}${protect ? excelText(value) : value}${pad}`)).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses scientific notation with an explanation, and only that', () => {
    for (const v of ['1.23457E+11', '1,23457E+11', '7E+08', '1.2e-3']) expect(identifierProblem(v)).toContain('notation scientifique');
    for (const v of ['00012345', 'E12', 'CCIGO26-0000001-BZ85ZFFZ', '12E']) expect(identifierProblem(v)).toBeNull();
  });

  it('restores the leading zeros of a SIREN (fixed width) and nothing else', () => {
    expect(restoreSiren('44306181')).toBe('044306181');
    expect(restoreSiren('732829320')).toBe('732829320');
    expect(restoreSiren('1234567890')).toBe('1234567890');
    expect(restoreSiren('ABC')).toBe('ABC');
  });
});

describe('birth dates as spreadsheets write them', () => {
  it.each(['10/02/1960', '10/2/1960', '1960-02-10', '10.02.1960', '10-02-1960', '21956', '10/02/1960 00:00:00', '10/02/1960 00:00', '1960-02-10 00:00:00', '1960-02-10T00:00:00'])(
    '« %s » is 10 February 1960',
    (raw) => expect(readDate(raw)).toEqual({ ok: true, value: '1960-02-10' }),
  );

  it.each([
    ['10/02/60', "année « 60 » ambiguë : écrivez l'année sur 4 chiffres (JJ/MM/AAAA)"],
    ['10/02/060', "année « 060 » ambiguë : écrivez l'année sur 4 chiffres (JJ/MM/AAAA)"],
    ['10/02-1960', 'format non reconnu (attendu JJ/MM/AAAA)'],
    ['10/02/1960 12:30:00', 'format non reconnu (attendu JJ/MM/AAAA)'],
    ['29/02/1900', "date qui n'existe pas au calendrier"],
    ['1970', 'format non reconnu (attendu JJ/MM/AAAA)'],
    ['9999', 'format non reconnu (attendu JJ/MM/AAAA)'],
    ['99999', 'année 2173 hors de 1900–2020'],
  ])('« %s » is refused: %s', (raw, why) => expect(readDate(raw)).toEqual({ ok: false, error: why }));

  it('every calendar date of 1900–2020 reads back from each of its spreadsheet spellings, the five-digit Excel serial included', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
        const iso = day.toISOString().slice(0, 10);
        const [y, m, dd] = iso.split('-') as [string, string, string];
        const serial = String(Math.round((day.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000));
        for (const raw of [`${dd}/${m}/${y}`, `${Number(dd)}/${Number(m)}/${y}`, iso, `${dd}.${m}.${y}`, `${dd}-${m}-${y}`, `${dd}/${m}/${y} 00:00:00`, ...(Number(serial) >= 10000 ? [serial] : [])]) {
          expect(readDate(raw)).toEqual({ ok: true, value: iso });
        }
      }),
    );
  });
});

describe('voter numbers that lost their leading zeros', () => {
  it('names every all-digit number shorter than the zero-padded ones, in line order', () => {
    const check = new LeadingZeroCheck(500);
    check.add(2, '00012345');
    check.add(3, '12346');
    check.add(4, 'E-77');
    check.add(5, '10012347');
    check.add(6, '123');
    expect(check.suspects()).toEqual({ first: [{ line: 3, value: '12346' }, { line: 6, value: '123' }], count: 2, width: 8 });
  });

  it('says nothing when no number carries a leading zero (the width is then unknown)', () => {
    const check = new LeadingZeroCheck(500);
    for (const [line, n] of [[2, '12345'], [3, '678'], [4, '1000000']] as const) check.add(line, n);
    expect(check.suspects().count).toBe(0);
  });

  it('remembers at most `keep` lines per length, while counting them all', () => {
    const check = new LeadingZeroCheck(3);
    check.add(2, '0001');
    for (let line = 3; line < 1000; line++) check.add(line, String(line % 9 + 1));
    const s = check.suspects();
    expect(s.count).toBe(997);
    expect(s.first.map((x) => x.line)).toEqual([3, 4, 5]);
  });
});
