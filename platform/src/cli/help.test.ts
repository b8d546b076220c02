// `scrutin-platform --help` loads no database driver, no web server, no PDF library (issue 16, item 4):
// the compiled bin is run with a module hook that writes down every module Node resolves.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PLATFORM_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(PLATFORM_ROOT, 'bin', 'scrutin-platform.js');

/**
 * Modules a command that needs no database must not load: the drivers and their wrapper, express, pdf-lib,
 * pino, the services. zod is not among them: the environment is validated once at the entry, before any
 * command (platform/src/config.ts, issue 16 item 3) — 0.20–0.24 s for --help at load 2 (bench/RESULTS.md).
 */
const HEAVY = [
  /\/db\/dist\/(index|factory)\.js$/,
  /\/node_modules\/(pg|pg-pool|@electric-sql\/pglite|express|pdf-lib|@pdf-lib\/[^/]+|pino)\//,
  /\/platform\/dist\/(database|server|context|cli\/services)\.js$/,
  /\/platform\/dist\/store\//,
];

const heavyAmong = (urls: string[]): string[] => urls.filter((u) => HEAVY.some((h) => h.test(u)));

describe('scrutin-platform --help', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-platform-help-'));
  const trace = join(dir, 'modules.txt');
  const hook = join(dir, 'hook.mjs');
  const register = join(dir, 'register.mjs');
  writeFileSync(hook, "import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context);\n  appendFileSync(process.env.MODULE_TRACE, r.url + '\\n');\n  return r;\n}\n");
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs node with the hook; returns the exit code, stdout and the modules resolved. */
  const traced = (args: string[]) => {
    rmSync(trace, { force: true });
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, ...args], {
      cwd: dir,
      env: { ...process.env, MODULE_TRACE: trace, NODE_OPTIONS: '', PLATFORM_DATA: join(dir, 'donnees') },
      encoding: 'utf8',
      timeout: 90_000,
    });
    let modules: string[] = [];
    try {
      modules = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
    } catch {
      // no module resolved: left empty, the assertions below say so
    }
    return { code: r.status, out: r.stdout, err: r.stderr, modules };
  };

  test('the hook sees the database module when it is loaded (the check can fail)', () => {
    const r = traced(['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(PLATFORM_ROOT, 'dist', 'database.js')).href)});`]);
    expect(r.err).toBe('');
    expect(heavyAmong(r.modules)).toEqual(expect.arrayContaining([expect.stringMatching(/\/db\/dist\/index\.js$/), expect.stringMatching(/\/platform\/dist\/database\.js$/)]));
  }, 120_000);

  test('prints the commands in French and loads none of the heavy modules', () => {
    const r = traced([BIN, '--help']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage : scrutin-platform/);
    expect(r.out).toMatch(/clôt le vote/);
    expect(r.modules).toEqual(expect.arrayContaining([expect.stringMatching(/\/platform\/dist\/cli\/main\.js$/)]));
    expect(heavyAmong(r.modules)).toEqual([]);
    // No data folder was made: the database was not opened either.
    expect(existsSync(join(dir, 'donnees'))).toBe(false);
  }, 120_000);
});
