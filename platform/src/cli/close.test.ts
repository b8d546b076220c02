// Issue 15, item 7: the README's close of the internet vote, `scrutin-platform close --as admin --out
// cloture/`, beside a live platform on PGlite and with the platform stopped. It hung for good: the close's
// transaction loaded the election through a second use of the database, which on PGlite's single
// connection waited for the transaction that waited for it (the live platform stopped answering, the
// command run alone printed nothing). Each run is bounded well below the hang (5 min beside, 180 s alone).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLOSED_FILE_NAMES, type ClosingSeal } from '../close/close.js';
import { issueCredentials } from '../credentials/issue.js';
import { openPlatformDatabase } from '../database.js';
import { ensureSigningKey, loadPlatform } from '../load/load.js';
import { addStaff, openVote } from '../operations.js';
import { runCeremony, testLoadFile } from '../testing/election.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'scrutin-platform.js');
const PASSWORD = 'administrateur-2026';
/** Far below the hang, far above a close of three voters (about 2 s here, process start included). */
const CLOSE_BOUND_MS = 45_000;

type Run = { code: number | null; out: string; err: string; ms: number };

/** Runs the command as a terminal would, killed at `timeoutMs` (then code is null). */
function cli(dir: string, env: NodeJS.ProcessEnv, args: string[], timeoutMs = 90_000): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, ms: Date.now() - started });
    });
  });
}

/**
 * A platform folder loaded, with its admin and the voters' credentials, opened, and past its closing
 * time (the opening does not look at the clock; the close refuses to run before it). Prepared in this
 * process, then closed, so that the commands under test find it as the README leaves it.
 */
async function preparedFolder(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-platform-close-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PLATFORM_DATA: join(dir, 'donnees'), PLATFORM_PASSWORD: PASSWORD, PLATFORM_VERIFY_WORKERS: '0', NODE_OPTIONS: '' };
  delete env.PLATFORM_DATABASE_URL;
  const file = testLoadFile(3, { opensAt: new Date(Date.now() - 7200_000), closesAt: new Date(Date.now() - 60_000) });
  const db = await openPlatformDatabase({ dataDir: env.PLATFORM_DATA });
  try {
    const loaded = await loadPlatform(db, file, runCeremony(file.electionCode).key);
    if (!loaded.ok) throw new Error(loaded.error.join(' ; '));
    await ensureSigningKey(db);
    const admin = await addStaff(db, { login: 'admin', displayName: 'Administratrice', role: 'admin', password: PASSWORD });
    if (!admin.ok) throw new Error(admin.error.message);
    // The letters are not printed here: the test only needs every voter to hold credentials.
    const letters = await issueCredentials(db, { actor: 'admin' }, async () => undefined);
    if (!letters.ok) throw new Error(letters.error);
    const opened = await openVote(db, admin.value);
    if (!opened.ok) throw new Error(opened.error.message);
  } finally {
    await db.close();
  }
  return { dir, env };
}

function startServer(dir: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /écoute sur (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`serve s’est arrêté (${code})`)));
  });
}

const readSeal = (dir: string): ClosingSeal => JSON.parse(readFileSync(join(dir, 'cloture', CLOSED_FILE_NAMES.seal), 'utf8')) as ClosingSeal;

describe('scrutin-platform close, as in the README [pglite]', () => {
  let live: { dir: string; env: NodeJS.ProcessEnv };
  let stopped: { dir: string; env: NodeJS.ProcessEnv };
  let server: { child: ChildProcess; url: string } | null = null;

  beforeAll(async () => {
    live = await preparedFolder();
    stopped = await preparedFolder();
    server = await startServer(live.dir, live.env);
  }, 150_000);

  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    for (const f of [live, stopped]) if (f) rmSync(f.dir, { recursive: true, force: true });
  });

  test('beside the live platform: the command closes, and the platform keeps answering', async () => {
    mkdirSync(join(live.dir, 'cloture'), { recursive: true });
    const closing = cli(live.dir, live.env, ['close', '--as', 'admin', '--out', 'cloture/'], CLOSE_BOUND_MS);
    // While the forwarded close runs, the platform still answers its status.
    const during = await fetch(`${server!.url}/api/status`, { signal: AbortSignal.timeout(CLOSE_BOUND_MS) });
    expect(during.status).toBe(200);
    const r = await closing;
    expect(r.err).toBe('');
    expect([r.code, r.out]).toEqual([0, expect.stringMatching(/^Vote clos le .*: 0 bulletins, 0 émargements\./)]);
    expect(r.ms).toBeLessThan(CLOSE_BOUND_MS);
    expect(readSeal(live.dir)).toMatchObject({ ballotCount: 0, emargementCount: 0 });
    const after = await fetch(`${server!.url}/api/status`, { signal: AbortSignal.timeout(5000) });
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ phase: 'FROZEN' });
    // Run again, the close rebuilds the same seal from the frozen state.
    const again = await cli(live.dir, live.env, ['close', '--as', 'admin', '--out', 'cloture/', '--json'], CLOSE_BOUND_MS);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.out) as { seal: ClosingSeal }).seal).toEqual(readSeal(live.dir));
  }, 120_000);

  test('with the platform stopped: the command opens the folder itself and closes', async () => {
    const r = await cli(stopped.dir, stopped.env, ['close', '--as', 'admin', '--out', 'cloture/'], CLOSE_BOUND_MS);
    expect(r.err).toBe('');
    expect([r.code, r.out]).toEqual([0, expect.stringMatching(/^Vote clos le /)]);
    expect(r.ms).toBeLessThan(CLOSE_BOUND_MS);
    expect(readSeal(stopped.dir)).toMatchObject({ ballotCount: 0, emargementCount: 0 });
  }, 120_000);
});
