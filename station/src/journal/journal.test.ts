import { describeEachDatabase } from '@scrutin/test';
import type { Db } from '@scrutin/db';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { anchorChains, appendJournal, appendUncheckedEntry } from './journal.js';
import { verifyJournal } from './verify.js';

/** Tampering "by hand": a superuser who disables the append-only trigger first. */
async function tamper(db: Db, sql: string, params: unknown[] = []): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('ALTER TABLE journal DISABLE TRIGGER journal_append_only');
    await tx.query(sql, params);
    await tx.query('ALTER TABLE journal ENABLE TRIGGER journal_append_only');
  });
}

describeEachDatabase('journal', (get) => {
  const actorA = SYSTEM_ACTOR('POSTE-A');
  const actorB = SYSTEM_ACTOR('POSTE-B');

  beforeEach(async () => {
    const { db } = get();
    await tamper(db, 'DELETE FROM journal');
    await db.query('DELETE FROM journal_chain');
    for (let i = 1; i <= 5; i++) {
      await db.transaction(async (tx) => {
        await appendUncheckedEntry(tx, actorA, 'test.a', { i, texte: 'émargement n° ' + i });
        await appendUncheckedEntry(tx, actorB, 'test.b', { i });
      });
    }
    await db.transaction((tx) => anchorChains(tx, actorA, 'test'));
    await db.transaction((tx) => appendUncheckedEntry(tx, actorA, 'test.after', { ok: true }));
  });

  test('an untouched journal verifies', async () => {
    const v = await verifyJournal(get().db);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(12);
  });

  test('the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const { db } = get();
    await expect(db.query("UPDATE journal SET action = 'x'")).rejects.toThrow(/ajout seul/);
    await expect(db.query('DELETE FROM journal')).rejects.toThrow(/ajout seul/);
    await expect(db.query('TRUNCATE journal')).rejects.toThrow(/ajout seul/);
  });

  test('an edited payload is detected', async () => {
    await tamper(get().db, `UPDATE journal SET payload = '{"i": 99}' WHERE chain_id = 'POSTE-B' AND seq = 3`);
    const v = await verifyJournal(get().db);
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatchObject({ chainId: 'POSTE-B', seq: 3 });
  });

  test('an edited author is detected even with a recomputed payload digest', async () => {
    await tamper(get().db, `UPDATE journal SET actor_login = 'intrus' WHERE chain_id = 'POSTE-A' AND seq = 2`);
    expect((await verifyJournal(get().db)).problems.some((p) => p.seq === 2 && /en-tête/.test(p.message))).toBe(true);
  });

  test('a deleted entry is detected', async () => {
    await tamper(get().db, `DELETE FROM journal WHERE chain_id = 'POSTE-A' AND seq = 4`);
    expect((await verifyJournal(get().db)).ok).toBe(false);
  });

  test('a deleted last entry is detected against the chain head', async () => {
    await tamper(get().db, `DELETE FROM journal WHERE chain_id = 'POSTE-B' AND seq = 5`);
    expect((await verifyJournal(get().db)).problems.some((p) => /tête de chaîne/.test(p.message))).toBe(true);
  });

  test('an inserted entry is detected', async () => {
    await tamper(
      get().db,
      `INSERT INTO journal (chain_id, seq, at, actor_id, actor_login, actor_role, station_id, action, payload, payload_digest, entry_digest, hash)
       SELECT chain_id, 99, at, actor_id, actor_login, actor_role, station_id, action, payload, payload_digest, entry_digest, hash FROM journal WHERE chain_id = 'POSTE-A' AND seq = 1`,
    );
    expect((await verifyJournal(get().db)).ok).toBe(false);
  });

  test('two swapped entries are detected', async () => {
    const { db } = get();
    await tamper(db, `UPDATE journal SET seq = 1000 WHERE chain_id = 'POSTE-B' AND seq = 2`);
    await tamper(db, `UPDATE journal SET seq = 2 WHERE chain_id = 'POSTE-B' AND seq = 3`);
    await tamper(db, `UPDATE journal SET seq = 3 WHERE chain_id = 'POSTE-B' AND seq = 1000`);
    expect((await verifyJournal(db)).ok).toBe(false);
  });

  test('a station chain rewritten consistently from an anchored entry is caught by the anchor', async () => {
    const { db } = get();
    // Rewrite POSTE-B's whole chain with a forged entry 2, recomputing every hash: only the anchor remembers.
    const { rows } = await db.query<{ seq: number; payload: unknown; action: string }>(`SELECT seq, payload, action FROM journal WHERE chain_id = 'POSTE-B' ORDER BY seq`);
    await tamper(db, `DELETE FROM journal WHERE chain_id = 'POSTE-B'`);
    await db.query(`DELETE FROM journal_chain WHERE chain_id = 'POSTE-B'`);
    for (const r of rows) {
      await db.transaction((tx) => appendUncheckedEntry(tx, actorB, r.action, r.seq === 2 ? { i: 999 } : r.payload));
    }
    const v = await verifyJournal(db);
    expect(v.ok).toBe(false);
    expect(v.problems.some((p) => /ancrée/.test(p.message))).toBe(true);
  });

  test('appendJournal refuses a payload that does not match its action in the catalogue, and writes nothing', async () => {
    const { db } = get();
    const before = (await verifyJournal(db)).entries;
    // A cast, as a careless caller would need one: the compiler refuses this payload for 'scan'.
    const wrong = { scanId: 'douze' } as unknown as Parameters<typeof appendJournal<'scan'>>[3];
    await expect(db.transaction((tx) => appendJournal(tx, actorA, 'scan', wrong))).rejects.toThrow(/« scan » non conforme au catalogue \(scanId/);
    expect((await verifyJournal(db)).entries).toBe(before);
    await db.transaction((tx) => appendJournal(tx, actorA, 'session.close', {}));
    expect((await verifyJournal(db)).entries).toBe(before + 1);
  });
});
