import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './station-fixture.js';

/** scripts/wasm-tiering.mjs, run by plain Node as the bins run it: isLongRunning(argv, longRunning). */
const longRunning = (argv: string[], list: string[]): boolean =>
  JSON.parse(
    execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'scripts', 'wasm-tiering.mjs')).href)}); process.stdout.write(JSON.stringify(m.isLongRunning(${JSON.stringify(argv)}, ${JSON.stringify(list)})));`],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    ),
  ) as boolean;

describe('which CLI commands keep V8’s optimising compiler for PGlite (scripts/wasm-tiering.mjs)', () => {
  const station = ['serve', 'simulate', 'roll import'];
  test('servers and bulk commands keep it, with or without options and arguments', () => {
    expect(longRunning(['serve'], station)).toBe(true);
    expect(longRunning(['serve', '--port', '8080'], station)).toBe(true);
    expect(longRunning(['roll', 'import', 'liste.csv', '--as', 'admin'], station)).toBe(true);
    expect(longRunning(['simulate', '--envelopes', '500'], station)).toBe(true);
  });
  test('short commands, help and an option before the command do not', () => {
    expect(longRunning(['journal', 'verify'], station)).toBe(false);
    expect(longRunning(['roll', 'validate', '--sha256', 'x'], station)).toBe(false);
    expect(longRunning(['roll'], station)).toBe(false);
    expect(longRunning(['--help'], station)).toBe(false);
    expect(longRunning(['--json', 'serve'], station)).toBe(false);
    expect(longRunning(['server'], station)).toBe(false);
    expect(longRunning([], station)).toBe(false);
  });
});
