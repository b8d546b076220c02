// The printer's file of the outer envelopes: every right not withdrawn, with the barcode the station scans.
import { describeEachDatabase, setUpElection, startFixture, type Fixture } from '@scrutin/test';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { ENVELOPES_CSV_HEADER, exportEnvelopes } from './envelopes.js';

const actor = SYSTEM_ACTOR('console');

describeEachDatabase('the printer’s file of the outer envelopes', (get) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(get().db);
  }, 120_000);
  afterAll(() => f.station.close());
  test('refused before the roll is validated; then one line per right with its barcode, withdrawn rights left out, names neutralised, journaled', async () => {
    const { db } = get();
    const { rollSha256 } = await setUpElection(f, { voters: 30, until: 'SETUP' });
    let opened = false;
    const refused = await exportEnvelopes(db, actor, () => {
      opened = true;
      return { write: () => undefined, commit: () => undefined };
    });
    // Refused before any file is opened: an existing one is left as it was.
    expect(opened).toBe(false);
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_VALIDATED' }) });
    expect((await db.query("SELECT 1 FROM journal WHERE action = 'roll.envelopes_export'")).rows).toHaveLength(0);

    const prefet = await f.client('prefet');
    expect((await prefet.post('/api/roll/validate', { fileSha256: rollSha256 })).status).toBe(200);
    await db.query("UPDATE voter SET last_name = '=HYPERLINK(\"x\")' WHERE id = (SELECT voter_id FROM voting_right ORDER BY id LIMIT 1)");
    const withdrawn = (await db.query<{ id: string }>('SELECT r.id::text AS id FROM voting_right r ORDER BY r.id DESC LIMIT 1')).rows[0]!.id;
    await db.query("INSERT INTO right_withdrawal (right_id, decision_reference, reason, recorded_by) VALUES ($1, 'TA-2026-1', 'radiation', (SELECT min(id) FROM app_user))", [withdrawn]);

    let text = '';
    let committed = false;
    const written = await exportEnvelopes(db, actor, () => ({ write: (chunk) => void (text += chunk), commit: () => void (committed = true) }));
    expect(committed).toBe(true);
    if (!written.ok) throw new Error(written.error.message);
    const rights = (await db.query<{ id: string; barcode: string }>('SELECT id::text AS id, barcode FROM voting_right r WHERE r.id <> $1 ORDER BY r.id', [withdrawn])).rows;
    expect(text.startsWith('\uFEFF' + ENVELOPES_CSV_HEADER + '\n')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\n').slice(1);
    // Addresses may hold line breaks inside quotes: count the records by their first cell instead.
    const records = text.slice(1).split('\n').filter((l) => /^\d+;/.test(l));
    expect(records.map((l) => l.split(';')[0])).toEqual(rights.map((r) => r.id));
    expect(records.map((l) => l.trimEnd().split(';').pop())).toEqual(rights.map((r) => r.barcode));
    expect(lines.join('\n')).toContain(`;"'=HYPERLINK(""x"")";`);
    expect(written.value).toMatchObject({ rights: rights.length, withdrawn: 1 });

    const { rows } = await db.query<{ payload: { rights: number; withdrawn: number; fileSha256: string } }>("SELECT payload FROM journal WHERE action = 'roll.envelopes_export'");
    expect(rows.map((r) => r.payload)).toEqual([{ rights: rights.length, withdrawn: 1, fileSha256: written.value.fileSha256 }]);
  }, 120_000);
});
