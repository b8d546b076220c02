// One JSON line per request and per slow statement in the server's log, and no personal datum or secret
// in it (docs/operations.md).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { withSlowQueryLog, type SlowQuery } from '@scrutin/db';
import { startStation } from '@scrutin/station/server.js';
import { ApiClient, createTestUsers, describeEachDatabase, exampleDefinition, PASSWORD } from './index.js';

describeEachDatabase('request and slow-query log', (get) => {
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('each request logged with id, route, status, duration and actor; statements without their parameters; no password', async () => {
    const file = join(dir, 'scrutin.log');
    const log = pino({ level: 'info' }, pino.destination({ dest: file, sync: true }));
    await createTestUsers(get().db);
    const slow: SlowQuery[] = [];
    // Threshold 0: every statement is « slow », so the test sees what such a line would hold.
    const db = withSlowQueryLog(get().db, (q) => (slow.push(q), log.warn(q, 'requête SQL lente')), 0);
    const station = await startStation({ db, log });
    try {
      const admin = new ApiClient(station.url);
      await admin.login('admin', PASSWORD, 'poste-journal');
      const created = await admin.post('/api/election', exampleDefinition());
      expect(created.status).toBe(201);
      const unknown = await admin.get('/api/nulle-part?nom=DUPONT');
      expect(unknown.status).toBe(404);
      const requestId = unknown.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      // An event stream its screen leaves never finishes: it is logged when its connection closes.
      const signedIn = await fetch(station.url + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: PASSWORD, stationId: 'ecran' }) });
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      const leaving = new AbortController();
      const stream = await fetch(station.url + '/api/events', { headers: { Cookie: cookie }, signal: leaving.signal });
      expect(stream.status).toBe(200);
      leaving.abort();
      const deadline = Date.now() + 10_000;
      while (!readFileSync(file, 'utf8').includes('"route":"/api/events"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await station.close();
    }
    const text = readFileSync(file, 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'requête');
    expect(requests.find((l) => l.route === '/api/auth/login')).toMatchObject({ method: 'POST', status: 200 });
    expect(requests.find((l) => l.route === '/api/election' && l.method === 'POST')).toMatchObject({ status: 201, actor: 'admin' });
    expect(requests.find((l) => l.route === 'inconnue')).toMatchObject({ status: 404 });
    expect(requests.find((l) => l.route === '/api/events')).toMatchObject({ method: 'GET', status: 200, aborted: true, actor: 'admin' });
    expect(requests.filter((l) => l.aborted === true).map((l) => l.route)).toEqual(['/api/events']);
    for (const r of requests) {
      expect(typeof r.ms).toBe('number');
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(slow.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.msg === 'requête SQL lente' && typeof l.sql === 'string' && typeof l.ms === 'number')).toBe(true);
    // Neither the password, nor a query string, nor a parameter of a statement reaches the log.
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('DUPONT');
    expect(text).not.toContain('poste-journal');
  }, 120_000);
});
