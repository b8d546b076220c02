import fc from 'fast-check';
import { emargementCsv, type EmargementEntry } from '../scanning/counters.js';
import { csvCell, csvLine } from './csv.js';

/** What a reader does to get the raw value back (docs/formats/emargement-csv.md): unquote, then drop one leading quote. */
function readCell(cell: string): string {
  const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
  return unquoted.startsWith("'") ? unquoted.slice(1) : unquoted;
}

const FORMULA = "=cmd|' /C calc'!A0";

describe('csvCell: a cell is never read as a formula, and the raw value can be recovered', () => {
  test.each([
    [FORMULA, `'${FORMULA}`],
    ['+33 6 12 34 56 78', "'+33 6 12 34 56 78"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ["'déjà cité", "''déjà cité"],
    ['=HYPERLINK("http://x";"y")', `"'=HYPERLINK(""http://x"";""y"")"`],
    ['DUPONT-MARTIN', 'DUPONT-MARTIN'],
    ['Éloïse', 'Éloïse'],
    ['', ''],
  ])('%j → %j', (raw, written) => {
    expect(csvCell(raw)).toBe(written);
    expect(readCell(csvCell(raw))).toBe(raw);
  });

  test('numbers and absent values', () => {
    expect(csvLine([12, null, undefined, 'a;b'])).toBe('12;;;"a;b"');
  });

  test('property: no written cell starts with a formula character, and reading it gives the raw value back', () => {
    const hostile = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", ';', '"', '\n', 'a', 'é') }));
    fc.assert(
      fc.property(hostile, (raw) => {
        const cell = csvCell(raw);
        const shown = cell.startsWith('"') ? cell.slice(1) : cell;
        expect(/^[=+\-@\t\r]/.test(shown)).toBe(false);
        expect(readCell(cell)).toBe(raw);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('emargementCsv (the /api/emargement?format=csv answer and the sealed bundle copy)', () => {
  const entry = (lastName: string, firstNames: string): EmargementEntry => ({
    rightId: 7,
    voterNumber: 'E000007',
    lastName,
    firstNames,
    category: 'C',
    subcategory: null,
    channel: 'POSTAL',
    at: '2026-11-24T08:00:00.000Z',
    stationId: 'POSTE-1',
  });

  test('a name written as a formula comes out as text', () => {
    expect(emargementCsv([entry(FORMULA, '@Camille'), entry('-MOREAU', '+Lou')]).split('\n')).toEqual([
      'qualite;numero_electeur;nom;prenoms;categorie;sous_categorie;canal;horodatage;poste',
      `7;E000007;'${FORMULA};'@Camille;C;;correspondance;2026-11-24T08:00:00.000Z;POSTE-1`,
      "7;E000007;'-MOREAU;'+Lou;C;;correspondance;2026-11-24T08:00:00.000Z;POSTE-1",
      '',
    ]);
  });
});
