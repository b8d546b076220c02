import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { makeBarcode } from '../domain/barcode.js';
import { barcodeMaker } from './barcodes.js';
import { mapHeader } from './columns.js';
import { buildCategoryIndex, parseDate, validateRow } from './row.js';

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

  it('bad dates are refused with their line and the expected format', () => {
    for (const date of ['31/02/1970', '1970-13-01', '12/1970', 'hier', '00/01/1970', '01/01/1850']) {
      const r = validateRow(12, header, ['E1', 'Dupont', 'Jean', date, '', 'C', 'C1', ''], categories);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toEqual([{ line: 12, column: 'birthDate', code: 'BAD_DATE', message: `ligne 12 : date de naissance « ${date} » invalide (attendu JJ/MM/AAAA)` }]);
    }
    expect(parseDate('29/02/2000')).toBe('2000-02-29');
    expect(parseDate('29/02/1900')).toBeNull();
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
  it('barcodeMaker gives exactly makeBarcode (domain/barcode.ts)', () => {
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
