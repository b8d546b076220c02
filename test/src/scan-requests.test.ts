import type { Db } from '@scrutin/db';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { issueStationToken } from '@scrutin/station/scanning/stations.js';
import { describeEachDatabase, newRequestId, setUpElection, startFixture, type Fixture } from './index.js';

type ErrorBody = { error: { code: string; message: string } };
type Answer = { verdict: string; message: string; scanId: number; detail: { reason?: string } };

/** Every table a scan may write: a refused request must leave all of them as they were. */
async function footprint(db: Db): Promise<string> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM scan) AS scans, (SELECT count(*)::int FROM postal_emargement) AS emarged,
       (SELECT count(*)::int FROM envelope_reception) AS received, (SELECT count(*)::int FROM journal) AS journal, (SELECT state FROM election) AS state`,
  );
  return JSON.stringify(rows[0]);
}

describeEachDatabase('malformed scan requests and barcodes', (get) => {
  let f: Fixture;
  let db: Db;
  let token: string;
  let good: string;

  beforeAll(async () => {
    db = get().db;
    f = await startFixture(db);
    await setUpElection(f, { voters: 10, until: 'EMARGEMENT_LOADED' });
    const issued = await issueStationToken(db, SYSTEM_ACTOR(), { id: 'POSTE-01', label: 'Poste 1', agentLogin: 'numerisation' });
    if (!issued.ok) throw new Error(issued.error.message);
    token = issued.value.token;
    good = (await db.query<{ barcode: string }>('SELECT barcode FROM voting_right WHERE id = 1')).rows[0]!.barcode;
  }, 120_000);
  afterAll(() => f.station.close());

  const send = async (body: string, contentType = 'application/json') => {
    const res = await fetch(`${f.station.url}/api/scans`, { method: 'POST', headers: { 'Content-Type': contentType, Authorization: `Bearer ${token}` }, body });
    return { status: res.status, body: (await res.json()) as ErrorBody & Answer };
  };

  const badRequests: [string, string][] = [
    ['an empty body', ''],
    ['an empty object', '{}'],
    ['JSON null', 'null'],
    ['an array', `[${JSON.stringify({ requestId: newRequestId(), barcode: 'x' })}]`],
    ['bad JSON', '{"requestId": "'],
    ['a missing barcode', JSON.stringify({ requestId: newRequestId() })],
    ['a missing requestId', JSON.stringify({ barcode: 'CCIGO26-0000001-ABCDEFGH' })],
    ['a requestId that is not a UUID', JSON.stringify({ requestId: "1' OR '1'='1", barcode: 'x' })],
    ['a barcode of 10 kB', JSON.stringify({ requestId: newRequestId(), barcode: 'A'.repeat(10_240) })],
    ['a number as barcode', JSON.stringify({ requestId: newRequestId(), barcode: 42 })],
    ['an object as barcode', JSON.stringify({ requestId: newRequestId(), barcode: { $ne: null } })],
    ['an array as barcode', JSON.stringify({ requestId: newRequestId(), barcode: ['CCIGO26-0000001-ABCDEFGH'] })],
    ['a string as late flag', JSON.stringify({ requestId: newRequestId(), barcode: 'x', late: 'oui' })],
    ['an unknown defect', JSON.stringify({ requestId: newRequestId(), barcode: 'x', defect: 'DROP TABLE' })],
    ['a bad read time', JSON.stringify({ requestId: newRequestId(), barcode: 'x', readAt: 'hier' })],
  ];

  test.each(badRequests)('%s: 400 with a French message, nothing written', async (_what, body) => {
    const before = await footprint(db);
    const r = await send(body);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/Requête invalide|JSON illisible/);
    expect(await footprint(db)).toBe(before);
  });

  test('a body that is not JSON at all is refused and changes nothing', async () => {
    const before = await footprint(db);
    const r = await send('barcode=CCIGO26', 'application/x-www-form-urlencoded');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/Requête invalide/);
    expect(await footprint(db)).toBe(before);
  });

  const badBarcodes: [string, string, RegExp][] = [
    ['an empty barcode', '', /vide/],
    ['blanks only', ' \r\n\t', /vide/],
    // Control characters are removed by the one normalisation of a read (normaliseRead): the MAC then decides.
    ['control characters', 'CCIGO26-0000001\u0007\u001b-ABCDEFGH', /illisible|clé de contrôle/],
    ['an SQL fragment', "CCIGO26-0000001-ABCDEFGH'; DELETE FROM postal_emargement; --", /illisible|trop long/],
    ['an HTML fragment', '<img src=x onerror=alert(1)>', /illisible/],
    ['a lone surrogate', 'CCIGO26-\ud800-X', /illisible/],
    ['a 4 kB barcode', 'B'.repeat(4096), /trop long/],
    ['a MAC misread', '', /clé de contrôle/],
  ];

  test.each(badBarcodes)('%s: MALFORMED with a French reason, no emargement, a retry replays it', async (_what, given, reason) => {
    const barcode = given || (reason.source.includes('clé') ? good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A') : '');
    const before = await db.query<{ emarged: number; received: number }>('SELECT (SELECT count(*)::int FROM postal_emargement) AS emarged, (SELECT count(*)::int FROM envelope_reception) AS received');
    const requestId = newRequestId();
    const r = await send(JSON.stringify({ requestId, barcode }));
    expect(r.status).toBe(200);
    expect(r.body.verdict).toBe('MALFORMED');
    expect(r.body.message).toMatch(reason);
    expect(r.body.message).toMatch(/Relisez le pli/);
    const after = await db.query('SELECT (SELECT count(*)::int FROM postal_emargement) AS emarged, (SELECT count(*)::int FROM envelope_reception) AS received');
    expect(after.rows).toEqual(before.rows);
    const again = await send(JSON.stringify({ requestId, barcode }));
    expect(again.body).toMatchObject({ verdict: 'MALFORMED', scanId: r.body.scanId, replayed: true });
  });

  test('a NUL byte, which no scanner sends, is refused at the door in French and leaves no trace', async () => {
    const before = await footprint(db);
    const r = await send(JSON.stringify({ requestId: newRequestId(), barcode: 'CCIGO26-0000001\u0000-ABCDEFGH' }));
    expect(r.status).toBe(400);
    expect((r.body as unknown as { error: { message: string } }).error.message).toMatch(/caractère nul/);
    expect(await footprint(db)).toBe(before);
  });

  test('the answer to an HTML barcode carries no markup of it', async () => {
    const r = await send(JSON.stringify({ requestId: newRequestId(), barcode: '<script>alert(1)</script>' }));
    expect(JSON.stringify(r.body)).not.toContain('<script>');
  });

  test('a valid request after all this still emarges once: nothing was damaged', async () => {
    const r = await send(JSON.stringify({ requestId: newRequestId(), barcode: good }));
    expect(r.body.verdict).toBe('ACCEPTED');
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM postal_emargement');
    expect(rows[0]!.n).toBe(1);
  });
});
