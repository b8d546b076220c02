import { distUrl, workerEntry } from './workers.js';

describe('where worker threads start (workerEntry, distUrl)', () => {
  const saved = process.env.SCRUTIN_WORKERS_FROM_DIST;
  afterEach(() => {
    if (saved === undefined) delete process.env.SCRUTIN_WORKERS_FROM_DIST;
    else process.env.SCRUTIN_WORKERS_FROM_DIST = saved;
  });

  test('a compiled module starts its entry beside it with the default flags', () => {
    process.env.SCRUTIN_WORKERS_FROM_DIST = '1';
    expect(workerEntry('file:///r/evote/dist/node/pool.js', './worker.js')).toEqual({ url: new URL('file:///r/evote/dist/node/worker.js'), execArgv: undefined, fromDist: false });
  });

  test('a source module starts the entry beside it, resolving @scrutin/* to sources, unless the test runner built dist/', () => {
    delete process.env.SCRUTIN_WORKERS_FROM_DIST;
    const fromSources = workerEntry('file:///r/evote/src/node/pool.ts', './worker.js');
    expect(fromSources.url.href).toBe('file:///r/evote/src/node/worker.js');
    expect(fromSources.execArgv).toContain('--conditions=scrutin-source');
    process.env.SCRUTIN_WORKERS_FROM_DIST = '1';
    expect(workerEntry('file:///r/evote/src/node/pool.ts', './worker.js')).toEqual({ url: new URL('file:///r/evote/dist/node/worker.js'), execArgv: [], fromDist: true });
  });

  test('distUrl maps the last src/ of the path and a .ts name; a path without src/ is refused', () => {
    expect(distUrl('file:///r/station/src/reports/pdf.js')).toBe('file:///r/station/dist/reports/pdf.js');
    expect(distUrl('file:///home/src/r/station/src/a/b.ts')).toBe('file:///home/src/r/station/dist/a/b.js');
    expect(() => distUrl('file:///r/station/dist/a.js')).toThrow('pas un module de src/');
  });
});
