import fc from 'fast-check';
import { attributeSeats, type SeatCandidate } from './seats.js';

const birthDate = fc
  .record({ y: fc.integer({ min: 1940, max: 2004 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const candidates = fc
  .array(fc.record({ birthDate, votes: fc.integer({ min: 0, max: 30 }) }), { maxLength: 12 })
  .map((list) => list.map((c, i): SeatCandidate => ({ id: `c${i}`, ...c })));

/** Distinct birth dates: the law then always decides, no draw of lots. */
const decidableCandidates = candidates.map((list) =>
  list.map((c, i) => ({ ...c, birthDate: `${1940 + i}-0${1 + (i % 9)}-1${i % 10}` })),
);

describe('attributeSeats', () => {
  it('elects the candidates with the most votes', () => {
    const result = attributeSeats({
      seats: 2,
      candidates: [
        { id: 'a', birthDate: '1970-01-01', votes: 10 },
        { id: 'b', birthDate: '1970-01-01', votes: 30 },
        { id: 'c', birthDate: '1970-01-01', votes: 20 },
      ],
    });
    expect(result.elected).toEqual(['b', 'c']);
    expect(result.ranking.map((r) => [r.id, r.rank, r.elected])).toEqual([
      ['b', 1, true],
      ['c', 2, true],
      ['a', 3, false],
    ]);
    expect(result.drawOfLots).toBeNull();
  });

  it('gives a tied seat to the older candidate and says so', () => {
    const result = attributeSeats({
      seats: 1,
      candidates: [
        { id: 'young', birthDate: '1980-05-02', votes: 12 },
        { id: 'old', birthDate: '1980-05-01', votes: 12 },
      ],
    });
    expect(result.elected).toEqual(['old']);
    expect(result.ranking.every((r) => r.tieBrokenByAge)).toBe(true);
  });

  it('leaves a tie between candidates born the same day to a draw of lots', () => {
    const result = attributeSeats({
      seats: 2,
      candidates: [
        { id: 'a', birthDate: '1960-01-01', votes: 50 },
        { id: 'b', birthDate: '1975-03-03', votes: 9 },
        { id: 'c', birthDate: '1975-03-03', votes: 9 },
        { id: 'd', birthDate: '1950-01-01', votes: 2 },
      ],
    });
    expect(result.elected).toEqual(['a']);
    expect(result.drawOfLots).toEqual({ candidateIds: ['b', 'c'], seats: 1 });
    expect(result.ranking.map((r) => r.rank)).toEqual([1, 2, 2, 4]);
    expect(result.ranking.find((r) => r.id === 'd')!.elected).toBe(false);
  });

  it('does not flag a same-day tie that does not straddle the last seat', () => {
    const result = attributeSeats({
      seats: 3,
      candidates: [
        { id: 'a', birthDate: '1960-01-01', votes: 50 },
        { id: 'b', birthDate: '1975-03-03', votes: 9 },
        { id: 'c', birthDate: '1975-03-03', votes: 9 },
      ],
    });
    expect(result.elected).toEqual(['a', 'b', 'c']);
    expect(result.drawOfLots).toBeNull();
  });

  it('elects min(seats, candidates) when the law decides every tie', () => {
    fc.assert(
      fc.property(decidableCandidates, fc.integer({ min: 0, max: 15 }), (list, seats) => {
        const result = attributeSeats({ seats, candidates: list });
        expect(result.drawOfLots).toBeNull();
        expect(result.elected).toHaveLength(Math.min(seats, list.length));
        expect(result.ranking.filter((r) => r.elected)).toHaveLength(result.elected.length);
      }),
    );
  });

  it('never elects more than the seats, and elected plus seats drawn fill them', () => {
    fc.assert(
      fc.property(candidates, fc.integer({ min: 0, max: 15 }), (list, seats) => {
        const result = attributeSeats({ seats, candidates: list });
        const drawn = result.drawOfLots?.seats ?? 0;
        expect(result.elected.length + drawn).toBe(Math.min(seats, list.length));
      }),
    );
  });

  it('is monotonic: more votes never lose a seat', () => {
    fc.assert(
      fc.property(decidableCandidates, fc.integer({ min: 1, max: 12 }), fc.nat(), fc.integer({ min: 1, max: 20 }), (list, seats, pick, extra) => {
        fc.pre(list.length > 0);
        const before = attributeSeats({ seats, candidates: list });
        const target = list[pick % list.length]!;
        const after = attributeSeats({
          seats,
          candidates: list.map((c) => (c.id === target.id ? { ...c, votes: c.votes + extra } : c)),
        });
        if (before.elected.includes(target.id)) expect(after.elected).toContain(target.id);
        // Another candidate's gain never helps this one either way round: losers stay out when someone else gains.
        for (const id of after.elected) if (id !== target.id) expect(before.elected).toContain(id);
      }),
    );
  });

  it('does not depend on the order candidates are given in', () => {
    fc.assert(
      fc.property(candidates, fc.integer({ min: 0, max: 12 }), fc.integer(), (list, seats, seed) => {
        const shuffled = [...list].sort((a, b) => ((hash(a.id, seed) - hash(b.id, seed)) | 0));
        const a = attributeSeats({ seats, candidates: list });
        const b = attributeSeats({ seats, candidates: shuffled });
        expect(new Set(b.elected)).toEqual(new Set(a.elected));
        expect(b.drawOfLots?.seats).toEqual(a.drawOfLots?.seats);
        expect(new Set(b.drawOfLots?.candidateIds)).toEqual(new Set(a.drawOfLots?.candidateIds));
      }),
    );
  });

  it('applies the age rule: of two candidates with equal votes, the younger is never elected alone', () => {
    fc.assert(
      fc.property(candidates, fc.integer({ min: 0, max: 12 }), (list, seats) => {
        const result = attributeSeats({ seats, candidates: list });
        for (const x of list)
          for (const y of list)
            if (x.votes === y.votes && x.birthDate < y.birthDate && result.elected.includes(y.id))
              expect(result.elected).toContain(x.id);
      }),
    );
  });

  it('never elects a candidate with fewer votes than one left out', () => {
    fc.assert(
      fc.property(candidates, fc.integer({ min: 0, max: 12 }), (list, seats) => {
        const result = attributeSeats({ seats, candidates: list });
        const votes = new Map(list.map((c) => [c.id, c.votes]));
        const lowestElected = Math.min(...result.elected.map((id) => votes.get(id)!));
        for (const c of list) if (!result.elected.includes(c.id) && !result.drawOfLots?.candidateIds.includes(c.id))
          expect(c.votes).toBeLessThanOrEqual(lowestElected);
      }),
    );
  });
});

function hash(id: string, seed: number): number {
  let h = seed;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h;
}
