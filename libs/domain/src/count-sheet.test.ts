import fc from 'fast-check';
import { checkCountSheet, compareEntries, type CountSheet } from './count-sheet.js';

const urn = { seats: 2, candidateIds: ['a', 'b', 'c'] };

/** A sheet built from actual ballots, each marking 1..seats distinct candidates: it must always pass. */
const consistentSheet = fc
  .record({
    valid: fc.array(fc.subarray(urn.candidateIds, { minLength: 1, maxLength: urn.seats }), { maxLength: 40 }),
    blank: fc.nat(10),
    null: fc.nat(10),
  })
  .map(({ valid, blank, null: nul }): CountSheet => {
    const votes: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (const ballot of valid) for (const id of ballot) votes[id]! += 1;
    return { envelopesFound: valid.length + blank + nul, ballotsValid: valid.length, ballotsBlank: blank, ballotsNull: nul, votes };
  });

describe('checkCountSheet', () => {
  it('accepts every sheet that real ballots can produce', () => {
    fc.assert(fc.property(consistentSheet, (sheet) => expect(checkCountSheet(sheet, urn)).toEqual([])));
  });

  it('flags a candidate with more votes than valid ballots', () => {
    const problems = checkCountSheet(
      { envelopesFound: 5, ballotsValid: 4, ballotsBlank: 1, ballotsNull: 0, votes: { a: 5, b: 1, c: 0 } },
      urn,
    );
    expect(problems.map((p) => p.code)).toContain('VOTES_ABOVE_VALID');
    expect(problems.find((p) => p.code === 'VOTES_ABOVE_VALID')!.message).toBe('Le candidat « a » a plus de voix (5) que de bulletins valables (4).');
  });

  it('agrees in number with its counts: never « 1 enveloppes » nor « 0 bulletins »', () => {
    const count = fc.nat(3);
    const sheet = fc.record({ envelopesFound: count, ballotsValid: count, ballotsBlank: count, ballotsNull: count, votes: fc.record({ a: count, b: count, c: count }) });
    fc.assert(
      fc.property(sheet, (s) => {
        for (const p of checkCountSheet(s, urn)) expect(p.message).not.toMatch(/(^|[^\d])[01] (bulletins|enveloppes|sièges|candidats)/);
      }),
    );
  });

  it('flags a total above valid × seats', () => {
    const problems = checkCountSheet(
      { envelopesFound: 3, ballotsValid: 3, ballotsBlank: 0, ballotsNull: 0, votes: { a: 3, b: 3, c: 1 } },
      urn,
    );
    expect(problems.map((p) => p.code)).toEqual(['TOTAL_ABOVE_VALID_TIMES_SEATS']);
  });

  it('flags outcomes that do not add up to the envelopes found', () => {
    const problems = checkCountSheet(
      { envelopesFound: 10, ballotsValid: 4, ballotsBlank: 1, ballotsNull: 0, votes: { a: 4, b: 0, c: 0 } },
      urn,
    );
    expect(problems.map((p) => p.code)).toEqual(['OUTCOMES_DIFFER_FROM_ENVELOPES']);
  });

  it('flags negative, fractional, missing and unknown entries in French', () => {
    const problems = checkCountSheet(
      { envelopesFound: -1, ballotsValid: 1.5, ballotsBlank: 0, ballotsNull: 0, votes: { a: 1, z: 2 } },
      urn,
    );
    expect(problems.map((p) => p.code).sort()).toEqual(
      ['MISSING_CANDIDATE', 'MISSING_CANDIDATE', 'NOT_A_COUNT', 'NOT_A_COUNT', 'UNKNOWN_CANDIDATE'].sort(),
    );
    expect(problems[0]!.message).toMatch(/entier positif ou nul/);
  });

  it('finds a problem whenever one vote is added to a full sheet beyond what ballots allow', () => {
    fc.assert(
      fc.property(consistentSheet, fc.constantFrom('a', 'b', 'c'), (sheet, id) => {
        const pushed = { ...sheet, votes: { ...sheet.votes, [id]: sheet.ballotsValid + 1 } };
        expect(checkCountSheet(pushed, urn).length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('compareEntries', () => {
  it('finds nothing between two identical entries', () => {
    fc.assert(fc.property(consistentSheet, (sheet) => expect(compareEntries(sheet, structuredClone(sheet))).toEqual([])));
  });

  it('names exactly the fields that differ', () => {
    fc.assert(
      fc.property(
        consistentSheet,
        fc.constantFrom('envelopesFound', 'ballotsValid', 'ballotsBlank', 'ballotsNull', 'votes.a', 'votes.c'),
        fc.integer({ min: 1, max: 5 }),
        (sheet, field, delta) => {
          const second = structuredClone(sheet);
          if (field.startsWith('votes.')) second.votes[field.slice(6)]! += delta;
          else (second as unknown as Record<string, number>)[field]! += delta;
          const mismatches = compareEntries(sheet, second);
          expect(mismatches.map((m) => m.field)).toEqual([field]);
          expect(mismatches[0]!.message).toMatch(/^Saisies différentes/);
        },
      ),
    );
  });

  it('reports a candidate entered by one teller only', () => {
    const first: CountSheet = { envelopesFound: 1, ballotsValid: 1, ballotsBlank: 0, ballotsNull: 0, votes: { a: 1 } };
    const mismatches = compareEntries(first, { ...first, votes: { a: 1, b: 0 } });
    expect(mismatches).toEqual([expect.objectContaining({ field: 'votes.b', first: undefined, second: 0 })]);
    expect(mismatches[0]!.message).toContain('non saisi');
  });
});
