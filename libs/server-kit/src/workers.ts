/**
 * Where a worker thread of the module at `moduleUrl` (its `import.meta.url`) starts, with `entry` the plain-JS
 * file beside it (e.g. `./worker.js`), and `moduleHref`, which turns the URL of a module to hand to that thread
 * into the one the thread must import.
 * - Compiled (`dist/`: bins, servers): the entry beside it, default flags, module URLs as they are.
 * - From the TypeScript sources (tools run by tsx): the entry beside it, with the `scrutin-source` condition
 *   beside the parent's own flags (tsx's loader among them), so that the thread resolves `@scrutin/*` to
 *   sources too and its entry loads them through tsx; module URLs as they are.
 * - From the sources in the test runner, whose global set-up has just brought every dist/ up to date
 *   (scripts/jest-global-setup.cjs; jest.config.cjs sets the global `SCRUTIN_TEST_WORKERS_FROM_DIST` in every
 *   test file, a switch of the test harness, not a configuration): the compiled copy of the entry in `dist/`
 *   with no flags, and module URLs mapped to `dist/`. The same code, without tsx compiling the TypeScript
 *   again in each new thread (about a second of CPU per thread; test/src/unseal.test.ts starts dozens).
 */
export function workerEntry(moduleUrl: string, entry: string): { url: URL; execArgv: string[] | undefined; moduleHref: (href: string) => string } {
  if (!moduleUrl.endsWith('.ts')) return { url: new URL(entry, moduleUrl), execArgv: undefined, moduleHref: (href) => href };
  if ((globalThis as { SCRUTIN_TEST_WORKERS_FROM_DIST?: unknown }).SCRUTIN_TEST_WORKERS_FROM_DIST === true) {
    // No flags at all: inherited ones could name the sources' condition or tsx's loader.
    return { url: new URL(entry, distUrl(moduleUrl)), execArgv: [], moduleHref: distUrl };
  }
  return { url: new URL(entry, moduleUrl), execArgv: [...process.execArgv, '--conditions=scrutin-source'], moduleHref: (href) => href };
}

/** The compiled counterpart of a module URL of a workspace's `src/` (`…/src/a/b.ts` or `.js` → `…/dist/a/b.js`). */
function distUrl(url: string): string {
  const at = url.lastIndexOf('/src/');
  if (at < 0) throw new Error(`pas un module de src/ : ${url}`);
  return `${url.slice(0, at)}/dist/${url.slice(at + 5).replace(/\.ts$/, '.js')}`;
}
