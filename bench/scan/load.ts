import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import type { Db, Queryable } from '@scrutin/db';
import { readRightForScan } from '@scrutin/station/scanning/scan.js';

export type Figures = { scans: number; seconds: number; perSecond: number; p50Ms: number; p99Ms: number; verdicts: Record<string, number>; errors: number };

export type Planned = { requestId: string; rightId: number; barcode: string };

/** Scans to send: distinct rights from [from, to], with `repeatShare` of them a second envelope of an earlier right. */
export function plan(count: number, from: number, to: number, barcode: (id: number) => string, repeatShare = 0.03): Planned[] {
  let seed = 0x2545f491;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const span = to - from + 1;
  const stride = 7_368_787 % span || 1; // coprime with most spans: a permutation without a table
  const out: Planned[] = [];
  for (let k = 0; k < count; k++) {
    const rightId = out.length > 10 && random() < repeatShare ? out[Math.floor(random() * out.length)]!.rightId : from + ((k * stride) % span);
    out.push({ requestId: randomUUID(), rightId, barcode: barcode(rightId) });
  }
  return out;
}

function summarise(latencies: number[], seconds: number, verdicts: Record<string, number>, errors: number): Figures {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
  return { scans: latencies.length, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(latencies.length / seconds), p50Ms: at(0.5), p99Ms: at(0.99), verdicts, errors };
}

function scanPoster(url: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const target = new URL('/api/scans', url);
  const post = (token: string, body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(target, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/**
 * With a rate, waits for client `client`'s k-th turn and returns its scheduled time, from which latency is
 * counted; clients start spread over one period, as agents do not press the trigger together.
 */
async function slot(started: number, client: number, clients: number, k: number, rate: number | undefined): Promise<number> {
  const now = performance.now();
  if (!rate) return now;
  const scheduled = started + ((client / clients + k) * 1000) / rate;
  if (scheduled > now) await new Promise((r) => setTimeout(r, scheduled - now));
  return scheduled;
}

/**
 * `clients` loops sharing `work` (each takes the next item when free), timing every item; `scanOne`
 * gives the verdict, or null for an error. The load shape of every run: station and baselines alike.
 */
async function drive(clients: number, work: Planned[], rate: number | undefined, scanOne: (client: number, w: Planned) => Promise<string | null>): Promise<Figures> {
  const latencies: number[] = [];
  const verdicts: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = next++, k = 0; i < work.length; i = next++, k++) {
        const t0 = await slot(started, client, clients, k, rate);
        const verdict = await scanOne(client, work[i]!);
        latencies.push(performance.now() - t0);
        if (verdict === null) errors++;
        else verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
      }
    }),
  );
  return summarise(latencies, (performance.now() - started) / 1000, verdicts, errors);
}

/**
 * `clients` scanner bridges, each sending its share one after the other over keep-alive HTTP. Without
 * `perStationRate` they send as fast as the station answers (throughput: latency is then queueing). With
 * it, each sends one scan every 1/rate s, like an agent at a pace, and latency counts from the scheduled
 * time, so that a station falling behind is charged for the wait (no coordinated omission).
 */
export async function httpLoad(url: string, tokens: string[], work: Planned[], perStationRate?: number): Promise<Figures> {
  const { post, close } = scanPoster(url, tokens.length);
  const figures = await drive(tokens.length, work, perStationRate, async (station, w) => {
    const r = await post(tokens[station]!, JSON.stringify({ requestId: w.requestId, barcode: w.barcode }));
    return r.status === 200 ? (JSON.parse(r.text) as { verdict: string }).verdict : null;
  });
  close();
  return figures;
}

const INSERT_SCAN = `INSERT INTO scan (request_id, station_id, agent_login, mode, barcode, right_id, verdict, answer, scanned_at)
 VALUES ($1, $2, 'numerisation', 'EMARGEMENT', $3, $4, $5, $6, now()) ON CONFLICT (request_id) DO NOTHING RETURNING id`;

const JOURNAL = `WITH head AS (
   INSERT INTO journal_chain AS c (chain_id, seq, head_hash) VALUES ($1, 1, encode(sha256(convert_to($1 || $2, 'UTF8')), 'hex'))
   ON CONFLICT (chain_id) DO UPDATE SET seq = c.seq + 1, head_hash = encode(sha256(convert_to(c.head_hash || $2, 'UTF8')), 'hex')
   RETURNING seq, head_hash)
 INSERT INTO journal (chain_id, seq, at, actor_login, actor_role, station_id, action, payload, payload_digest, entry_digest, hash)
 SELECT $1, head.seq, now(), 'numerisation', 'scanning_agent', $1, 'scan', $3::jsonb, md5($3::text), $2, head.head_hash FROM head`;

/**
 * The database work of one scan and nothing else: the right and its state read by the
 * station's own statement, the scan row, the emargement, the station's journal entry, one transaction.
 */
async function rawScan(q: Queryable, station: string, w: Planned): Promise<string> {
  const right = await readRightForScan(q, w.rightId);
  const verdict = !right ? 'UNKNOWN' : right.voted_at ? 'ELECTRONIC_PRIORITY' : right.first_scan_id ? 'ALREADY_EMARGED' : 'ACCEPTED';
  const answer = JSON.stringify({ requestId: w.requestId, verdict });
  const scan = await q.query<{ id: number }>(INSERT_SCAN, [w.requestId, station, w.barcode, right?.id ?? null, verdict, answer]);
  if (verdict === 'ACCEPTED') await q.query('INSERT INTO postal_emargement (right_id, generation, scan_id) VALUES ($1, $2, $3)', [right!.id, right!.generation, scan.rows[0]!.id]);
  await q.query(JOURNAL, [station, randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', ''), JSON.stringify({ scanId: scan.rows[0]!.id, verdict })]);
  return verdict;
}

/** The baseline: `clients` pg connections running rawScan in a loop (at `perClientRate` if given), no HTTP, no station service but its read of the right. */
export async function pgBaseline(url: string, clients: number, work: Planned[], perClientRate?: number): Promise<Figures> {
  const conns = await Promise.all(Array.from({ length: clients }, async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  }));
  const figures = await drive(clients, work, perClientRate, async (n, w) => {
    const c = conns[n]!;
    try {
      await c.query('BEGIN');
      const verdict = await rawScan(c, `BASE-${String(n).padStart(2, '0')}`, w);
      await c.query('COMMIT');
      return verdict;
    } catch {
      await c.query('ROLLBACK');
      return null; // a lost race on the same right: the station retries, the baseline counts it
    }
  });
  await Promise.all(conns.map((c) => c.end()));
  return figures;
}

/** The same baseline on PGlite: one connection, transactions queued behind its mutex. */
export async function pgliteBaseline(db: Db, clients: number, work: Planned[]): Promise<Figures> {
  return drive(clients, work, undefined, (n, w) => db.transaction((tx) => rawScan(tx, `BASE-${n}`, w)));
}
