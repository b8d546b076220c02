import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '@scrutin/db';
import { CliError } from './cli.js';

/** What the lock file in the data folder says: the owning process, its URL (empty while starting), the console token. */
export type LockInfo = { pid: number; url: string; consoleToken: string };

// `dataFolder` below is the server's data folder, resolved by the app from its typed configuration
// (the station's SCRUTIN_DATA, the platform's PLATFORM_DATA): this module reads no variable.
const lockPath = (dataFolder: string) => join(dataFolder, 'station.lock.json');

/** A live server (station or platform) that owns this PGlite folder, if any: PGlite allows a single process. */
export function liveStation(dataFolder: string): LockInfo | null {
  const path = lockPath(dataFolder);
  if (!existsSync(path)) return null;
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return info.url && processAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/**
 * Takes the PGlite folder for this process. The console token lets `scrutin` commands run
 * beside the station forward themselves to it (loopback only); whoever can read the data
 * folder owns the database anyway, so the token grants nothing more.
 */
export function acquireStationLock(dataFolder: string): { consoleToken: string; publish(url: string): void; release(): void } {
  const other = liveStation(dataFolder);
  if (other) throw new CliError(`Un poste tourne déjà sur ce dossier de données (processus ${other.pid}, ${other.url}).`);
  mkdirSync(dataFolder, { recursive: true });
  const consoleToken = randomBytes(32).toString('base64url');
  const path = lockPath(dataFolder);
  writeFileSync(path, JSON.stringify({ pid: process.pid, url: '', consoleToken }), { mode: 0o600 });
  return {
    consoleToken,
    publish: (url) => writeFileSync(path, JSON.stringify({ pid: process.pid, url, consoleToken }), { mode: 0o600 }),
    release: () => rmSync(path, { force: true }),
  };
}
