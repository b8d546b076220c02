import { randomUUID } from 'node:crypto';
import type { Db } from '@scrutin/db';
import { describeEachDatabase, exampleDefinition, setUpElection, startFixture, type Fixture } from '@scrutin/test';
import type { Actor } from '@scrutin/domain/roles.js';
import { closeVote, recordApproval } from './seal.js';
import { withdrawRight } from '../roll/withdrawal.js';
import { importElectronicEmargement } from './electronic-emargement.js';
import { signEmargement } from '@scrutin/contract/electronic-emargement.js';
import { scan } from './scan.js';
import { makeBarcode } from '@scrutin/domain/barcode.js';
import { getElectionSecret } from '../election/election.js';

async function actor(db: Db, login: string, role: Actor['role'], stationId: string): Promise<Actor> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM app_user WHERE login = $1', [login]);
  return { userId: Number(rows[0]!.id), login, role, stationId };
}

async function counts(db: Db): Promise<{ emarged: number; received: number; electronic: number }> {
  const { rows } = await db.query<{ emarged: number; received: number; electronic: number }>(
    `SELECT (SELECT count(*)::int FROM postal_emargement) AS emarged, (SELECT count(*)::int FROM envelope_reception) AS received,
       (SELECT count(*)::int FROM electronic_emargement) AS electronic`,
  );
  return rows[0]!;
}

describeEachDatabase('scanning before and after the close: reception mode, LATE, WITHDRAWN', (get) => {
  let f: Fixture;
  let db: Db;
  let barcodes: Map<number, string>;
  let agent: Actor;
  let president: Actor;
  const doScan = async (right: number, extra: object = {}) => {
    const r = await scan(db, agent, { requestId: randomUUID(), barcode: barcodes.get(right)!, ...extra });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  beforeAll(async () => {
    db = get().db;
    f = await startFixture(db);
    // The close is an hour ahead while the envelopes arrive; the test then moves it (below).
    f.definition = exampleDefinition({ voteClosesAt: new Date(Date.now() + 3600_000).toISOString() });
    await setUpElection(f, { voters: 20, until: 'SEALED' });
    const { rows } = await db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right ORDER BY id');
    barcodes = new Map(rows.map((r) => [Number(r.id), r.barcode]));
    agent = await actor(db, 'numerisation', 'scanning_agent', 'POSTE-01');
    president = await actor(db, 'president', 'president', 'BUREAU');
  }, 120_000);
  afterAll(() => f.station.close());

  test('sealed, before the close: a scan only records the arrival (RECEIVED), never emarges', async () => {
    const first = await doScan(1);
    expect(first.verdict).toBe('RECEIVED');
    expect(first.message).toMatch(/mode réception/);
    const again = await doScan(1);
    expect(again.verdict).toBe('RECEIVED');
    expect(await counts(db)).toEqual({ emarged: 0, received: 1, electronic: 0 });
    // The second arrival keeps the first time.
    const { rows } = await db.query<{ scan_id: number }>('SELECT scan_id FROM envelope_reception WHERE right_id = 1');
    expect(Number(rows[0]!.scan_id)).toBe(first.scanId);
    // Reception still tells bad and unknown codes apart.
    const misread = await scan(db, agent, { requestId: randomUUID(), barcode: barcodes.get(1)!.replace(/-0000001-/, '-0099999-') });
    expect(misread.ok && misread.value.verdict).toBe('MALFORMED');
    const { secret } = (await getElectionSecret(db))!;
    const unknown = await scan(db, agent, { requestId: randomUUID(), barcode: makeBarcode(secret, f.definition.code, 99_999) });
    expect(unknown.ok && unknown.value.verdict).toBe('UNKNOWN');
    expect(await counts(db)).toEqual({ emarged: 0, received: 1, electronic: 0 });
  });

  test('a withdrawal after sealing needs an oversight approval, then scans of that right are WITHDRAWN', async () => {
    const refused = await withdrawRight(db, president, { rightId: 2, decisionReference: 'TJ Bordeaux 26/01234', reason: 'radiation' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
    const cell = await actor(db, 'cellule', 'oversight_cell', 'BUREAU');
    const approval = await recordApproval(db, cell, { description: 'radiation de la qualité 2 sur décision de justice' });
    const done = await withdrawRight(db, president, { rightId: 2, decisionReference: 'TJ Bordeaux 26/01234', reason: 'radiation', approvalId: approval.id });
    expect(done.ok).toBe(true);
    expect((await doScan(2)).verdict).toBe('RECEIVED'); // reception mode records even a withdrawn right's envelope
  });

  test('envelopes arriving after the close are received, and LATE once emargement opens', async () => {
    expect((await doScan(3)).verdict).toBe('RECEIVED');
    // The clock reaches the close: moving the configured close to now stands for waiting an hour.
    await db.query("UPDATE election SET vote_closes_at = now() - interval '1 millisecond'");
    await new Promise((r) => setTimeout(r, 5));
    expect((await doScan(4)).verdict).toBe('RECEIVED'); // still SEALED: the president has not declared the close
    const closed = await closeVote(db, president, ['president']);
    expect(closed.ok).toBe(true);
    expect((await doScan(5)).verdict).toBe('RECEIVED');
    expect(await counts(db)).toEqual({ emarged: 0, received: 5, electronic: 0 });

    const signed = signEmargement({ electionCode: f.definition.code, closedAt: new Date().toISOString(), entries: [{ right: 6, votedAt: new Date(Date.now() - 7200_000).toISOString() }] }, f.platformKey.secretKey);
    const loaded = await importElectronicEmargement(db, president, ['president'], new TextEncoder().encode(signed.file), signed.signature);
    expect(loaded.ok).toBe(true);

    const verdicts = Object.fromEntries(await Promise.all([1, 2, 3, 4, 5, 6, 7].map(async (r) => [r, (await doScan(r)).verdict])));
    expect(verdicts).toEqual({
      1: 'ACCEPTED', // received before the close
      2: 'WITHDRAWN', // withdrawn beats late and accepted
      3: 'ACCEPTED', // received before the close
      4: 'LATE', // received after the close, before the president declared it
      5: 'LATE', // received after the declared close
      6: 'ELECTRONIC_PRIORITY',
      7: 'ACCEPTED', // never scanned at reception
    });
    const late = await doScan(8, { late: true });
    expect(late.verdict).toBe('LATE'); // the agent read a postmark after the close
    expect(late.message).toMatch(/après la clôture/);
    expect(await counts(db)).toEqual({ emarged: 3, received: 5, electronic: 1 });
  });

  test('a LATE envelope stays late on a rescan and is never emarged', async () => {
    expect((await doScan(4)).verdict).toBe('LATE');
    const { rows } = await db.query('SELECT 1 FROM postal_emargement WHERE right_id IN (4, 5, 8)');
    expect(rows).toHaveLength(0);
  });

  test('scanning closes once counting starts; a retry of an earlier request still gets its answer', async () => {
    const requestId = randomUUID();
    const first = await scan(db, agent, { requestId, barcode: barcodes.get(9)! });
    expect(first.ok && first.value.verdict).toBe('ACCEPTED');
    await db.query("UPDATE election SET state = 'COUNTING'");
    try {
      const closed = await scan(db, agent, { requestId: randomUUID(), barcode: barcodes.get(10)! });
      expect(closed).toMatchObject({ ok: false, error: { code: 'SCANNING_CLOSED' } });
      const replay = await scan(db, agent, { requestId, barcode: barcodes.get(9)! });
      expect(replay.ok && replay.value).toMatchObject({ verdict: 'ACCEPTED', replayed: true, scanId: first.ok ? first.value.scanId : -1 });
    } finally {
      await db.query("UPDATE election SET state = 'EMARGEMENT_LOADED'");
    }
  });
});
