import { createWriteStream, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createTestDatabase, exampleDefinition, type TestDatabase } from '@scrutin/test';
import { SYSTEM_ACTOR, type Actor } from '@scrutin/domain/roles.js';
import { createUser } from '../auth/users.js';
import { createElection } from '../election/election.js';
import { generateRollLines } from './generate.js';
import { importRoll } from './import.js';

// A million-row roll into PGlite (file-backed), streamed: the import must finish and its memory stay
// bounded, i.e. not grow with the file (PGlite itself holds several hundred MB before it starts).
describe('roll import of 1,000,000 rows [pglite]', () => {
  let dir: string;
  let t: TestDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scrutin-roll-1m-'));
    t = await createTestDatabase('pglite', { dataDir: join(dir, 'pglite') });
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports it with bounded memory', async () => {
    const definition = exampleDefinition();
    const file = join(dir, 'liste.csv');
    const out = createWriteStream(file);
    let lines = 0;
    for (const line of generateRollLines(definition, 909_100, 11)) {
      lines++;
      if (!out.write(line + '\n')) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const rows = lines - 1;
    expect(rows).toBeGreaterThanOrEqual(1_000_000);

    const u = await createUser(t.db, SYSTEM_ACTOR(), { login: 'admin', displayName: 'admin', roles: ['admin'] });
    if (!u.ok) throw new Error(u.error.message);
    const admin: Actor = { userId: u.value.user.id, login: 'admin', role: 'admin', stationId: 'test' };
    const e = await createElection(t.db, admin, definition);
    if (!e.ok) throw new Error(e.error.message);

    // What the import retains is the heap left after a full collection: the peak of heapUsed alone also
    // counts garbage not yet collected, which varies from run to run.
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      gc();
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 1000);
    let progress = 0;
    const r = await importRoll(t.db, admin, createReadStream(file), { fileName: 'liste.csv', onProgress: (p) => (progress = p.rows) });
    clearInterval(sampler);
    if (!r.ok) throw new Error(JSON.stringify(r.error.slice(0, 3)));
    expect(r.value.rights).toBe(rows);
    expect(progress).toBe(rows);
    const retainedMb = (peakHeap - before.heapUsed) / 1048576;
    const rssGrowthMb = (peakRss - before.rss) / 1048576;
    console.log(JSON.stringify({ retainedMb: Math.round(retainedMb), rssGrowthMb: Math.round(rssGrowthMb) }));
    // The file is ~210 MB, i.e. over 400 MB as JavaScript strings and far more as row objects: an import
    // holding it would retain far more than this. RSS also counts PGlite's WebAssembly memory, which grows
    // with its own buffers (measured 185–330 MB depending on the machine's load), so it gets a loose bound.
    expect(retainedMb).toBeLessThan(100);
    expect(rssGrowthMb).toBeLessThan(600);
  }, 600_000);
});
