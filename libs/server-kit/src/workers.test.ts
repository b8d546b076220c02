import { distUrl, workerEntry } from './workers.js';

describe('where worker threads start (workerEntry, distUrl)', () => {
  const harness = globalThis as { SCRUTIN_TEST_WORKERS_FROM_DIST?: unknown };
  const saved = harness.SCRUTIN_TEST_WORKERS_FROM_DIST;
  afterEach(() => {
    harness.SCRUTIN_TEST_WORKERS_FROM_DIST = saved;
  });

  test('jest sets the switch (jest.config.cjs), after its global set-up has built dist/', () => {
    expect(saved).toBe(true);
  });

  test('a compiled module starts its entry beside it with the default flags', () => {
    harness.SCRUTIN_TEST_WORKERS_FROM_DIST = true;
    expect(workerEntry('file:///r/evote/dist/node/pool.js', './worker.js')).toEqual({ url: new URL('file:///r/evote/dist/node/worker.js'), execArgv: undefined, fromDist: false });
  });

  test('a source module starts the entry beside it, resolving @scrutin/* to sources, unless the test runner built dist/', () => {
    harness.SCRUTIN_TEST_WORKERS_FROM_DIST = undefined;
    const fromSources = workerEntry('file:///r/evote/src/node/pool.ts', './worker.js');
    expect(fromSources.url.href).toBe('file:///r/evote/src/node/worker.js');
    expect(fromSources.execArgv).toContain('--conditions=scrutin-source');
    harness.SCRUTIN_TEST_WORKERS_FROM_DIST = true;
    expect(workerEntry('file:///r/evote/src/node/pool.ts', './worker.js')).toEqual({ url: new URL('file:///r/evote/dist/node/worker.js'), execArgv: [], fromDist: true });
  });

  test('distUrl maps the last src/ of the path and a .ts name; a path without src/ is refused', () => {
    expect(distUrl('file:///r/station/src/reports/pdf.js')).toBe('file:///r/station/dist/reports/pdf.js');
    expect(distUrl('file:///home/src/r/station/src/a/b.ts')).toBe('file:///home/src/r/station/dist/a/b.js');
    expect(() => distUrl('file:///r/station/dist/a.js')).toThrow('pas un module de src/');
  });
});
