import { createHash } from 'node:crypto';
import { describeEachDatabase } from './databases.js';
import { startFixture, type Fixture } from './station-fixture.js';
import { generateRollLines } from '@scrutin/station/roll/generate.js';

type Report = { fileSha256: string; dataRows: number; voters: number; rights: number; byUrn: { contest: string; rights: number }[]; validatedAt?: string | null };

// The done criterion: a 50,000-elector roll imported through the HTTP API with its
// conformity report, validated by a prefecture account, and frozen from then on.
describeEachDatabase('roll through the HTTP API (50,000 electors)', (get) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(get().db);
  }, 120_000);
  afterAll(async () => {
    await f?.station.close();
  });

  it('import, conformity report, prefecture validation, frozen roll', async () => {
    const admin = await f.client('admin');
    expect((await admin.post('/api/election', f.definition)).status).toBeLessThan(300);
    const csv = Buffer.from([...generateRollLines(f.definition, 50_000, 3)].join('\n') + '\n', 'utf8');
    const lines = csv.toString('utf8').trimEnd().split('\n').length - 1;

    const imported = await admin.request<{ report: Report }>('POST', '/api/roll?fileName=liste-50000.csv', csv, { 'Content-Type': 'text/csv' });
    expect(imported.status).toBe(201);
    const report = imported.body.report;
    expect(report).toMatchObject({ voters: 50_000, dataRows: lines, rights: lines });
    expect(report.fileSha256).toBe(createHash('sha256').update(csv).digest('hex'));
    // each right sits in one urn of each of the two contests
    for (const contest of ['CCIR', 'CCIT']) expect(report.byUrn.filter((u) => u.contest === contest).reduce((n, u) => n + u.rights, 0)).toBe(lines);

    const prefet = await f.client('prefet');
    expect((await admin.post('/api/roll/validate', { fileSha256: report.fileSha256 })).status).toBe(403);
    const validated = await prefet.post<{ report: Report }>('/api/roll/validate', { fileSha256: report.fileSha256 });
    expect(validated.status).toBe(200);
    const shown = await prefet.get<{ report: Report }>('/api/roll/report');
    expect(shown.body.report.validatedAt).toBeTruthy();

    const again = await admin.request<{ error: { code: string; message: string; details: { message: string }[] } }>('POST', '/api/roll?fileName=autre.csv', csv, { 'Content-Type': 'text/csv' });
    expect(again.status).toBe(422);
    expect(JSON.stringify(again.body)).toContain('figée');
    const counts = await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM voting_right');
    expect(counts.rows[0]!.n).toBe(lines);
  }, 300_000);
});
