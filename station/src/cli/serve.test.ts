// `scrutin serve` in a child process on a PGlite folder, and commands typed beside it: PGlite admits one
// process, so they must run inside the live station (through its loopback console), not on a second copy.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'scrutin.js');
const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'election.json');

describe('scrutin serve with commands forwarded to it [pglite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-serve-'));
  const env: NodeJS.ProcessEnv = { ...process.env, SCRUTIN_DATA: join(dir, 'donnees'), LOG_LEVEL: 'warn', NODE_OPTIONS: '' };
  delete env.DATABASE_URL;
  // The station itself knows no certificate passphrase: only the terminal's can reach a forwarded command.
  delete env.SCRUTIN_CERT_PASSPHRASE;
  const cli = (args: string[], password?: string, newPassword?: string, more: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: { ...env, SCRUTIN_PASSWORD: password, SCRUTIN_NEW_PASSWORD: newPassword, ...more }, encoding: 'utf8', timeout: 90_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  let server: ChildProcess | null = null;
  let url = '';

  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('serve, then an account and an election made beside it are seen by the running station', async () => {
    server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /démarré : (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      server!.once('exit', (code) => reject(new Error(`serve s’est arrêté (${code})`)));
    });
    const admin = cli(['admin', 'create', '--json']);
    expect([admin.code, admin.err]).toEqual([0, '']);
    const oneTime = (JSON.parse(admin.out) as { oneTimePassword: string }).oneTimePassword;
    // The new password travels to the running station like the current one.
    const password = 'girouette-boussole-2026';
    const changed = cli(['password', 'change', '--as', 'admin'], oneTime, password);
    expect([changed.code, changed.err]).toEqual([0, '']);
    const created = cli(['election', 'create', EXAMPLE, '--as', 'admin', '--json'], password);
    expect([created.code, created.err]).toEqual([0, '']);
    // The running station answers with what the forwarded commands wrote: they ran inside it.
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'admin', password, stationId: 'test' }) });
    expect(login.status).toBe(200);
    const shown = cli(['election', 'show', '--json']);
    expect(JSON.parse(shown.out)).toMatchObject({ election: { code: 'CCIGO26', state: 'SETUP' } });
    // The terminal's SCRUTIN_CERT_PASSPHRASE travels with the forwarded command, as the passwords do.
    const certificate = cli(['certificate', 'create', '--as', 'admin', '--json'], password, undefined, { SCRUTIN_CERT_PASSPHRASE: 'phrase-du-certificat-2026' });
    expect([certificate.code, certificate.err]).toEqual([0, '']);
    expect(JSON.parse(certificate.out)).toMatchObject({ source: 'GENERATED', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // A refusal comes back in French with a failing exit code, through the console too.
    const wrong = cli(['election', 'advance', 'SEALED', '--as', 'admin'], password);
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/^Erreur : /);
  }, 180_000);

  test('a second station on the same folder is refused; after SIGTERM the folder opens directly', async () => {
    const second = cli(['serve', '--port', '0']);
    expect(second.code).not.toBe(0);
    expect(second.err).toMatch(/déjà/);
    const exited = new Promise<number | null>((resolve) => server!.once('exit', resolve));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
    const direct = cli(['election', 'show', '--json']);
    expect(JSON.parse(direct.out)).toMatchObject({ election: { code: 'CCIGO26' } });
    // The server's log is in the data folder, private to Scrutin's user.
    expect(statSync(join(dir, 'donnees', 'scrutin.log')).mode & 0o777).toBe(0o600);
  }, 120_000);
});
