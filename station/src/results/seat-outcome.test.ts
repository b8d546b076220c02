import fc from 'fast-check';
import { urnResults } from './results.js';
import type { UrnBase } from '@scrutin/contract/results-types.js';
import { seatOutcome } from '@scrutin/domain/seat-outcome.js';

/** The « Résultat » words of the screens and the CLI, fed with what the station's own pure results function computes. */
function base(seats: number, births: string[]): UrnBase {
  return {
    id: 'CCIT-C1',
    contestCode: 'CCIT',
    categoryCode: 'C',
    subcategoryCode: 'C1',
    label: 'CCIT — Commerce',
    seats,
    registeredRights: 100,
    envelopesAccepted: 0,
    electronicVoters: 0,
    candidates: births.map((birthDate, i) => ({ id: String(i + 1), lastName: `Nom${i + 1}`, firstNames: 'Camille', birthDate, sex: 'F' })),
  };
}

function words(seats: number, births: string[], votes: number[], electronic = true): Record<string, string> {
  const valid = Math.max(...votes, 0);
  const sheet = { envelopesFound: valid, ballotsValid: valid, ballotsBlank: 0, ballotsNull: 0, votes: Object.fromEntries(votes.map((v, i) => [String(i + 1), v])) };
  const urn = urnResults(base(seats, births), { sheet, note: null }, electronic ? { ballots: 0, blank: 0, votes: {} } : undefined);
  return Object.fromEntries(urn.candidates.map((c) => [c.id, seatOutcome(c, urn)]));
}

describe('seat outcome words of the results screen', () => {
  test('most votes: « élu(e) »', () => {
    expect(words(1, ['1960-01-01', '1970-01-01'], [5, 3])).toEqual({ '1': 'élu(e)', '2': '—' });
  });

  test('a tie for the last seat goes to the elder: « au bénéfice de l’âge » on both sides', () => {
    expect(words(1, ['1970-01-01', '1960-01-01'], [4, 4])).toEqual({ '2': 'élu(e) au bénéfice de l’âge', '1': 'non élu(e) : égalité, au bénéfice de l’âge d’un autre' });
  });

  test('same votes and same birth date: « tirage au sort »', () => {
    expect(words(1, ['1965-05-05', '1965-05-05', '1990-01-01'], [4, 4, 1])).toEqual({ '1': 'tirage au sort', '2': 'tirage au sort', '3': '—' });
  });

  test('no seat is claimed while the electronic tally is missing', () => {
    expect(words(1, ['1960-01-01', '1970-01-01'], [5, 3], false)).toEqual({ '1': 'en tête', '2': '—' });
  });

  test('once both sources are in, exactly the seats the station attributes are shown as won, unless lots are drawn', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ votes: fc.integer({ min: 0, max: 5 }), year: fc.integer({ min: 1950, max: 1953 }) }), { minLength: 1, maxLength: 7 }),
        (seats, people) => {
          const w = words(seats, people.map((p) => `${p.year}-01-01`), people.map((p) => p.votes));
          const won = Object.values(w).filter((x) => x.startsWith('élu(e)')).length;
          const drawn = Object.values(w).filter((x) => x === 'tirage au sort').length;
          if (drawn === 0) expect(won).toBe(Math.min(seats, people.length));
          else expect(won).toBeLessThan(Math.min(seats, people.length));
        },
      ),
    );
  });
});
