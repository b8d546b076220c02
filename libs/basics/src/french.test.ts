import fc from 'fast-check';
import { deElided, personName, plural } from './french.js';

describe('French message parts', () => {
  test('« de » elides before a vowel, accented ones included', () => {
    expect(deElided('éditer le procès-verbal')).toBe('d’éditer le procès-verbal');
    expect(deElided('importer la liste électorale')).toBe('d’importer la liste électorale');
    expect(deElided('exporter les résultats')).toBe('d’exporter les résultats');
    expect(deElided('figer le scrutin')).toBe('de figer le scrutin');
    expect(deElided('valider un dépouillement')).toBe('de valider un dépouillement');
  });

  test('singular for 0 and 1, plural from 2 (French rule)', () => {
    expect(plural(1, 'siège')).toBe('1 siège');
    expect(plural(0, 'siège')).toBe('0 siège');
    expect(plural(616, 'bulletin valable', 'bulletins valables')).toBe('616 bulletins valables');
    fc.assert(fc.property(fc.integer({ min: 2, max: 1e6 }), (n) => plural(n, 'siège') === `${n} sièges`));
  });
});

test('a person’s name: family name in capitals, accents kept, then the first names as written', () => {
  expect(personName('Bellocq', 'Marc')).toBe('BELLOCQ Marc');
  expect(personName('Éloi-Dumézil', 'Anne-Hélène')).toBe('ÉLOI-DUMÉZIL Anne-Hélène');
});

test('plural writes its number as asked: « 1 234 plis », « 1 pli »', () => {
  const fr = (n: number) => new Intl.NumberFormat('fr-FR').format(n);
  expect(plural(1234, 'pli', 'plis', fr)).toBe(`${fr(1234)} plis`);
  expect(plural(1, 'pli', 'plis', fr)).toBe('1 pli');
  expect(plural(0, 'siège attribué', 'sièges attribués')).toBe('0 siège attribué');
});
