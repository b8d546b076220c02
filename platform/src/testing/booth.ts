// Setup of the booth's browser tests: a loaded platform with its letters and two staff accounts, serving a
// booth built into a folder of its own (two suites building booth/dist at once under jest's workers would race).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '@scrutin/db';
import type { Letter } from '../credentials/issue.js';
import { openPlatformMemoryDatabase } from './databases.js';
import type { LoadFile } from '../load/load-file.js';
import { loadPlatform } from '../load/load.js';
import { addStaff, openVote, type Staff } from '../operations.js';
import { startPlatform, type RunningPlatform } from '../server.js';
import { issueLettersInMemory, runCeremony } from './election.js';

const PLATFORM_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const STAFF_PASSWORDS = { admin: 'phare-ouverture-2026', cellule: 'cellule-de-controle-2026' } as const;

export type BoothPlatform = { db: Db; platform: RunningPlatform; letters: Letter[]; admin: Staff; cell: Staff; close(): Promise<void> };

export async function startBoothPlatform(file: LoadFile, options: { open: boolean; now?: () => Date }): Promise<BoothPlatform> {
  const boothDir = mkdtempSync(join(tmpdir(), 'scrutin-isoloir-'));
  execFileSync('npx', ['vite', 'build', '--config', 'booth/vite.config.ts', '--logLevel', 'error', '--outDir', boothDir, '--emptyOutDir'], { cwd: PLATFORM_ROOT, stdio: 'pipe' });
  const db = await openPlatformMemoryDatabase();
  const loaded = await loadPlatform(db, file, runCeremony(file.electionCode).key);
  if (!loaded.ok) throw new Error(loaded.error.join());
  const letters = await issueLettersInMemory(db);
  const admin = await addStaff(db, { login: 'admin', displayName: 'Administrateur', role: 'admin', password: STAFF_PASSWORDS.admin });
  const cell = await addStaff(db, { login: 'cellule', displayName: 'Cellule de contrôle', role: 'oversight_cell', password: STAFF_PASSWORDS.cellule });
  if (!admin.ok || !cell.ok) throw new Error('comptes des agents');
  if (options.open && !(await openVote(db, admin.value)).ok) throw new Error('ouverture');
  // One voter per batch: booth tests vote one at a time and must not wait for k − 1 others.
  const platform = await startPlatform({ db, boothDir, anonymity: { size: 1 }, ...(options.now ? { now: options.now } : {}) });
  return {
    db,
    platform,
    letters,
    admin: admin.value,
    cell: cell.value,
    close: async () => {
      await platform.close();
      await db.close();
      rmSync(boothDir, { recursive: true, force: true });
    },
  };
}
