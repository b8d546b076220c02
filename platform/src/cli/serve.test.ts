// `scrutin-platform serve` in a child process on a PGlite folder, and the commands typed beside it: they
// must be forwarded to the running server (a second process opening the folder would not be seen by it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCeremony, testLoadFile } from '../testing/election.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'scrutin-platform.js');
const PASSWORD = 'phare-ouverture-2026';

describe('scrutin-platform serve with commands forwarded to it [pglite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-platform-serve-'));
  const env = { ...process.env, PLATFORM_DATA: join(dir, 'donnees'), PLATFORM_PASSWORD: PASSWORD, PLATFORM_VERIFY_WORKERS: '0', NODE_OPTIONS: '' };
  delete (env as Record<string, string | undefined>).PLATFORM_DATABASE_URL;
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 90_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  let server: ChildProcess | null = null;
  let url = '';
  let voterNumbers: string[] = [];

  beforeAll(() => {
    const file = testLoadFile(3);
    voterNumbers = file.voters.map((v) => v.voterNumber);
    writeFileSync(join(dir, 'chargement.json'), JSON.stringify(file));
    writeFileSync(join(dir, 'election-key.json'), JSON.stringify(runCeremony(file.electionCode).key));
  });
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('load and first account directly on the folder, then serve', async () => {
    const loaded = cli(['load', 'chargement.json', '--election-key', 'election-key.json']);
    expect(loaded.err).toBe('');
    expect(loaded.code).toBe(0);
    expect(cli(['staff', 'add', '--login', 'admin', '--role', 'admin']).code).toBe(0);
    server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /écoute sur (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      server!.once('exit', (code) => reject(new Error(`serve s’est arrêté (${code})`)));
    });
    expect((await fetch(`${url}/api/status`)).status).toBe(200);
  }, 120_000);

  test('commands typed beside the running server act on it: account, letters, opening, status', async () => {
    const added = cli(['staff', 'add', '--login', 'cellule', '--role', 'oversight_cell']);
    expect([added.code, added.err]).toEqual([0, '']);
    // The server sees the account at once: the command ran inside it, not on a second copy of the folder.
    const login = await fetch(`${url}/api/staff/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'cellule', password: PASSWORD }) });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { role: string }).role).toBe('oversight_cell');

    const letters = cli(['credentials', '--as', 'admin', '--out', 'courriers.pdf']);
    expect(letters.out).toMatch(/3 courrier\(s\) écrits/);
    expect(readFileSync(join(dir, 'courriers.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    // Reissued letters in print batches of 2: one PDF per batch, numbered.
    const batched = cli(['credentials', '--as', 'admin', '--out', 'reedition.pdf', '--batch-size', '2', '--reissue', '--voters', voterNumbers.join(','), '--json']);
    expect(JSON.parse(batched.out)).toEqual({ letters: 3, batches: 2, files: ['reedition-lot-001.pdf', 'reedition-lot-002.pdf'] });
    expect(readFileSync(join(dir, 'reedition-lot-002.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(cli(['credentials', '--as', 'admin', '--out', 'x.pdf', '--batch-size', '0']).err).toMatch(/--batch-size/);
    const opened = cli(['open', '--as', 'admin']);
    expect([opened.code, opened.out]).toEqual([0, expect.stringMatching(/Vote ouvert/)]);
    const status = cli(['status', '--json']);
    expect(JSON.parse(status.out)).toMatchObject({ phase: 'OPEN', voters: 3, emarged: 0 });
    // A refusal comes back in French with a failing exit code.
    const wrong = cli(['open', '--as', 'admin']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/déjà ouvert/);
  }, 180_000);

  test('a second server on the same folder is refused; after SIGTERM the folder is free again', async () => {
    const second = cli(['serve', '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/tourne déjà/);
    const exited = new Promise<number | null>((resolve) => server!.once('exit', resolve));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'donnees'))).toBe(true);
    const direct = cli(['status', '--json']);
    expect(JSON.parse(direct.out)).toMatchObject({ phase: 'OPEN', voters: 3 });
  }, 120_000);
});
