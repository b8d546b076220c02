// PGlite's memory after open + migrate (issue 16): resident set, WASM linear memory and the server's
// memory settings, for the embedded database as the station opens it (db/src/factory.ts).
// Usage: node --expose-gc --conditions=scrutin-source --import tsx bench/pglite-memory/run.ts [FOLDER] [--queries]
//   FOLDER: an existing data folder is reopened (a station's restart), kept afterwards; default a fresh one.
//   --queries: also runs a few hundred statements typical of the station (counters, journal) before measuring.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@scrutin/db';

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
const given = process.argv.slice(2).find((a) => !a.startsWith('--'));
const dir = given ?? mkdtempSync(join(tmpdir(), 'scrutin-pglite-memory-'));
const before = process.memoryUsage();
const t0 = performance.now();
const db = await openDatabase({ dataDir: dir });
const openedMs = Math.round(performance.now() - t0);
if (process.argv.includes('--queries')) {
  for (let i = 0; i < 300; i++) await db.query('SELECT count(*) FROM journal');
}
const settings = await db.query<{ name: string; setting: string; unit: string | null }>(
  "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'wal_buffers', 'temp_buffers', 'max_connections')",
);
global.gc?.();
const after = process.memoryUsage();
console.log(
  JSON.stringify({
    openAndMigrateMs: openedMs,
    rssMiB: { before: mib(before.rss), after: mib(after.rss) },
    arrayBuffersMiB: mib(after.arrayBuffers),
    heapUsedMiB: mib(after.heapUsed),
    settings: Object.fromEntries(settings.rows.map((r) => [r.name, `${r.setting}${r.unit ? ` × ${r.unit}` : ''}`])),
  }),
);
await db.close();
if (!given) rmSync(dir, { recursive: true, force: true });
