import fc from 'fast-check';
import type { CountSheet } from './count-sheet.js';
import { combineResults, reconcileUrn, type ElectronicTally } from './reconciliation.js';

const ids = ['a', 'b', 'c', 'd'];
const votes = fc.dictionary(fc.constantFrom(...ids), fc.nat(1000));
const sheet = fc
  .record({ valid: fc.nat(500), blank: fc.nat(50), nul: fc.nat(50), votes })
  .map(({ valid, blank, nul, votes }): CountSheet => ({
    envelopesFound: valid + blank + nul,
    ballotsValid: valid,
    ballotsBlank: blank,
    ballotsNull: nul,
    votes,
  }));
const tally = fc
  .record({ blank: fc.nat(50), valid: fc.nat(500), votes })
  .map(({ blank, valid, votes }): ElectronicTally => ({ ballots: blank + valid, blank, votes }));
const urnIds = fc.constantFrom('CCIR-COM-1', 'CCIR-IND-1', 'CCIT-SER-2');

describe('reconcileUrn', () => {
  it('needs no note when the urn holds exactly the accepted envelopes', () => {
    expect(reconcileUrn({ envelopesAccepted: 120, sheet: { envelopesFound: 120 } })).toEqual({
      envelopesAccepted: 120,
      envelopesFound: 120,
      difference: 0,
      needsNote: false,
    });
  });

  it('records any difference with its sign', () => {
    fc.assert(
      fc.property(fc.nat(10000), fc.nat(10000), (accepted, found) => {
        const r = reconcileUrn({ envelopesAccepted: accepted, sheet: { envelopesFound: found } });
        expect(r.envelopesAccepted + r.difference).toBe(found);
        expect(r.needsNote).toBe(accepted !== found);
      }),
    );
  });
});

describe('combineResults', () => {
  it('adds postal and electronic votes and keeps both sources', () => {
    const combined = combineResults(
      { u: { envelopesFound: 10, ballotsValid: 8, ballotsBlank: 1, ballotsNull: 1, votes: { a: 5, b: 3 } } },
      { u: { ballots: 20, blank: 2, votes: { a: 10, b: 8 } } },
    );
    expect(combined.u!.votes.a).toEqual({ postal: 5, electronic: 10, combined: 15 });
    expect(combined.u!.valid).toEqual({ postal: 8, electronic: 18, combined: 26 });
    expect(combined.u!.null).toEqual({ postal: 1, electronic: 0, combined: 1 });
    expect(combined.u!.postal!.votes).toEqual({ a: 5, b: 3 });
  });

  it('preserves sums and loses nothing, whatever urns appear on either side', () => {
    fc.assert(
      fc.property(fc.dictionary(urnIds, sheet), fc.dictionary(urnIds, tally), (postal, electronic) => {
        const combined = combineResults(postal, electronic);
        expect(Object.keys(combined).sort()).toEqual([...new Set([...Object.keys(postal), ...Object.keys(electronic)])].sort());
        let postalTotal = 0;
        let electronicTotal = 0;
        for (const s of Object.values(postal)) for (const n of Object.values(s.votes)) postalTotal += n;
        for (const t of Object.values(electronic)) for (const n of Object.values(t.votes)) electronicTotal += n;
        let combinedTotal = 0;
        for (const [urnId, urn] of Object.entries(combined)) {
          for (const [id, v] of Object.entries(urn.votes)) {
            expect(v.combined).toBe(v.postal + v.electronic);
            expect(v.postal).toBe(postal[urnId]?.votes[id] ?? 0);
            expect(v.electronic).toBe(electronic[urnId]?.votes[id] ?? 0);
            combinedTotal += v.combined;
          }
          expect(urn.ballots.combined).toBe(urn.valid.combined + urn.blank.combined + urn.null.combined);
        }
        expect(combinedTotal).toBe(postalTotal + electronicTotal);
      }),
    );
  });
});
