import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { makeBarcode } from '@scrutin/domain/barcode.js';
import { barcodeMaker } from './barcodes.js';
import { mapHeader } from './columns.js';
import { buildCategoryIndex, validateRow } from './row.js';

const categories = buildCategoryIndex([
  { code: 'C', name: 'Commerce', subcategories: [{ code: 'C1', name: 'moins de 10 salariés' }, { code: 'C2', name: '10 salariés et plus' }] },
  { code: 'I', name: 'Industrie', subcategories: [] },
]);

describe('roll header mapping', () => {
  it('maps the usual French headers and their variants (case, accents, spaces, punctuation ignored)', () => {
    const m = mapHeader(['N° électeur', 'Civilité', 'Nom de naissance', 'Prénom', 'Date de naissance', 'Sous-catégorie', 'Catégorie', 'Code barre', 'Raison sociale', 'N° SIREN']);
    expect(m.errors).toEqual([]);
    expect(m.columns).toEqual(['voterNumber', 'civility', 'lastName', 'firstNames', 'birthDate', 'subcategory', 'category', 'barcode', 'companyName', 'siren']);
    expect(mapHeader(['NUMERO ELECTEUR', 'NOM', 'PRENOMS', 'NE(E) LE', 'CATEGORIE', 'CODE-BARRES']).errors).toEqual([]);
  });

  it('names unknown and missing columns in French', () => {
    const m = mapHeader(['Nom', 'Prénoms', 'Couleur préférée', 'Catégorie']);
    expect(m.errors).toEqual([
      'colonne 3 « Couleur préférée » inconnue',
      "colonne obligatoire manquante : numéro d'électeur",
      'colonne obligatoire manquante : date de naissance',
    ]);
  });

  it('refuses a column given twice', () => {
    expect(mapHeader(['Numéro électeur', 'Nom', 'Nom de famille', 'Prénoms', 'Date de naissance', 'Catégorie']).errors).toEqual(['colonne 3 « Nom de famille » : nom en double']);
  });
});

describe('roll row validation', () => {
  const header = mapHeader(['Numéro électeur', 'Nom', 'Prénoms', 'Date de naissance', 'SIREN', 'Catégorie', 'Sous-catégorie', 'Code-barres']).columns;

  it('accepts a good row, categories by code or by name, in any case and without accents', () => {
    const r = validateRow(7, header, ['E1', ' Dupont ', 'Jean', '03/02/1970', '732 829 320', 'commerce', 'MOINS DE 10 SALARIES', ''], categories);
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({ line: 7, voterNumber: 'E1', lastName: 'Dupont', birthDate: '1970-02-03', siren: '732829320', category: 'C', subcategory: 'C1', barcode: null }),
    });
    const industry = validateRow(8, header, ['E2', 'Martin', 'Élise', '1980-12-31', '', 'I', '', 'PRE-0001'], categories);
    expect(industry.ok && industry.value).toMatchObject({ category: 'I', subcategory: null, barcode: 'PRE-0001' });
  });

  it('bad dates are refused with their line and the reason', () => {
    const cases: [string, string][] = [
      ['31/02/1970', "date qui n'existe pas au calendrier"],
      ['1970-13-01', "date qui n'existe pas au calendrier"],
      ['12/1970', 'format non reconnu (attendu JJ/MM/AAAA)'],
      ['hier', 'format non reconnu (attendu JJ/MM/AAAA)'],
      ['00/01/1970', "date qui n'existe pas au calendrier"],
      ['01/01/1850', 'année 1850 hors de 1900–2020'],
      ['10/02/60', "année « 60 » ambiguë : écrivez l'année sur 4 chiffres (JJ/MM/AAAA)"],
    ];
    for (const [date, why] of cases) {
      const r = validateRow(12, header, ['E1', 'Dupont', 'Jean', date, '', 'C', 'C1', ''], categories);
      expect(r).toEqual({ ok: false, error: [{ line: 12, column: 'birthDate', code: 'BAD_DATE', message: `ligne 12 : date de naissance « ${date} » invalide : ${why}` }] });
    }
  });

  it('reads what a spreadsheet wrote: text-protected ="…" cells, no-break and trailing spaces, dates as Excel writes them, SIREN without its zeros', () => {
    const r = validateRow(3, header, ['="00012345"', '\u00a0Dupont\u00a0 ', 'Jean\u202fPierre ', '21956', '="732 829 320"', 'C', 'C1', '="CCIGO26-0000001-ABCDEFGH"'], categories);
    expect(r.ok && r.value).toMatchObject({ voterNumber: '00012345', lastName: 'Dupont', firstNames: 'Jean Pierre', birthDate: '1960-02-10', barcode: 'CCIGO26-0000001-ABCDEFGH' });
    // a SIREN has 9 digits: the zeros Excel drops are restored before the Luhn check
    const restored = validateRow(3, header, ['E1', 'Dupont', 'Jean', '10/02/1960 00:00:00', '44306181', 'C', 'C1', ''], categories);
    expect(restored.ok && restored.value).toMatchObject({ siren: '044306181', birthDate: '1960-02-10' });
  });

  it('refuses identifiers a spreadsheet wrote in scientific notation, explaining why', () => {
    const r = validateRow(9, header, ['1,23457E+11', 'Dupont', 'Jean', '10/02/1960', '7,32829E+08', 'C', 'C1', '1.23457E+11'], categories);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => [e.column, e.code])).toEqual([
      ['voterNumber', 'BAD_NUMBER'],
      ['siren', 'BAD_SIREN'],
      ['barcode', 'BAD_BARCODE'],
    ]);
    expect(r.error[0]!.message).toBe(
      "ligne 9 : numéro d'électeur « 1,23457E+11 » est écrit en notation scientifique par le tableur : les derniers chiffres sont perdus ; mettez la colonne au format Texte dans le fichier d'origine et exportez-le de nouveau",
    );
  });

  it('a trailing column without a header is ignored while empty, refused when it holds a value', () => {
    const columns = mapHeader(['Numéro électeur', 'Nom', 'Prénoms', 'Date de naissance', 'Catégorie', '']);
    expect(columns.errors).toEqual([]);
    expect(validateRow(2, columns.columns, ['E1', 'Dupont', 'Jean', '10/02/1960', 'I', ' '], categories).ok).toBe(true);
    expect(validateRow(2, columns.columns, ['E1', 'Dupont', 'Jean', '10/02/1960', 'I', 'oubli'], categories)).toEqual({
      ok: false,
      error: [{ line: 2, column: 'colonne 6', code: 'BAD_COLUMNS', message: "ligne 2 : valeur « oubli » dans la colonne 6, qui n'a pas d'en-tête" }],
    });
  });

  it('reports every problem of a row, each in French with the line number', () => {
    const r = validateRow(5, header, ['', 'Dupont', '', '01/01/1970', '123456789', 'Agriculture', '', 'é'], categories);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => e.code).sort()).toEqual(['BAD_BARCODE', 'BAD_SIREN', 'MISSING_VALUE', 'MISSING_VALUE', 'UNKNOWN_CATEGORY']);
    for (const e of r.error) expect(e.message.startsWith('ligne 5 : ')).toBe(true);
    const sub = validateRow(6, header, ['E1', 'Dupont', 'Jean', '01/01/1970', '', 'C', 'C9', ''], categories);
    expect(!sub.ok && sub.error[0]).toMatchObject({ code: 'UNKNOWN_SUBCATEGORY', message: 'ligne 6 : sous-catégorie « C9 » inconnue pour la catégorie C' });
  });

  it('never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1e7 }), fc.array(fc.string({ maxLength: 400 }), { minLength: 0, maxLength: 10 }), (line, values) => {
        const r = validateRow(line, header, values, categories);
        if (!r.ok) for (const e of r.error) expect(e.message.startsWith(`ligne ${line} : `)).toBe(true);
      }),
    );
  });
});

describe('roll barcodes', () => {
  it('barcodeMaker gives exactly makeBarcode (@scrutin/domain/barcode.ts)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 1, max: 9_999_999_999 }), fc.constantFrom('CCIGO26', 'AB', 'X1234567890'), (secret, id, code) => {
        expect(barcodeMaker(secret, code)(id)).toBe(makeBarcode(secret, code, id));
      }),
    );
    const secret = randomBytes(32);
    const make = barcodeMaker(secret, 'CCIGO26');
    for (let id = 1; id <= 2000; id++) expect(make(id)).toBe(makeBarcode(secret, 'CCIGO26', id));
  });
});

describe('roll row text (issue 12)', () => {
  const header = mapHeader(['Numéro électeur', 'Nom', 'Prénoms', 'Date de naissance', 'Adresse postale', 'Catégorie', 'Sous-catégorie']).columns;

  it('normalises names and addresses: NFC, Unicode spaces, right-to-left marks removed', () => {
    const r = validateRow(2, header, ['E1', '\u200FDVOR\u030CA\u0301K', 'Zdeněk\u202FJan', '03/02/1970', '12\u00A0rue des Lilas\r\n35000 Rennes', 'C', 'C1'], categories);
    expect(r.ok && r.value).toMatchObject({ lastName: 'DVOŘÁK', firstNames: 'Zdeněk Jan', postalAddress: '12 rue des Lilas\n35000 Rennes' });
  });

  it('refuses a bidirectional override once, with its line and field, without a second « manquant » error', () => {
    const r = validateRow(9, header, ['E1', '\u202E', 'Jean', '03/02/1970', '', 'C', 'C1'], categories);
    expect(r).toEqual({ ok: false, error: [{ line: 9, column: 'lastName', code: 'BAD_CHARACTER', message: 'ligne 9 : caractère invisible U+202E (forçage droite-à-gauche) interdit dans nom : supprimez-le du fichier' }] });
  });
});
