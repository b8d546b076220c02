import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '@scrutin/db';
import pino, { type Logger } from 'pino';
import { softwareIdentity } from './basics/software.js';
import { createApp } from './http/app.js';
import type { StationConsole } from './http/station-console.js';
import { listenWithKeepAlive } from '@scrutin/server-kit/keep-alive.js';
import { DEFAULT_URN_WORKERS } from './config.js';
import { EventHub } from './http/events.js';
import { readCounters } from './scanning/counters.js';
import { currentJournalKey, generateJournalKey, setJournalKey, type JournalKey } from './journal/head-seal.js';
import { startHeadSealer } from './lifecycle/journal-sealer.js';

export const DASHBOARD_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dashboard', 'dist');

export type RunningStation = { url: string; port: number; close(): Promise<void>; events: EventHub };

/**
 * Starts the HTTP station on an open database; port 0 picks a free port (tests). `bundleDir` is where
 * sealed bundles go (`scrutin serve` gives `<data folder>/scelles`); without it, a fresh private
 * temporary folder (mode 0700), so that two stations never share one, removed when the station closes
 * (it is the station's own: tests and `scrutin simulate` left one per station in the system's folder).
 * `trustedProxy`: the reverse proxies whose X-Forwarded-For is believed (`scrutin serve` gives SCRUTIN_TRUSTED_PROXY; default none). `urnWorkers`:
 * the worker threads checking an urn's ballots (default 2, SCRUTIN_URN_WORKERS). `log`: default silent. `journalKey` signs the
 * journal's heads (`scrutin serve` gives the key file of the data folder; default: the process's key, else
 * a fresh one kept in memory); `journalSealSeconds` is the sealing timer's interval (`scrutin serve`
 * gives SCRUTIN_JOURNAL_SEAL_SECONDS, else 60; here the default is off, so that a test's journal moves
 * only when it acts).
 */
export async function startStation(options: {
  db: Db;
  port?: number;
  host?: string;
  log?: Logger;
  dashboardDir?: string;
  /** The console of `scrutin` commands typed beside a station on PGlite: its token and the CLI runner. */
  console?: StationConsole | undefined;
  bundleDir?: string;
  trustedProxy?: string | undefined;
  urnWorkers?: number;
  journalKey?: JournalKey;
  journalSealSeconds?: number;
}): Promise<RunningStation> {
  const log = options.log ?? pino({ level: 'silent' });
  setJournalKey(options.journalKey ?? currentJournalKey() ?? generateJournalKey());
  const sealSeconds = options.journalSealSeconds ?? 0;
  const sealer = sealSeconds > 0 ? startHeadSealer(options.db, sealSeconds * 1000, log) : null;
  const events = new EventHub(async (topic) => (topic === 'counters' ? readCounters(options.db) : null));
  let url = '';
  const ownsBundleDir = options.bundleDir === undefined;
  const bundleDir = options.bundleDir ?? mkdtempSync(join(tmpdir(), 'scrutin-scelles-'));
  const app = createApp(
    { db: options.db, log, events, version: softwareIdentity().version, bundleDir, urnWorkers: options.urnWorkers ?? DEFAULT_URN_WORKERS },
    { dashboardDir: options.dashboardDir ?? DASHBOARD_DIR, console: options.console, url: () => url, trustedProxy: options.trustedProxy },
  );
  const host = options.host ?? '127.0.0.1';
  const { port, close } = await listenWithKeepAlive(app, options.port ?? 0, host);
  url = `http://${host}:${port}`;
  return {
    url,
    port,
    events,
    close: async () => {
      await sealer?.stop();
      events.close();
      await close();
      if (ownsBundleDir) rmSync(bundleDir, { recursive: true, force: true });
    },
  };
}
