import { describeEachDatabase, newRequestId, setUpElection, startFixture, type ApiClient, type Fixture } from './index.js';

type Answer = { verdict: string; message: string; urns?: { id: string; label: string }[]; firstScan?: { stationId: string }; replayed: boolean; scanId: number };

describeEachDatabase('postal scanning through the API', (get) => {
  let f: Fixture;
  let agent: ApiClient;
  let barcodes: Map<number, string>;

  beforeAll(async () => {
    f = await startFixture(get().db);
    await setUpElection(f, { voters: 40, until: 'EMARGEMENT_LOADED', electronic: [3, 4] });
    agent = await f.client('numerisation', 'POSTE-01');
    const { rows } = await get().db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right ORDER BY id');
    barcodes = new Map(rows.map((r) => [Number(r.id), r.barcode]));
  }, 120_000);
  afterAll(() => f.station.close());

  const scan = (barcode: string, extra: object = {}, client = agent) => client.post<Answer>('/api/scans', { requestId: newRequestId(), barcode, ...extra });

  test('accepts a right and names its urns, one per contest', async () => {
    const r = await scan(barcodes.get(1)!);
    expect(r.status).toBe(200);
    expect(r.body.verdict).toBe('ACCEPTED');
    expect(r.body.urns).toHaveLength(2);
    expect(r.body.message).toMatch(/urne/);
  });

  test('a second scan of the same right is ALREADY_EMARGED and names the first scan', async () => {
    const other = await f.client('numerisation2', 'POSTE-02');
    const r = await scan(barcodes.get(1)!, {}, other);
    expect(r.body.verdict).toBe('ALREADY_EMARGED');
    expect(r.body.firstScan?.stationId).toBe('POSTE-01');
  });

  test('electronic priority for a right that voted online', async () => {
    expect((await scan(barcodes.get(3)!)).body.verdict).toBe('ELECTRONIC_PRIORITY');
  });

  test('malformed, other election and unknown', async () => {
    const good = barcodes.get(2)!;
    const tampered = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    expect((await scan(tampered)).body.verdict).toBe('MALFORMED');
    expect((await scan('AUTRE26-0000001-ABCDEFGH')).body.verdict).toBe('OTHER_ELECTION');
    expect((await scan('n’importe quoi')).body.verdict).toBe('MALFORMED');
  });

  test('a retried requestId returns the first answer', async () => {
    const requestId = newRequestId();
    const first = await agent.post<Answer>('/api/scans', { requestId, barcode: barcodes.get(5)! });
    const again = await agent.post<Answer>('/api/scans', { requestId, barcode: barcodes.get(5)! });
    expect(first.body.verdict).toBe('ACCEPTED');
    expect(again.body.verdict).toBe('ACCEPTED');
    expect(again.body.replayed).toBe(true);
    expect(again.body.scanId).toBe(first.body.scanId);
  });

  test('a physical defect sets the envelope aside without emarging it', async () => {
    expect((await scan(barcodes.get(6)!, { defect: 'NO_SIGNATURE' })).body.verdict).toBe('DEFECT');
    expect((await scan(barcodes.get(6)!)).body.verdict).toBe('ACCEPTED');
  });

  test('bad requests get a French error and change nothing', async () => {
    const before = await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM scan');
    for (const body of [{}, { requestId: 'x', barcode: 'A' }, { requestId: newRequestId(), barcode: 'x'.repeat(10_000) }, { requestId: newRequestId(), barcode: 42 }]) {
      const r = await agent.post<{ error: { message: string } }>('/api/scans', body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/Requête invalide/);
    }
    const after = await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM scan');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  test('no CSRF header, no change', async () => {
    const token = agent.csrfToken;
    agent.csrfToken = '';
    const r = await scan(barcodes.get(7)!);
    agent.csrfToken = token;
    expect(r.status).toBe(403);
  });

  test('counters and journal', async () => {
    const counters = await agent.get<{ totals: { postalAccepted: number; electronic: number } }>('/api/counters');
    expect(counters.body.totals.postalAccepted).toBe(3);
    expect(counters.body.totals.electronic).toBe(2);
    const president = await f.client('president');
    const verify = await president.get<{ ok: boolean; problems: unknown[] }>('/api/journal/verify');
    expect(verify.body.problems).toEqual([]);
    expect(verify.body.ok).toBe(true);
  });

  type Counters = { totals: { postalAccepted: number; setAside: number }; byStation: { stationId: string; accepted: number; scans: number }[]; byVerdict: Record<string, number> };
  const snapshot = async () => {
    const president = await f.client('president');
    const counters = (await agent.get<Counters>('/api/counters')).body;
    const queue = (await president.get<{ envelopes: { verdict: string }[] }>('/api/president/queue')).body.envelopes;
    return { counters, queue, acceptedHere: counters.byStation.find((s) => s.stationId === 'POSTE-01')?.accepted ?? 0 };
  };

  test('the envelope just accepted, read again at the same station, is a re-read: not set aside, not counted twice, whatever path brought the read', async () => {
    const before = await snapshot();
    const code = barcodes.get(8)!;
    expect((await scan(code)).body.verdict).toBe('ACCEPTED');
    // a second trigger of the scanner, the keyboard wedge with its AIM identifier and terminator, a manual entry in lower case
    for (const again of [code, `]C0${code}\r\n`, code.toLowerCase()]) {
      const r = await scan(again);
      expect(r.status).toBe(200);
      expect(r.body.verdict).toBe('REREAD');
      expect(r.body.message).toMatch(/^Relecture du pli qui vient d'être accepté \(il y a \d+ s\) : il est déjà émargé, rien à faire\.$/);
      expect(r.body.firstScan?.stationId).toBe('POSTE-01');
    }
    const after = await snapshot();
    expect(after.counters.totals.postalAccepted).toBe(before.counters.totals.postalAccepted + 1);
    expect(after.acceptedHere).toBe(before.acceptedHere + 1);
    expect(after.counters.totals.setAside).toBe(before.counters.totals.setAside);
    expect(after.queue).toEqual(before.queue);
    expect(after.counters.byVerdict.REREAD).toBe((before.counters.byVerdict.REREAD ?? 0) + 3);
    const emargements = await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM postal_emargement WHERE right_id = 8');
    expect(emargements.rows[0]!.n).toBe(1);
    // another station reading it is the real ALREADY_EMARGED, set aside for the president
    const other = await f.client('numerisation2', 'POSTE-02');
    const aside = await scan(code, {}, other);
    expect(aside.body.verdict).toBe('ALREADY_EMARGED');
    const last = await snapshot();
    expect(last.queue.map((e) => e.verdict)).toEqual([...before.queue.map((e) => e.verdict), 'ALREADY_EMARGED']);
    expect(last.counters.totals.setAside).toBe(before.counters.totals.setAside + 1);
  });

  test('after another acceptance at the station, or after the 10 s window, the same envelope is ALREADY_EMARGED again', async () => {
    expect((await scan(barcodes.get(9)!)).body.verdict).toBe('ACCEPTED');
    expect((await scan(barcodes.get(10)!)).body.verdict).toBe('ACCEPTED');
    expect((await scan(barcodes.get(9)!)).body.verdict).toBe('ALREADY_EMARGED');
    expect((await scan(barcodes.get(10)!)).body.verdict).toBe('REREAD');
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    expect((await scan(barcodes.get(10)!)).body.verdict).toBe('ALREADY_EMARGED');
  }, 60_000);

  test('an acceptance that was the president’s (a set-aside scan reversed) is never taken for the station’s re-read', async () => {
    const code = barcodes.get(12)!;
    const other = await f.client('numerisation2', 'POSTE-02');
    const accepted = await scan(code, {}, other);
    expect(accepted.body.verdict).toBe('ACCEPTED');
    const aside = await scan(code);
    expect(aside.body.verdict).toBe('ALREADY_EMARGED');
    const president = await f.client('president');
    const reason = 'le pli du poste 1 est le bon, examen du bureau';
    expect((await president.post('/api/president/reverse', { scanId: accepted.body.scanId, action: 'CANCEL_ACCEPTANCE', reason })).status).toBe(200);
    expect((await president.post('/api/president/reverse', { scanId: aside.body.scanId, action: 'ACCEPT', reason })).status).toBe(200);
    // the live acceptance is now POSTE-01's scan, a few seconds old, but POSTE-01 never accepted it itself
    expect((await scan(code)).body.verdict).toBe('ALREADY_EMARGED');
    // The first read's acceptance, cancelled, cannot be restored through that same read (it was a 500): a French refusal.
    expect((await president.post('/api/president/reverse', { scanId: aside.body.scanId, action: 'CANCEL_ACCEPTANCE', reason })).status).toBe(200);
    const again = await president.post<{ error: { message: string } }>('/api/president/reverse', { scanId: accepted.body.scanId, action: 'ACCEPT', reason });
    expect(again.status).toBe(422);
    expect(again.body.error.message).toMatch(/faites relire le pli/);
  });
});
