// Benchmark (issue 3): import a generated roll of ROWS lines (default 1,000,000) with importRoll into
// PGlite (file-backed, temp folder) and into PostgreSQL (a fresh database on 127.0.0.1:5432), against
// the raw baseline measured in the same run: COPY, through pg-copy-streams, of the very same rows as
// the final voter and voting_right rows (ids and barcodes computed beforehand, untimed) into a fresh
// database with the same schema, constraints and indexes. A second baseline copies the CSV file as
// is into a text staging table (no validation, no constraint): the floor of any import.
// Each phase runs in its own child process, whose peak RSS is read from /proc/self/status (VmHWM).
// Usage: npx tsx bench/roll-import/run.ts   (ROWS=100000 to scale down, PG_URL to change the server)
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase, type Db } from '@scrutin/db';
import { createServerDatabase } from '@scrutin/test/databases.js';
import { createUser } from '@scrutin/station/auth/users.js';
import { SYSTEM_ACTOR, type Actor } from '@scrutin/domain/roles.js';
import { createElection } from '@scrutin/station/election/election.js';
import type { ElectionDefinition } from '@scrutin/contract/election-definition.js';
import { generateRollLines } from '@scrutin/station/roll/generate.js';
import { importRoll } from '@scrutin/station/roll/import.js';
import { barcodeMaker } from '@scrutin/station/roll/barcodes.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = join(import.meta.dirname, '..', '..');
const definition = JSON.parse(readFileSync(join(ROOT, 'examples', 'election.json'), 'utf8')) as ElectionDefinition;

type PhaseResult = { seconds: number; rows: number; peakRssMb: number; rssBeforeImportMb?: number; importRssGrowthMb?: number };

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.memoryUsage().rss / 1048576);
}

async function setUp(db: Db): Promise<Actor> {
  const user = await createUser(db, SYSTEM_ACTOR(), { login: 'admin', displayName: 'Administrateur', roles: ['admin'] });
  if (!user.ok) throw new Error(user.error.message);
  const actor: Actor = { userId: user.value.user.id, login: 'admin', role: 'admin', stationId: 'bench' };
  const election = await createElection(db, actor, definition);
  if (!election.ok) throw new Error(election.error.message);
  return actor;
}

// ---- child phases -------------------------------------------------------------------------

async function phaseImport(kind: 'pglite' | 'postgres', csv: string, dir: string): Promise<PhaseResult> {
  const server = kind === 'postgres' ? await createServerDatabase(PG_URL) : null;
  const db = await openDatabase(server ? { url: server.url } : { dataDir: join(dir, 'pglite') });
  try {
    const actor = await setUp(db);
    // PGlite alone (WASM PostgreSQL, opened and migrated) holds several hundred MB before the
    // import starts: what the import adds is sampled separately.
    const before = process.memoryUsage().rss;
    let max = before;
    const sampler = setInterval(() => (max = Math.max(max, process.memoryUsage().rss)), 50);
    const start = performance.now();
    const result = await importRoll(db, actor, createReadStream(csv, { highWaterMark: 256 * 1024 }), { fileName: 'liste.csv' });
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    if (!result.ok) throw new Error(`import refusé : ${result.error.slice(0, 3).map((e) => e.message).join(' ; ')}`);
    return { seconds, rows: result.value.rights, peakRssMb: peakRssMb(), rssBeforeImportMb: Math.round(before / 1048576), importRssGrowthMb: Math.round((max - before) / 1048576) };
  } finally {
    await db.close();
    await server?.drop();
  }
}

async function copyInto(client: pg.Client, sql: string, file: string): Promise<number> {
  const stream = client.query(copyFrom(sql));
  await pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), stream);
  return stream.rowCount;
}

async function phaseCopy(dir: string): Promise<PhaseResult & { voters: number; rawCsvSeconds: number }> {
  const server = await createServerDatabase(PG_URL);
  const db = await openDatabase({ url: server.url });
  await setUp(db);
  await db.close();
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const start = performance.now();
    await client.query('BEGIN');
    const voters = await copyInto(client, 'COPY voter (id, voter_number, civility, last_name, first_names, birth_date, nationality, voter_type, postal_address, business_address, siren, company_name) FROM STDIN', join(dir, 'voter.tsv'));
    const rows = await copyInto(client, 'COPY voting_right (id, voter_id, category_code, subcategory_code, barcode, line_number) FROM STDIN', join(dir, 'right.tsv'));
    await client.query('COMMIT');
    const seconds = (performance.now() - start) / 1000;
    const rawStart = performance.now();
    await client.query('BEGIN');
    await client.query('CREATE TEMP TABLE raw_roll (n text, civ text, nom text, prenoms text, naissance text, nat text, type text, adr text, adr_pro text, siren text, ent text, cat text, souscat text) ON COMMIT DROP');
    await copyInto(client, "COPY raw_roll FROM STDIN (FORMAT csv, HEADER true, DELIMITER ';')", join(dir, 'roll.csv'));
    await client.query('COMMIT');
    const rawCsvSeconds = (performance.now() - rawStart) / 1000;
    return { seconds, rows, voters, rawCsvSeconds, peakRssMb: peakRssMb() };
  } finally {
    await client.end();
    await server.drop();
  }
}

// ---- parent -----------------------------------------------------------------------------------

/** The roll file, and the same rows as the final tables would hold them (the COPY baseline's input). */
async function prepare(dir: string): Promise<number> {
  const voterCount = Math.max(1, Math.round(ROWS / 1.1)); // about one elector in ten holds two capacities
  const csv = createWriteStream(join(dir, 'roll.csv'));
  const voters = createWriteStream(join(dir, 'voter.tsv'));
  const rights = createWriteStream(join(dir, 'right.tsv'));
  // The baseline's barcodes need the same shape and storage cost as the import's, not the same secret.
  const barcodeFor = barcodeMaker(randomBytes(32), definition.code);
  let line = 0;
  let lastVoter = '';
  let voterId = 0;
  const write = async (stream: ReturnType<typeof createWriteStream>, text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  for (const text of generateRollLines(definition, voterCount, 7)) {
    line++;
    await write(csv, text + '\n');
    if (line === 1) continue;
    const f = text.split(';');
    const [d, m, y] = f[4]!.split('/');
    if (f[0] !== lastVoter) {
      voterId++;
      lastVoter = f[0]!;
      await write(voters, [voterId, f[0], f[1], f[2], f[3], `${y}-${m}-${d}`, f[5], f[6], f[7], f[8], f[9], f[10]].join('\t') + '\n');
    }
    const right = line - 1;
    await write(rights, [right, voterId, f[11], f[12] || '\\N', barcodeFor(right), line].join('\t') + '\n');
  }
  for (const s of [csv, voters, rights]) {
    s.end();
    await once(s, 'finish');
  }
  return line - 1;
}

function runChild(phase: string, dir: string): Record<string, number> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, `--phase=${phase}`, `--dir=${dir}`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`phase ${phase} : ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

async function main(): Promise<void> {
  const phase = process.argv.find((a) => a.startsWith('--phase='))?.slice(8);
  const dir = process.argv.find((a) => a.startsWith('--dir='))?.slice(6);
  if (phase && dir) {
    const out = phase === 'copy' ? await phaseCopy(dir) : await phaseImport(phase as 'pglite' | 'postgres', join(dir, 'roll.csv'), dir);
    process.stdout.write(JSON.stringify(out) + '\n');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'scrutin-bench-roll-'));
  try {
    const prepStart = performance.now();
    const rows = await prepare(work);
    const prepareSeconds = (performance.now() - prepStart) / 1000;
    const copy = runChild('copy', work);
    const postgres = runChild('postgres', work);
    const pglite = runChild('pglite', work);
    const figure = (p: Record<string, number>) => ({
      seconds: Number(p.seconds!.toFixed(2)),
      rowsPerSecond: Math.round(rows / p.seconds!),
      peakRssMb: p.peakRssMb,
      ...(p.rssBeforeImportMb !== undefined ? { rssBeforeImportMb: p.rssBeforeImportMb, importRssGrowthMb: p.importRssGrowthMb } : {}),
    });
    const result = {
      benchmark: 'roll-import',
      rows,
      fileMb: Number((readFileSync(join(work, 'roll.csv')).length / 1e6).toFixed(1)),
      prepareSeconds: Number(prepareSeconds.toFixed(1)),
      postgres: figure(postgres),
      pglite: figure(pglite),
      baselineCopyFinalTables: { ...figure(copy), what: 'COPY voter + COPY voting_right (pg-copy-streams), same rows, same schema and indexes' },
      baselineCopyRawCsv: { seconds: Number(copy.rawCsvSeconds!.toFixed(2)), what: 'COPY of the CSV file as is into a text temp table' },
      ratioPostgresToCopy: Number((postgres.seconds! / copy.seconds!).toFixed(2)),
      ratioPgliteToCopy: Number((pglite.seconds! / copy.seconds!).toFixed(2)),
      targets: { ratioPostgresToCopy: 2, peakRssMb: 300 },
    };
    writeFileSync(join(ROOT, 'bench', 'roll-import', 'last-run.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
