// Writes docs/journal-events.md from the journals' catalogues (test/src/journal-events-doc.ts).
// Run with `npm run docs:journal` (node --conditions=scrutin-source --import tsx scripts/journal-events.ts).
import { writeFileSync } from 'node:fs';
import { JOURNAL_EVENTS_DOC, renderJournalEventsDoc } from '@scrutin/test/journal-events-doc.js';

writeFileSync(new URL(`../${JOURNAL_EVENTS_DOC}`, import.meta.url), renderJournalEventsDoc());
process.stdout.write(`${JOURNAL_EVENTS_DOC} écrit.\n`);
