import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db, type DatabaseKind } from '@scrutin/db';
import { verifyJournal } from '@scrutin/station/journal/verify.js';
import { createServerDatabase, databaseKinds, newRequestId } from './index.js';
import { emargementViolations, prepareScanBurst } from './scan-burst.js';
import { exited, freePort, startStationProcess, waitHealthy } from './station-process.js';

/**
 * Invariant 3: every verdict acknowledged to a client survives `kill -9` of the station.
 * The station runs as a real child process (`scrutin serve`), is killed in the middle of
 * a burst of concurrent scans, restarted on the same data, and then questioned.
 */

const CLIENTS = 8;
const RIGHTS = 40; // fewer rights than scans: stations collide on the same envelopes
const ELECTRONIC = [1, 2, 3];

type Sent = { requestId: string; client: number; barcode: string; status: number | 'lost'; verdict?: string; scanId?: number };

async function scanOnce(url: string, token: string, requestId: string, barcode: string): Promise<{ status: number; body: { verdict: string; scanId: number; replayed: boolean } }> {
  const res = await fetch(`${url}/api/scans`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ requestId, barcode }),
  });
  return { status: res.status, body: (await res.json()) as { verdict: string; scanId: number; replayed: boolean } };
}

async function prepare(kind: DatabaseKind): Promise<{ env: Record<string, string>; open: () => Promise<Db>; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'scrutin-crash-'));
    return { env: { SCRUTIN_DATA: dir }, open: () => openDatabase({ dataDir: dir }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = await createServerDatabase();
  return { env: { DATABASE_URL: server.url }, open: () => openDatabase({ url: server.url }), cleanup: () => server.drop() };
}

for (const kind of databaseKinds()) {
  describe(`kill -9 of the station during a burst of scans [${kind}]`, () => {
    let ctx: Awaited<ReturnType<typeof prepare>>;
    let tokens: string[] = [];
    let barcodes: string[] = [];
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      ctx = await prepare(kind);
      const db = await ctx.open();
      ({ tokens, barcodes } = await prepareScanBurst(db, { rights: RIGHTS, stations: CLIENTS, electronic: ELECTRONIC }));
      await db.close();
    }, 180_000);

    afterAll(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await Promise.all(children.map(exited));
      await ctx.cleanup();
    });

    test('every acknowledged verdict is stored, every retry gets its first answer, no right is emarged twice', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const first = startStationProcess(ctx.env, port);
      children.push(first);
      await waitHealthy(url, first);

      const sent: Sent[] = [];
      let acknowledged = 0;
      let killed = false;
      const killAfter = 150 + Math.floor(Math.random() * 100);
      // Each client scans until the station dies under it; the kill lands while all are in flight.
      const clients = Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; !killed || i === 0; i++) {
          const entry: Sent = { requestId: newRequestId(), client, barcode: barcodes[Math.floor(Math.random() * barcodes.length)]!, status: 'lost' };
          sent.push(entry);
          try {
            const r = await scanOnce(url, tokens[client]!, entry.requestId, entry.barcode);
            Object.assign(entry, { status: r.status, verdict: r.body.verdict, scanId: r.body.scanId });
            if (r.status === 200 && ++acknowledged === killAfter) {
              killed = true;
              first.kill('SIGKILL');
            }
          } catch {
            return; // connection refused or reset: the station is gone
          }
        }
      });
      await Promise.all(clients);
      await exited(first);
      expect(first.signalCode).toBe('SIGKILL');
      const acked = sent.filter((s) => s.status === 200);
      const lost = sent.filter((s) => s.status === 'lost');
      expect(acked.length).toBeGreaterThanOrEqual(killAfter);
      expect(sent.every((s) => s.status === 200 || s.status === 'lost')).toBe(true);

      // Restart on the same data: a PGlite folder killed mid-write must reopen.
      const second = startStationProcess(ctx.env, port);
      children.push(second);
      await waitHealthy(url, second);

      const retried = await Promise.all(sent.map(async (s) => ({ s, r: await scanOnce(url, tokens[s.client]!, s.requestId, s.barcode) })));
      for (const { s, r } of retried) {
        expect(r.status).toBe(200);
        if (s.status === 200) {
          // Acknowledged before the kill: stored, and its first answer comes back unchanged.
          expect(r.body).toMatchObject({ replayed: true, scanId: s.scanId, verdict: s.verdict });
        }
      }
      // A retry of a replayed request is still the same answer.
      const again = await Promise.all(retried.slice(0, 50).map(({ s }) => scanOnce(url, tokens[s.client]!, s.requestId, s.barcode)));
      again.forEach((r, i) => expect(r.body).toMatchObject({ replayed: true, scanId: retried[i]!.r.body.scanId, verdict: retried[i]!.r.body.verdict }));

      second.kill('SIGTERM');
      await exited(second);
      const db = await ctx.open();
      try {
        const stored = await db.query<{ request_id: string; id: number; verdict: string }>('SELECT request_id, id, verdict FROM scan');
        const byRequest = new Map(stored.rows.map((r) => [r.request_id, r]));
        expect(stored.rows.length).toBe(sent.length); // each request stored exactly once, lost ones performed once on retry
        for (const { s, r } of retried) expect(byRequest.get(s.requestId)).toMatchObject({ id: r.body.scanId, verdict: r.body.verdict });
        expect(await emargementViolations(db)).toEqual({ doubled: [], orphan: [], dual: [] });
        const journal = await verifyJournal(db);
        expect(journal.problems).toEqual([]);
        // Each scan has its journal entry: no state change exists without it.
        const entries = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM journal WHERE action = 'scan'");
        expect(entries.rows[0]!.n).toBe(sent.length);
        const committedUnanswered = retried.filter(({ s, r }) => s.status === 'lost' && r.body.replayed).length;
        process.stdout.write(`[${kind}] ${sent.length} requests, ${acked.length} acknowledged before kill -9, ${lost.length} in flight (${committedUnanswered} committed but unanswered)\n`);
      } finally {
        await db.close();
      }
    }, 240_000);
  });
}
