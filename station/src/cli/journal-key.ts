import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CliEnv } from '@scrutin/server-kit/cli.js';
import { dataDir } from '@scrutin/server-kit/station-lock.js';
import { loadOrCreateJournalKey, type JournalKey } from '../journal/head-seal.js';

/**
 * The station's journal key (journal/head-seal.ts), in the data folder beside the database, or where
 * SCRUTIN_JOURNAL_KEY says (e.g. outside the PostgreSQL administrator's reach); created on first use.
 */
export function journalKeyOf(env: CliEnv): JournalKey {
  mkdirSync(dataDir(env), { recursive: true, mode: 0o700 });
  return loadOrCreateJournalKey(env.env.SCRUTIN_JOURNAL_KEY ?? join(dataDir(env), 'cle-journal.json'));
}
