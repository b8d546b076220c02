import { workerEntry } from './workers.js';

describe('where worker threads start (workerEntry)', () => {
  const harness = globalThis as { SCRUTIN_TEST_WORKERS_FROM_DIST?: unknown };
  const saved = harness.SCRUTIN_TEST_WORKERS_FROM_DIST;
  afterEach(() => {
    harness.SCRUTIN_TEST_WORKERS_FROM_DIST = saved;
  });
  const plain = (e: ReturnType<typeof workerEntry>) => ({ url: e.url.href, execArgv: e.execArgv, module: e.moduleHref('file:///r/station/src/reports/sign.js') });

  test('jest sets the switch (jest.config.cjs), after its global set-up has built dist/', () => {
    expect(saved).toBe(true);
  });

  test('a compiled module starts its entry beside it with the default flags, module URLs unchanged', () => {
    harness.SCRUTIN_TEST_WORKERS_FROM_DIST = true;
    expect(plain(workerEntry('file:///r/evote/dist/node/pool.js', './worker.js'))).toEqual({ url: 'file:///r/evote/dist/node/worker.js', execArgv: undefined, module: 'file:///r/station/src/reports/sign.js' });
  });

  test('a source module starts the entry beside it, resolving @scrutin/* to sources, unless the test runner built dist/', () => {
    harness.SCRUTIN_TEST_WORKERS_FROM_DIST = undefined;
    const fromSources = plain(workerEntry('file:///r/evote/src/node/pool.ts', './worker.js'));
    expect(fromSources.url).toBe('file:///r/evote/src/node/worker.js');
    expect(fromSources.execArgv).toContain('--conditions=scrutin-source');
    expect(fromSources.module).toBe('file:///r/station/src/reports/sign.js');
    harness.SCRUTIN_TEST_WORKERS_FROM_DIST = true;
    expect(plain(workerEntry('file:///r/evote/src/node/pool.ts', './worker.js'))).toEqual({ url: 'file:///r/evote/dist/node/worker.js', execArgv: [], module: 'file:///r/station/dist/reports/sign.js' });
  });

  test('from dist/, module URLs map the last src/ of the path and a .ts name; a path without src/ is refused', () => {
    harness.SCRUTIN_TEST_WORKERS_FROM_DIST = true;
    const { moduleHref } = workerEntry('file:///r/station/src/basics/off-thread.ts', './off-thread-entry.js');
    expect(moduleHref('file:///home/src/r/station/src/a/b.ts')).toBe('file:///home/src/r/station/dist/a/b.js');
    expect(() => moduleHref('file:///r/station/dist/a.js')).toThrow('pas un module de src/');
  });
});
