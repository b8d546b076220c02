import fc from 'fast-check';
import { makeReportData } from '../testing/reports.js';
import type { ReportData } from './report-data.js';
import { resultsConsistencyProblems } from './results-consistency.js';

const messages = (d: ReportData) => resultsConsistencyProblems(d).map((e) => e.message);

describe('resultsConsistencyProblems', () => {
  it('finds nothing in results made by the station’s own rules, whatever the seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        expect(messages(makeReportData({ seed, setAside: 0 }))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  // Each mutation breaks one invariant; the message names the figure.
  const cases: [string, (d: ReportData) => void, RegExp][] = [
    ['a candidate with more votes than valid ballots', (d) => (d.contests[0]!.urns[0]!.candidates[0]!.postalVotes = d.contests[0]!.urns[0]!.postal.valid + 1), /voix par correspondance pour .* pour \d+ bulletin\(s\) valable\(s\)/],
    ['ballots that do not add up', (d) => (d.contests[0]!.urns[0]!.postal.blank += 1), /valables \+ blancs \+ nuls/],
    ['more envelopes than registered rights', (d) => (d.contests[0]!.urns[0]!.registeredRights = 0), /inscrit/],
    ['a combined total other than the sum', (d) => (d.contests[0]!.urns[0]!.combined.valid += 1), /total valid/],
    ['postal ballots other than envelopes found', (d) => (d.contests[0]!.urns[0]!.reconciliation.envelopesFound += 1), /enveloppe\(s\) trouvée\(s\)/],
    ['more elected than seats', (d) => d.contests[0]!.urns[0]!.candidates.forEach((c) => (c.elected = true)), /élu\(s\) pour/],
    ['a participation above the roll', (d) => (d.participation.electronicVoters = d.participation.registeredRights + 1), /Participation/],
    ['a null electronic ballot', (d) => (d.contests[0]!.urns[0]!.electronic.null = 1), /nul\(s\), impossible/],
  ];
  it.each(cases)('refuses %s', (_name, mutate, expected) => {
    const data = makeReportData({ seed: 7, setAside: 0 });
    mutate(data);
    expect(messages(data).join('\n')).toMatch(expected);
  });
});
