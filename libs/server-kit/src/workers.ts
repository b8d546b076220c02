/**
 * The `execArgv` of a worker thread started by the module at `moduleUrl` (its `import.meta.url`): when that
 * module runs from its TypeScript source (tests, tools), the worker must resolve `@scrutin/*` to sources too,
 * hence the `scrutin-source` condition beside the parent's own flags (tsx's loader among them); from the
 * compiled `dist/` (bins, servers) the worker inherits the defaults (undefined).
 */
export function workerExecArgv(moduleUrl: string): string[] | undefined {
  return moduleUrl.endsWith('.ts') ? [...process.execArgv, '--conditions=scrutin-source'] : undefined;
}

/**
 * Where a worker thread of the module at `moduleUrl` starts: the plain-JS `entry` (e.g. `./worker.js`) beside it,
 * with `workerExecArgv`. One exception: in the test runner, whose global set-up has just brought every dist/
 * up to date from the sources (scripts/jest-global-setup.cjs; jest.config.cjs sets the global
 * `SCRUTIN_TEST_WORKERS_FROM_DIST` in every test file, a switch of the test harness, not a configuration), a module
 * running from `src/` starts its threads from the compiled copy in `dist/`: the same code, without compiling
 * the TypeScript again in each new thread (about a second of CPU per thread through tsx; a test file such as
 * test/src/unseal.test.ts starts dozens). `fromDist` is then true, and module URLs handed to the thread must
 * go through `distUrl`.
 */
export function workerEntry(moduleUrl: string, entry: string): { url: URL; execArgv: string[] | undefined; fromDist: boolean } {
  if (moduleUrl.endsWith('.ts') && (globalThis as { SCRUTIN_TEST_WORKERS_FROM_DIST?: unknown }).SCRUTIN_TEST_WORKERS_FROM_DIST === true) {
    // No flags at all: inherited ones could name the sources' condition or tsx's loader.
    return { url: new URL(entry, distUrl(moduleUrl)), execArgv: [], fromDist: true };
  }
  return { url: new URL(entry, moduleUrl), execArgv: workerExecArgv(moduleUrl), fromDist: false };
}

/** The compiled counterpart of a module URL of a workspace's `src/` (`…/src/a/b.ts` or `.js` → `…/dist/a/b.js`). */
export function distUrl(url: string): string {
  const at = url.lastIndexOf('/src/');
  if (at < 0) throw new Error(`pas un module de src/ : ${url}`);
  return `${url.slice(0, at)}/dist/${url.slice(at + 5).replace(/\.ts$/, '.js')}`;
}
