import { describeEachDatabase, setUpElection, startFixture, type Fixture } from './index.js';

describeEachDatabase('lifecycle through the API', (get) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(get().db);
    await setUpElection(f, { voters: 20, until: 'SETUP' });
  }, 120_000);
  afterAll(() => f.station.close());

  const snapshot = async () => {
    const { rows } = await get().db.query<{ state: string; n: number }>('SELECT state, (SELECT count(*)::int FROM journal) AS n FROM election');
    return rows[0];
  };

  test('a forbidden transition gets a clear error and changes nothing', async () => {
    const president = await f.client('president');
    const before = await snapshot();
    const skip = await president.post<{ error: { message: string } }>('/api/election/transition', { to: 'VOTE_CLOSED' });
    expect(skip.status).toBe(409);
    expect(skip.body.error.message).toMatch(/impossible/);
    expect(await snapshot()).toEqual(before);
  });

  test('the right step by the wrong role is refused and changes nothing', async () => {
    const admin = await f.client('admin');
    const before = await snapshot();
    const r = await admin.post<{ error: { message: string } }>('/api/election/transition', { to: 'LISTS_VALIDATED' });
    expect(r.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  test('lists cannot be validated before the roll and the candidates', async () => {
    const prefet = await f.client('prefet');
    const r = await prefet.post<{ error: { message: string } }>('/api/election/transition', { to: 'LISTS_VALIDATED' });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/liste électorale/);
  });

  test('a second election on the same station is refused', async () => {
    const admin = await f.client('admin');
    const r = await admin.post<{ error: { message: string } }>('/api/election', f.definition);
    expect(r.status).toBe(409);
  });

  test('an invalid election file lists its problems in French', async () => {
    const admin = await f.client('admin');
    const r = await admin.post<{ error: { details: string[] } }>('/api/election', { ...f.definition, code: 'x', contests: [] });
    expect(r.status).toBe(422);
    expect(r.body.error.details.join('\n')).toMatch(/code d'élection/);
  });
});
