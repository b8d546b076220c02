// A workstation's name is its journal chain: no client may name its station after the anchor chain (which
// guards every other chain) or the console's.
import { ApiClient, describeEachDatabase, PASSWORD, startFixture, type Fixture } from './index.js';

describeEachDatabase('reserved journal chains', (get) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(get().db);
  }, 120_000);
  afterAll(() => f.station.close());

  const journalCount = async () => (await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM journal')).rows[0]!.n;

  test.each(['anchor', 'Anchor', 'console'])('a login from a station named « %s » is refused in French and writes nothing', async (stationId) => {
    const before = await journalCount();
    const r = await new ApiClient(f.station.url).post<{ error: { code: string; message: string } }>('/api/auth/login', { login: 'admin', password: PASSWORD, stationId });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/réservé au journal/);
    expect(await journalCount()).toBe(before);
    const anchors = await get().db.query<{ n: number }>("SELECT count(*)::int AS n FROM journal WHERE chain_id = 'anchor' AND action <> 'journal.anchor'");
    expect(anchors.rows[0]!.n).toBe(0);
  });

  test('a scanner token cannot be issued for a station named after a reserved chain', async () => {
    const admin = await f.client('admin');
    const r = await admin.post<{ error: { message: string } }>('/api/stations', { id: 'anchor', label: 'Poste piégé', agentLogin: 'numerisation' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/réservé au journal/);
  });
});
