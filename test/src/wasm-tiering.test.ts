import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './station-fixture.js';

/** isLongRunning of scripts/wasm-tiering.mjs for each case, run by plain Node as the bins run it: one process for all. */
const longRunning = (cases: [argv: string[], list: string[]][]): boolean[] =>
  JSON.parse(
    execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'scripts', 'wasm-tiering.mjs')).href)}); process.stdout.write(JSON.stringify(${JSON.stringify(cases)}.map(([argv, list]) => m.isLongRunning(argv, list))));`],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    ),
  ) as boolean[];

describe('which CLI commands keep V8’s optimising compiler for PGlite (scripts/wasm-tiering.mjs)', () => {
  const station = ['serve', 'simulate', 'roll import'];
  test('servers and bulk commands keep it, with or without options and arguments', () => {
    const argvs = [['serve'], ['serve', '--port', '8080'], ['roll', 'import', 'liste.csv', '--as', 'admin'], ['simulate', '--envelopes', '500']];
    expect(longRunning(argvs.map((argv) => [argv, station]))).toEqual(argvs.map(() => true));
  });
  test('short commands, help and an option before the command do not', () => {
    const argvs = [['journal', 'verify'], ['roll', 'validate', '--sha256', 'x'], ['roll'], ['--help'], ['--json', 'serve'], ['server'], []];
    expect(longRunning(argvs.map((argv) => [argv, station]))).toEqual(argvs.map(() => false));
  });
});
