// The first opening of a new PGlite data folder (a station's first command, `npm start` on a fresh clone):
// a copy of the kept empty cluster (db/src/pglite-cluster.ts) against the baseline, initdb in the folder, as
// before. Each opening runs in a process of its own, as a command does (V8's `--liftoff-only`, as the short
// commands run: scripts/wasm-tiering.mjs), migrations included; CPU is the process's, all threads.
// Usage: node --conditions=scrutin-source --import tsx bench/new-folder/run.ts [RUNS]   (default 3 of each)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@scrutin/db';

type Opening = { wallMs: number; cpuMs: number };

if (process.argv[2] === '--child') {
  const [, , , mode, dir] = process.argv;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const db = await openDatabase({ dataDir: dir!, ...(mode === 'initdb' ? { clusterCache: null } : {}) });
  await db.close();
  const cpu = process.cpuUsage(cpu0);
  const opening: Opening = { wallMs: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
  console.log(JSON.stringify(opening));
} else {
  const runs = Number(process.argv[2] ?? 3);
  const root = mkdtempSync(join(tmpdir(), 'scrutin-bench-new-folder-'));
  const open = (mode: 'initdb' | 'copy', i: number): Opening =>
    JSON.parse(
      execFileSync(process.execPath, ['--liftoff-only', '--conditions=scrutin-source', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, join(root, `${mode}-${i}`)], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      }),
    ) as Opening;
  try {
    // One copy first, so that the kept cluster exists (made by initdb if it did not): not counted.
    open('copy', -1);
    const result: Record<'initdb' | 'copy', Opening[]> = { initdb: [], copy: [] };
    for (let i = 0; i < runs; i++) for (const mode of ['initdb', 'copy'] as const) result[mode].push(open(mode, i));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const summary = (xs: Opening[]) => ({ wallMs: median(xs.map((x) => x.wallMs)), cpuMs: median(xs.map((x) => x.cpuMs)) });
    const baseline = summary(result.initdb);
    const copy = summary(result.copy);
    console.log(JSON.stringify({ runs, baseline: { name: 'initdb', ...baseline }, copy, ratio: { wall: +(copy.wallMs / baseline.wallMs).toFixed(2), cpu: +(copy.cpuMs / baseline.cpuMs).toFixed(2) }, all: result }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
