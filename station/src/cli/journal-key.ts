import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePath, type CliEnv } from '@scrutin/server-kit/cli.js';
import { loadOrCreateJournalKey, type JournalKey } from '../journal/head-seal.js';
import type { StationConfig } from '../config.js';

/** The station's data folder (SCRUTIN_DATA, default `data`), relative to the command's folder. */
export const stationDataFolder = (env: CliEnv, config: StationConfig): string => resolvePath(env, config.dataFolder);

/**
 * The station's journal key (journal/head-seal.ts), in the data folder beside the database, or where
 * SCRUTIN_JOURNAL_KEY says (e.g. outside the PostgreSQL administrator's reach); created on first use.
 */
export function journalKeyOf(env: CliEnv, config: StationConfig): JournalKey {
  const folder = stationDataFolder(env, config);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return loadOrCreateJournalKey(config.journalKeyFile ? resolvePath(env, config.journalKeyFile) : join(folder, 'cle-journal.json'));
}
