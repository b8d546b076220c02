import fc from 'fast-check';
import { describeEachDatabase, newRequestId, setUpElection, startFixture, type ApiClient, type Fixture } from './index.js';

/**
 * Issue 15, item 4: a requestId stands for one read. Sent again with the same body it gets the first
 * answer; with another body (another barcode above all) it is refused, 409 in French, instead of
 * answering the first barcode's verdict while the second envelope is never emarged. Every answer
 * names the barcode and the right it decided.
 */

type Answer = { verdict: string; message: string; replayed: boolean; scanId: number; barcode: string; rightId: number | null };
type Refusal = { error: { code: string; message: string; details: { barcode: string; rightId: number | null; verdict: string } } };

describeEachDatabase('one requestId, one read', (get) => {
  let f: Fixture;
  let agent: ApiClient;
  let barcodes: Map<number, string>;

  beforeAll(async () => {
    f = await startFixture(get().db);
    await setUpElection(f, { voters: 40, until: 'EMARGEMENT_LOADED' });
    agent = await f.client('numerisation', 'POSTE-01');
    const { rows } = await get().db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right ORDER BY id');
    barcodes = new Map(rows.map((r) => [Number(r.id), r.barcode]));
  }, 120_000);
  afterAll(() => f.station.close());

  const send = (body: object) => agent.post<Answer & Refusal>('/api/scans', body);
  const emarged = async (right: number) =>
    (await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM postal_emargement WHERE right_id = $1', [right])).rows[0]!.n;

  test('another barcode under a used requestId: 409 naming both reads, nothing recorded, the envelope emarged under a new id', async () => {
    const requestId = newRequestId();
    const first = await send({ requestId, barcode: barcodes.get(11)! });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ verdict: 'ACCEPTED', barcode: barcodes.get(11), rightId: 11, replayed: false });

    const scansBefore = (await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM scan')).rows[0]!.n;
    const reused = await send({ requestId, barcode: barcodes.get(12)! });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('REQUEST_ID_REUSED');
    expect(reused.body.error.message).toContain(`Lecture « ${barcodes.get(12)} » non enregistrée`);
    expect(reused.body.error.message).toContain(`code-barres « ${barcodes.get(11)} », qualité n° 11`);
    expect(reused.body.error.message).toMatch(/nouvel identifiant/);
    expect(reused.body.error.details).toMatchObject({ barcode: barcodes.get(11), rightId: 11, verdict: 'ACCEPTED' });
    expect((await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM scan')).rows[0]!.n).toBe(scansBefore);
    expect(await emarged(12)).toBe(0);

    const own = await send({ requestId: newRequestId(), barcode: barcodes.get(12)! });
    expect(own.body).toMatchObject({ verdict: 'ACCEPTED', barcode: barcodes.get(12), rightId: 12 });
    expect(await emarged(12)).toBe(1);
  });

  test('the same body again is the first answer, naming its barcode and right; another defect or flag is refused', async () => {
    const requestId = newRequestId();
    const body = { requestId, barcode: barcodes.get(13)!, source: 'douchette', readAt: '2026-11-25T09:00:00Z' };
    const first = await send(body);
    const again = await send(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, scanId: first.body.scanId, verdict: 'ACCEPTED', barcode: barcodes.get(13), rightId: 13 });
    // Absent and default values are the same body.
    expect((await send({ ...body, defect: null, late: false })).body).toMatchObject({ replayed: true, scanId: first.body.scanId });
    for (const other of [{ defect: 'NO_SIGNATURE' }, { late: true }, { source: 'autre poste' }, { readAt: '2026-11-25T09:00:01Z' }]) {
      const r = await send({ ...body, ...other });
      expect([r.status, r.body.error?.code]).toEqual([409, 'REQUEST_ID_REUSED']);
    }
  });

  test('a barcode that names no right: the answer names the read, and no right', async () => {
    const r = await send({ requestId: newRequestId(), barcode: 'n’importe quoi' });
    expect(r.body).toMatchObject({ verdict: 'MALFORMED', barcode: 'n’importe quoi', rightId: null });
    const recent = await agent.get<{ scans: Answer[] }>('/api/scans/recent');
    expect(recent.body.scans[0]).toMatchObject({ scanId: r.body.scanId, barcode: 'n’importe quoi', rightId: null });
  });

  test('a scan recorded before the request digest (no digest, an answer without barcode or right) is compared on its barcode', async () => {
    const recent = await send({ requestId: newRequestId(), barcode: barcodes.get(14)! });
    // The scan log is append-only: an old row is made as the earlier version wrote it, beside the recent one.
    const legacyId = newRequestId();
    await get().db.query(
      `INSERT INTO scan (request_id, station_id, agent_id, agent_login, mode, barcode, right_id, verdict, defect, answer, scanned_at)
       SELECT $1::uuid, station_id, agent_id, agent_login, mode, barcode, right_id, verdict, defect, jsonb_set(answer - 'barcode' - 'rightId', '{requestId}', to_jsonb($1::text)), scanned_at
       FROM scan WHERE id = $2`,
      [legacyId, recent.body.scanId],
    );
    expect((await send({ requestId: legacyId, barcode: barcodes.get(14)! })).body).toMatchObject({ replayed: true, requestId: legacyId, barcode: barcodes.get(14), rightId: 14 });
    expect((await send({ requestId: legacyId, barcode: barcodes.get(15)! })).status).toBe(409);
  });

  test('property: a second request under the same id is the first answer exactly when its body is the same', async () => {
    const body = fc.record(
      {
        barcode: fc.constantFrom(barcodes.get(20)!, barcodes.get(21)!, 'CCIXX26-0000001-ABCDEFGH'),
        defect: fc.constantFrom(undefined, null, 'NO_SIGNATURE'),
        late: fc.constantFrom(undefined, false, true),
        source: fc.constantFrom(undefined, 'douchette', 'caméra'),
      },
      { requiredKeys: ['barcode'] },
    );
    const normal = (b: { barcode: string; defect?: string | null | undefined; late?: boolean | undefined; source?: string | undefined }) =>
      JSON.stringify([b.barcode, b.defect ?? null, b.late ?? false, b.source ?? null]);
    await fc.assert(
      fc.asyncProperty(body, body, async (a, b) => {
        const requestId = newRequestId();
        const first = await send({ requestId, ...a });
        const second = await send({ requestId, ...b });
        if (normal(a) === normal(b)) {
          expect(second.status).toBe(200);
          expect(second.body).toMatchObject({ replayed: true, scanId: first.body.scanId, barcode: first.body.barcode, rightId: first.body.rightId });
        } else {
          expect([second.status, second.body.error.code]).toEqual([409, 'REQUEST_ID_REUSED']);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
