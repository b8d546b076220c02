import { urnResults } from './results.js';
import { resultsText } from './text.js';
import type { ResultsView, UrnBase } from '@scrutin/contract/results-types.js';

const base: UrnBase = {
  id: 'CCIT-C1',
  contestCode: 'CCIT',
  categoryCode: 'C',
  subcategoryCode: 'C1',
  label: 'CCIT — Commerce',
  seats: 1,
  registeredRights: 100,
  envelopesAccepted: 9,
  electronicVoters: 0,
  candidates: [
    { id: '1', lastName: 'ARNOUX', firstNames: 'Lise', birthDate: '1970-01-01', sex: 'F' },
    { id: '2', lastName: 'BERTIN', firstNames: 'Marc', birthDate: '1960-01-01', sex: 'M' },
  ],
};
const sheet = { envelopesFound: 9, ballotsValid: 8, ballotsBlank: 1, ballotsNull: 0, votes: { '1': 4, '2': 4 } };
const view = (electronicLoaded: boolean): ResultsView => {
  const urn = urnResults(base, { sheet, note: null }, electronicLoaded ? { ballots: 0, blank: 0, votes: {} } : undefined);
  return { electionCode: 'CCIGO26', state: 'COUNTING', complete: electronicLoaded, contests: [{ code: 'CCIT', kind: 'CCIT', name: 'CCI territoriale', urns: [urn] }] };
};

describe('scrutin results (terminal text)', () => {
  test('an urn whose electronic tally is missing claims no seat and says why it is partial', () => {
    const text = resultsText(view(false));
    expect(text).not.toMatch(/ÉLU/);
    expect(text).toContain('EN TÊTE');
    expect(text).toContain('partiel : dépouillement électronique non chargé');
    expect(text).toContain('(PARTIELS)');
  });

  test('an age tie: the elder is elected « au bénéfice de l’âge », the younger is not tagged as elected', () => {
    const lines = resultsText(view(true)).split('\n');
    expect(lines.find((l) => l.includes('BERTIN'))).toMatch(/ÉLU\(E\) AU BÉNÉFICE DE L’ÂGE$/);
    expect(lines.find((l) => l.includes('ARNOUX'))).toMatch(/NON ÉLU\(E\) : ÉGALITÉ, AU BÉNÉFICE DE L’ÂGE D’UN AUTRE$/);
    expect(lines.find((l) => l.includes('CCIT — Commerce'))).toContain('1 siège ;');
  });
});
