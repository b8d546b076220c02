import fc from 'fast-check';
import { parseFrenchDate } from './french-date.js';

describe('parseFrenchDate', () => {
  it('reads every real date written JJ/MM/AAAA back to its ISO form', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-');
        expect(parseFrenchDate(`${day}/${m}/${y}`)).toBe(iso);
        expect(parseFrenchDate(` ${Number(day)}.${Number(m)}.${y} `)).toBe(iso);
      }),
    );
  });

  it('refuses dates that do not exist and the other orders', () => {
    for (const text of ['31/02/1970', '29/02/1971', '00/01/1970', '12/13/1970', '1970-03-07', '07/03/70', '', 'demain']) expect([text, parseFrenchDate(text)]).toEqual([text, null]);
    expect(parseFrenchDate('29/02/1972')).toBe('1972-02-29');
  });
});
