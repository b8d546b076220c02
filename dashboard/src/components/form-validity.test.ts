// The browser's form checks, in French whatever the browser's language.
import { expect, test } from '@jest/globals';
import { frenchMessage, type FieldState } from './form-validity.js';

const none = { valueMissing: false, typeMismatch: false, patternMismatch: false, tooShort: false, tooLong: false, rangeUnderflow: false, rangeOverflow: false, stepMismatch: false, badInput: false };
const field = (failed: Partial<typeof none>, rest: Partial<FieldState> = {}): FieldState => ({
  validity: { ...none, ...failed },
  type: 'text',
  value: '',
  minLength: -1,
  maxLength: -1,
  min: '',
  max: '',
  help: '',
  ...rest,
});

test('each failed check has its French message', () => {
  expect(frenchMessage(field({ valueMissing: true }))).toBe('Ce champ est à remplir.');
  expect(frenchMessage(field({ valueMissing: true }, { type: 'file' }))).toBe('Choisissez un fichier.');
  expect(frenchMessage(field({ valueMissing: true }, { type: 'select' }))).toBe('Choisissez une valeur dans la liste.');
  expect(frenchMessage(field({ patternMismatch: true }, { help: 'lettres, chiffres, point, tiret (POSTE-01).' }))).toBe('Format attendu : lettres, chiffres, point, tiret (POSTE-01).');
  expect(frenchMessage(field({ patternMismatch: true }))).toBe('Ce format n’est pas accepté ici.');
  expect(frenchMessage(field({ tooShort: true }, { minLength: 12, value: 'court€é' }))).toBe('Au moins 12 caractères (7 pour l’instant).');
  expect(frenchMessage(field({ tooLong: true }, { maxLength: 40 }))).toBe('Au plus 40 caractères.');
  expect(frenchMessage(field({ rangeUnderflow: true }, { min: '0' }))).toBe('La valeur doit être au moins 0.');
  expect(frenchMessage(field({ badInput: true }, { type: 'number' }))).toBe('Saisissez un nombre.');
  expect(frenchMessage(field({ typeMismatch: true }, { type: 'email' }))).toBe('Saisissez une adresse électronique (nom@domaine.fr).');
});
