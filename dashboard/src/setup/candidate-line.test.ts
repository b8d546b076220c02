// The roll of candidacies agrees each word with the person's sex, which the candidacy records.
import { expect, test } from '@jest/globals';
import { candidateLine } from './candidate-line.js';

test('a woman candidate with a man substitute, and a man with a woman substitute', () => {
  expect(candidateLine({ lastName: 'Lasserre', firstNames: 'Odile', sex: 'F', birthDate: '1971-05-04', substitute: { lastName: 'Ibarra', firstNames: 'Paul', sex: 'M', birthDate: '1980-01-02' } })).toEqual({
    candidate: 'LASSERRE Odile (F, née le 4 mai 1971)',
    substitute: 'suppléant : IBARRA Paul',
  });
  expect(candidateLine({ lastName: 'Ibarra', firstNames: 'Paul', sex: 'M', birthDate: '1980-01-02', substitute: { lastName: 'Lasserre', firstNames: 'Odile', sex: 'F', birthDate: '1971-05-04' } })).toEqual({
    candidate: 'IBARRA Paul (H, né le 2 janvier 1980)',
    substitute: 'suppléante : LASSERRE Odile',
  });
  expect(candidateLine({ lastName: 'Ibarra', firstNames: 'Paul', sex: 'M', birthDate: '1980-01-02', substitute: null }).substitute).toBeNull();
});
