import { checkCeremonyEntry, type CeremonyJournalEntry } from './journal-events.js';

test('a ceremony journal entry must match its action in the catalogue', () => {
  expect(() => checkCeremonyEntry({ action: 'complaint', holder: 2, reason: 'part non conforme aux engagements' })).not.toThrow();
  const wrong = { action: 'register', holder: 'deux', name: 'Détentrice B', file: 'ab' } as unknown as CeremonyJournalEntry;
  expect(() => checkCeremonyEntry(wrong)).toThrow(/« register » non conforme au catalogue/);
});
