// Issue 14, item 3: the tail of the journal, after the last state-transition anchor, can no longer be cut
// or rewritten (chain heads rewound) without `journal verify` saying so.
import { describeEachDatabase } from '@scrutin/test';
import type { Db } from '@scrutin/db';
import pino from 'pino';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { generateCommissionCertificate } from '../reports/certificate.js';
import { makeReportData } from '../testing/reports.js';
import { buildReportPdf } from '../reports/pdf.js';
import { checkSignedHead, generateJournalKey, lastSignedHead, setJournalKey, type SignedHead } from './head-seal.js';
import { sealJournalHead, startHeadSealer } from '../lifecycle/journal-sealer.js';
import { ANCHOR_CHAIN, anchorChains, appendUncheckedEntry } from './journal.js';
import { readPrintedHead } from '../reports/printed-head.js';
import { verifyJournal } from './verify.js';

/** A superuser at work: the append-only triggers disabled for the time of the statements. */
async function tamper(db: Db, statements: [string, unknown[]?][]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('ALTER TABLE journal DISABLE TRIGGER journal_append_only');
    await tx.query('ALTER TABLE journal_signed_head DISABLE TRIGGER journal_signed_head_append_only');
    for (const [sql, params] of statements) await tx.query(sql, params ?? []);
    await tx.query('ALTER TABLE journal_signed_head ENABLE TRIGGER journal_signed_head_append_only');
    await tx.query('ALTER TABLE journal ENABLE TRIGGER journal_append_only');
  });
}

/** Cuts a chain back to `seq` entries, head rewound to the entry kept, as an attacker would. */
async function cutChain(db: Db, chainId: string, seq: number): Promise<void> {
  await tamper(db, [
    ['DELETE FROM journal WHERE chain_id = $1 AND seq > $2', [chainId, seq]],
    ['UPDATE journal_chain c SET seq = j.seq, head_hash = j.hash FROM journal j WHERE c.chain_id = $1 AND j.chain_id = c.chain_id AND j.seq = $2', [chainId, seq]],
  ]);
}

const actor = SYSTEM_ACTOR('POSTE-A');
const key = generateJournalKey();

describeEachDatabase('signed journal heads', (get) => {
  // Entries 1-10, a state-transition anchor (signed), then the 39 entries of the issue, sealed by the timer's tick.
  beforeEach(async () => {
    const { db } = get();
    setJournalKey(key);
    await tamper(db, [['DELETE FROM journal'], ['DELETE FROM journal_signed_head']]);
    await db.query('DELETE FROM journal_chain');
    for (let i = 1; i <= 10; i++) await db.transaction((tx) => appendUncheckedEntry(tx, actor, 'test.scan', { i }));
    await db.transaction((tx) => anchorChains(tx, actor, 'SEALED->COUNTING'));
    for (let i = 11; i <= 49; i++) await db.transaction((tx) => appendUncheckedEntry(tx, actor, 'test.scan', { i }));
    expect(await sealJournalHead(db)).toMatchObject({ chainId: ANCHOR_CHAIN, seq: 2 });
  });
  afterAll(() => setJournalKey(null));

  test('an untouched journal verifies against its last signed head', async () => {
    const v = await verifyJournal(get().db);
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ ok: true, signedHeads: 2, keyFingerprints: [key.fingerprint], lastSignedHead: { seq: 2 } });
  });

  test('the 39 entries after the last transition anchor deleted, every head rewound: caught by the signed head', async () => {
    const { db } = get();
    await cutChain(db, 'POSTE-A', 10);
    await cutChain(db, ANCHOR_CHAIN, 1);
    const v = await verifyJournal(db);
    expect(v.ok).toBe(false);
    // The head's time as every time shown: the election's zone (Paris, none configured here) with its offset, never ISO.
    expect(v.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/^tête signée \(ancre n° 2, signée le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}:\d{2} UTC[+-]\d{1,2}\) : absente du journal, qui s'arrête à l'ancre n° 1 : entrées finales supprimées$/));
  });

  test('an entry after the transition anchor rewritten, its chain and the anchors recomputed without the key: caught', async () => {
    const { db } = get();
    const { rows } = await db.query<{ seq: number; action: string; payload: unknown }>(`SELECT seq, action, payload FROM journal WHERE chain_id = 'POSTE-A' AND seq > 10 ORDER BY seq`);
    await cutChain(db, 'POSTE-A', 10);
    await cutChain(db, ANCHOR_CHAIN, 1);
    setJournalKey(null);
    for (const r of rows) await db.transaction((tx) => appendUncheckedEntry(tx, actor, r.action, r.seq === 30 ? { i: 'falsifié' } : r.payload));
    await db.transaction((tx) => anchorChains(tx, actor, 'journal.seal'));
    const v = await verifyJournal(db);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^tête signée \(ancre n° 2, .*\) : empreinte différente de celle du journal/)]);
  });

  test('a signed head forged with another key is refused', async () => {
    const { db } = get();
    const head = (await lastSignedHead(db))!;
    const forged: SignedHead = { ...head, headHash: '0'.repeat(64) };
    expect(checkSignedHead(forged)).toBe('signature invalide');
    const other = generateJournalKey();
    expect(checkSignedHead({ ...head, publicKey: other.publicKeyHex })).toBe('empreinte de clé différente de la clé jointe');
  });

  test('the head printed on a PV: found in the journal; the tail cut with the signed heads too is caught against it', async () => {
    const { db } = get();
    const signedHead = (await lastSignedHead(db))!;
    const data = makeReportData({ contests: 1, categories: 1, subcategoriesPerCategory: 1, candidatesPerUrn: 3 });
    const credentials = generateCommissionCertificate({ commonName: 'Commission de test', organization: 'CCI Imaginaire', electionCode: data.election.code }, 'phrase de test');
    const pv = await buildReportPdf({ ...data, journal: { ...data.journal, signedHead } }, credentials);
    const printed = await readPrintedHead(pv.pdf, 'pv.pdf');
    expect(printed).toEqual({ ok: true, value: signedHead });
    expect((await verifyJournal(db, signedHead)).ok).toBe(true);
    // The attacker removes the signed head too: only the PV still remembers it.
    await cutChain(db, 'POSTE-A', 10);
    await cutChain(db, ANCHOR_CHAIN, 1);
    await tamper(db, [['DELETE FROM journal_signed_head WHERE seq > 1']]);
    expect((await verifyJournal(db)).ok).toBe(true);
    const v = await verifyJournal(db, signedHead);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^tête imprimée sur le procès-verbal \(ancre n° 2, .*\) : absente du journal/)]);
    const unsigned = await buildReportPdf(data, credentials);
    expect(await readPrintedHead(unsigned.pdf, 'ancien.pdf')).toEqual({ ok: false, error: ['Le procès-verbal ancien.pdf ne porte pas de tête signée du journal.'] });
  }, 60_000);

  test('the timer signs a head when entries were added, and adds nothing to a quiet journal', async () => {
    const { db } = get();
    const anchors = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM journal WHERE chain_id = $1', [ANCHOR_CHAIN])).rows[0]!.n;
    const sealer = startHeadSealer(db, 40, pino({ level: 'silent' }));
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(await anchors()).toBe(2);
      await db.transaction((tx) => appendUncheckedEntry(tx, actor, 'test.scan', { i: 50 }));
      const deadline = Date.now() + 10_000;
      while ((await lastSignedHead(db))!.seq < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const head = (await lastSignedHead(db))!;
      expect(head.seq).toBe(3);
      expect(checkSignedHead(head)).toBeNull();
      await new Promise((r) => setTimeout(r, 300));
      expect(await anchors()).toBe(3);
    } finally {
      await sealer.stop();
    }
    expect((await verifyJournal(db)).ok).toBe(true);
  }, 30_000);
});
