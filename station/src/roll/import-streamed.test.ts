import { createWriteStream, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
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

// A 100,000-row roll into PGlite (file-backed), streamed: the heap the import retains must stay far below
// the file's size, i.e. not grow with the file (PGlite itself holds several hundred MB before it starts).
// The million-row import, its speed and its RSS are measured by bench/roll-import (bench/RESULTS.md): at
// a million rows this test cost three and a half minutes of the suite and showed nothing more, the
// retained heap being the same 5 MB at 200,000 rows as at a million; 200,000 rows cost 48 s of CPU.
describe('roll import of 100,000 rows, streamed [pglite]', () => {
  let dir: string;
  let t: TestDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scrutin-roll-streamed-'));
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
    for (const line of generateRollLines(definition, 91_000, 11)) {
      lines++;
      if (!out.write(line + '\n')) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const rows = lines - 1;
    expect(rows).toBeGreaterThanOrEqual(100_000);
    const fileMb = statSync(file).size / 1048576;

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
    // The file is ~20 MB, i.e. at least as much as one JavaScript string and far more as row objects: an
    // import holding it, or its rows, would retain more than half of it (measured: 5 MB retained, at 200,000
    // rows as at a million). RSS also counts PGlite's WebAssembly memory, which grows with its own buffers
    // (measured 185–330 MB at a million rows depending on the machine's load), so it gets a loose bound.
    expect(fileMb).toBeGreaterThan(17);
    expect(retainedMb).toBeLessThan(fileMb / 2);
    expect(rssGrowthMb).toBeLessThan(600);
  }, 600_000);
});
