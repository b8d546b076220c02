import { readFileSync } from 'node:fs';
import { JOURNAL_EVENTS_DOC, renderJournalEventsDoc } from './journal-events-doc.js';

test('docs/journal-events.md is the one generated from the catalogues', () => {
  const committed = readFileSync(new URL(`../../${JOURNAL_EVENTS_DOC}`, import.meta.url), 'utf8');
  if (committed !== renderJournalEventsDoc())
    throw new Error(`${JOURNAL_EVENTS_DOC} ne correspond plus aux catalogues du journal : régénérez-le avec « npm run docs:journal » et validez le fichier.`);
});
