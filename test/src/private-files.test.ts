// Files Scrutin writes are its user's alone, whatever the umask (threat model: docs/threat-model.md):
// a local account must not read the roll nor rewrite the database under its triggers.
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePrivateFolder } from '@scrutin/db';
import { openToOthers } from './file-modes.js';
import { REPO_ROOT } from './station-fixture.js';

/** Runs a CLI under `umask 000`, the worst a shell can leave. */
function underOpenUmask(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const script = `umask 000 && exec "${process.execPath}" "$@"`;
  return spawnSync('sh', ['-c', script, 'sh', bin, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8', timeout: 120_000 });
}

describe('private files', () => {
  // Each test's folder below one for the file, removed after its tests.
  const root = mkdtempSync(join(tmpdir(), 'scrutin-private-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('makePrivateFolder closes a folder written under umask 000, links left alone', () => {
    const dir = mkdtempSync(join(root, 'folder-'));
    const data = join(dir, 'data');
    mkdirSync(join(data, 'base', '1'), { recursive: true });
    writeFileSync(join(data, 'base', '1', '1259'), 'table');
    writeFileSync(join(data, 'PG_VERSION'), '17');
    for (const p of [data, join(data, 'base'), join(data, 'base', '1')]) chmodSync(p, 0o777);
    chmodSync(join(data, 'base', '1', '1259'), 0o666);
    chmodSync(join(data, 'PG_VERSION'), 0o644);
    expect(openToOthers(data)).toHaveLength(5);
    makePrivateFolder(data);
    expect(openToOthers(data)).toEqual([]);
    expect(lstatSync(join(data, 'base', '1', '1259')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(data, 'base')).mode & 0o777).toBe(0o700);
    makePrivateFolder(join(dir, 'nouveau', 'dossier'));
    expect(lstatSync(join(dir, 'nouveau', 'dossier')).mode & 0o777).toBe(0o700);
  });

  test('the station CLI under umask 000: PGlite folder and written files private', () => {
    const dir = mkdtempSync(join(root, 'cli-'));
    const bin = join(REPO_ROOT, 'station', 'bin', 'scrutin.js');
    const env = { SCRUTIN_DATA: join(dir, 'data'), DATABASE_URL: '' };
    const created = underOpenUmask(bin, ['admin', 'create'], dir, env);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const generated = underOpenUmask(bin, ['roll', 'generate', '--voters', '20', '--out', 'liste.csv', '--election', join(REPO_ROOT, 'examples', 'election.json')], dir, env);
    expect(generated.status).toBe(0);
    expect(openToOthers(join(dir, 'data'))).toEqual([]);
    expect(lstatSync(join(dir, 'liste.csv')).mode & 0o777).toBe(0o600);
  }, 180_000);

  test('the other command-line tools set the same umask', () => {
    const dir = mkdtempSync(join(root, 'tools-'));
    const platform = underOpenUmask(join(REPO_ROOT, 'platform', 'bin', 'scrutin-platform.js'), ['staff', 'add', '--login', 'admin', '--role', 'admin'], dir, {
      PLATFORM_DATA: join(dir, 'plateforme'),
      PLATFORM_DATABASE_URL: '',
      PLATFORM_PASSWORD: 'phare-ouverture-2026',
    });
    expect(platform.status).toBe(0);
    expect(openToOthers(join(dir, 'plateforme'))).toEqual([]);
  }, 180_000);
});
