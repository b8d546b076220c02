import fc from 'fast-check';
import type { Db } from '@scrutin/db';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { issueStationToken } from '@scrutin/station/scanning/stations.js';
import { describeEachDatabase, newRequestId, setUpElection, startFixture, type ApiClient, type Fixture } from './index.js';

type Answer = { requestId: string; scanId: number; verdict: string; replayed: boolean };

const STATIONS = 8;
const RIGHTS = [1, 2, 3, 4, 5, 6]; // 1 and 2 voted electronically
const ELECTRONIC = [1, 2];

/** Invariants 1 and 2, read from the tables themselves. */
async function invariantViolations(db: Db): Promise<{ doubleEmarged: unknown[]; dual: unknown[] }> {
  const doubleEmarged = await db.query(
    `SELECT pe.right_id, count(*)::int AS live FROM postal_emargement pe
     WHERE NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)
     GROUP BY pe.right_id HAVING count(*) > 1`,
  );
  const dual = await db.query('SELECT pe.right_id FROM postal_emargement pe JOIN electronic_emargement e ON e.right_id = pe.right_id');
  return { doubleEmarged: doubleEmarged.rows, dual: dual.rows };
}

type Command =
  | { kind: 'scan'; station: number; right: number; copies: number }
  | { kind: 'cancel'; right: number }
  | { kind: 'accept'; right: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('scan' as const), station: fc.integer({ min: 0, max: STATIONS - 1 }), right: fc.constantFrom(...RIGHTS), copies: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), right: fc.constantFrom(...RIGHTS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('accept' as const), right: fc.constantFrom(...RIGHTS) }) },
);

describeEachDatabase('many stations scanning the same rights at once', (get) => {
  let f: Fixture;
  let db: Db;
  let president: ApiClient;
  let tokens: string[];
  let barcodes: Map<number, string>;

  beforeAll(async () => {
    db = get().db;
    f = await startFixture(db);
    await setUpElection(f, { voters: 20, until: 'EMARGEMENT_LOADED', electronic: ELECTRONIC });
    president = await f.client('president', 'BUREAU');
    tokens = [];
    for (let i = 0; i < STATIONS; i++) {
      const issued = await issueStationToken(db, SYSTEM_ACTOR(), { id: `POSTE-${i}`, label: `Poste ${i}`, agentLogin: i % 2 ? 'numerisation2' : 'numerisation' });
      if (!issued.ok) throw new Error(issued.error.message);
      tokens.push(issued.value.token);
    }
    const { rows } = await db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right ORDER BY id');
    barcodes = new Map(rows.map((r) => [Number(r.id), r.barcode]));
  }, 120_000);
  afterAll(() => f.station.close());

  /** What a scanner bridge sends: a bearer token, no session, no CSRF. */
  async function scanAs(station: number, requestId: string, barcode: string): Promise<{ status: number; body: Answer }> {
    const res = await fetch(`${f.station.url}/api/scans`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens[station]}` },
      body: JSON.stringify({ requestId, barcode }),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  }

  /** Scans the president may reverse: the live acceptance of a right, and its set-aside envelopes. */
  async function reversible(right: number): Promise<{ live: number | null; setAside: number[] }> {
    const live = await db.query<{ scan_id: number }>(
      `SELECT scan_id FROM postal_emargement pe WHERE right_id = $1
       AND NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)`,
      [right],
    );
    const aside = await db.query<{ id: number }>("SELECT id FROM scan WHERE right_id = $1 AND verdict IN ('ALREADY_EMARGED', 'ELECTRONIC_PRIORITY') ORDER BY id DESC LIMIT 3", [right]);
    return { live: live.rows[0] ? Number(live.rows[0].scan_id) : null, setAside: aside.rows.map((r) => Number(r.id)) };
  }

  test('invariants 1 and 2 hold after any interleaving of scans, retries and president reversals', async () => {
    let batches = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 30 }), async (commands) => {
        batches++;
        const targets = new Map(await Promise.all(RIGHTS.map(async (r) => [r, await reversible(r)] as const)));
        const scans: { right: number; requestId: string; copies: Promise<{ status: number; body: Answer }>[] }[] = [];
        const reversals: Promise<{ status: number; body: unknown }>[] = [];
        for (const c of commands) {
          if (c.kind === 'scan') {
            const requestId = newRequestId();
            // The same requestId sent several times at once: a bridge retrying while the first is in flight.
            const copies = Array.from({ length: c.copies }, () => scanAs(c.station, requestId, barcodes.get(c.right)!));
            scans.push({ right: c.right, requestId, copies });
          } else {
            const t = targets.get(c.right)!;
            const scanId = c.kind === 'cancel' ? t.live : t.setAside[0];
            if (scanId) {
              const action = c.kind === 'cancel' ? 'CANCEL_ACCEPTANCE' : 'ACCEPT';
              reversals.push(president.post('/api/president/reverse', { scanId, action, reason: 'décision du président après examen du pli' }));
            }
          }
        }
        const answered = await Promise.all(scans.map(async (s) => ({ right: s.right, requestId: s.requestId, results: await Promise.all(s.copies) })));
        const reversed = await Promise.all(reversals);

        for (const r of reversed) expect([200, 409, 422]).toContain(r.status); // a lost race is a refusal, never a 500
        for (const { requestId, results } of answered) {
          for (const r of results) expect(r.status).toBe(200);
          // Every copy of one request got the same verdict and the same stored scan.
          expect(new Set(results.map((r) => `${r.body.scanId}:${r.body.verdict}`)).size).toBe(1);
          const stored = await db.query<{ id: number; verdict: string }>('SELECT id, verdict FROM scan WHERE request_id = $1', [requestId]);
          expect(stored.rows).toHaveLength(1);
          expect([Number(stored.rows[0]!.id), stored.rows[0]!.verdict]).toEqual([results[0]!.body.scanId, results[0]!.body.verdict]);
        }
        for (const { right, results } of answered) {
          if (ELECTRONIC.includes(right)) expect(results[0]!.body.verdict).toBe('ELECTRONIC_PRIORITY');
        }
        expect(await invariantViolations(db)).toEqual({ doubleEmarged: [], dual: [] });
        // An ACCEPTED answer is the live acceptance unless the president cancelled it since.
        const accepted = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM scan s WHERE s.verdict = 'ACCEPTED' AND NOT EXISTS (SELECT 1 FROM postal_emargement pe WHERE pe.scan_id = s.id)`,
        );
        expect(accepted.rows[0]!.n).toBe(0);
      }),
      { numRuns: 12, endOnFailure: true },
    );
    expect(batches).toBe(12);
    // The runs did exercise the races: several acceptances, cancellations and set-aside envelopes.
    const { rows } = await db.query<{ verdict: string; n: number }>('SELECT verdict, count(*)::int AS n FROM scan GROUP BY verdict');
    const byVerdict = Object.fromEntries(rows.map((r) => [r.verdict, r.n]));
    expect(byVerdict.ACCEPTED).toBeGreaterThanOrEqual(4);
    expect(byVerdict.ALREADY_EMARGED).toBeGreaterThan(10);
    expect(byVerdict.ELECTRONIC_PRIORITY).toBeGreaterThan(0);
    const journal = await president.get<{ ok: boolean; problems: unknown[] }>('/api/journal/verify');
    expect(journal.body.problems).toEqual([]);
  }, 240_000);

  test('electronic rights are never accepted, even by a president reversal', async () => {
    const { setAside } = await reversible(1);
    expect(setAside.length).toBeGreaterThan(0);
    const r = await president.post<{ error: { code: string; message: string } }>('/api/president/reverse', { scanId: setAside[0], action: 'ACCEPT', reason: 'tentative de réintégration du pli' });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/vote électronique prime/);
    const { rows } = await db.query('SELECT 1 FROM postal_emargement WHERE right_id = ANY($1::bigint[])', [ELECTRONIC]);
    expect(rows).toHaveLength(0);
  });

  test('racing reversals of the same right: one wins, the others are refused with a reason, never a 500', async () => {
    for (let round = 0; round < 5; round++) {
      let { live } = await reversible(5);
      if (!live) {
        const r = await scanAs(0, newRequestId(), barcodes.get(5)!);
        expect(r.body.verdict).toBe('ACCEPTED');
        live = r.body.scanId;
      }
      // Another station than the accepting one: the same station within 10 s would be a re-read (REREAD).
      const accepting = (await db.query<{ station_id: string }>('SELECT station_id FROM scan WHERE id = $1', [live])).rows[0]?.station_id;
      const aside = await scanAs(accepting === 'POSTE-1' ? 2 : 1, newRequestId(), barcodes.get(5)!);
      expect(aside.body.verdict).toBe('ALREADY_EMARGED');
      const reason = 'pli examiné par le bureau, décision motivée';
      const cancels = await Promise.all(Array.from({ length: 4 }, () => president.post('/api/president/reverse', { scanId: live, action: 'CANCEL_ACCEPTANCE', reason })));
      expect(cancels.map((c) => c.status).sort()).toEqual([200, 422, 422, 422]);
      // The set-aside envelope accepted by the president while stations scan the same right.
      const raced = await Promise.all([
        president.post('/api/president/reverse', { scanId: aside.body.scanId, action: 'ACCEPT', reason }),
        president.post('/api/president/reverse', { scanId: aside.body.scanId, action: 'ACCEPT', reason }),
        scanAs(2, newRequestId(), barcodes.get(5)!),
        scanAs(3, newRequestId(), barcodes.get(5)!),
      ]);
      for (const r of raced) expect([200, 409, 422]).toContain(r.status);
      const winners = raced.filter((r, i) => (i < 2 ? r.status === 200 : (r.body as Answer).verdict === 'ACCEPTED'));
      expect(winners).toHaveLength(1);
      expect(await invariantViolations(db)).toEqual({ doubleEmarged: [], dual: [] });
    }
  });
});
