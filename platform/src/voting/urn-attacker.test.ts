// Issue 14, item 1: an insider holding a full copy of the platform's store (both schemas, transaction ids,
// physical order, timestamps) tries to link ballots to voting rights. With anonymity batches of k, each of
// the joins that linked every ballot before (same transaction, same physical rank, same time) must leave
// k candidates per ballot, and the attacker's best guess must be right for about 1/k of the ballots only.
import { createContext, type PlatformContext } from '../context.js';
import { describeEachPlatformDatabase } from '../testing/databases.js';
import { encryptForUrns, loadAndOpenWithoutLetters, runCeremony, testLoadFile } from '../testing/election.js';
import { castVote, rightsOfVoter } from './ballot-box.js';
import type { Receipt } from './receipt.js';

const K = 32;
const BATCHES = 3;

describeEachPlatformDatabase('an insider with a copy of the store cannot link ballots to rights better than 1/k', (get) => {
  const file = testLoadFile(K * BATCHES);
  const ceremony = runCeremony(file.electionCode);
  let ctx: PlatformContext;
  /** Ground truth, known to the test only: ballot fingerprint → right id. */
  const owner = new Map<string, number>();
  const receipts: Receipt[] = [];

  beforeAll(async () => {
    const db = get().db;
    await loadAndOpenWithoutLetters(db, file, ceremony.key);
    // Only a full batch is written (no timer batch): three batches of exactly k.
    ctx = createContext(db, undefined, {}, { size: K, timerMs: 600_000, minimum: K, maxWaitMs: 600_000 });
    const e = (await ctx.election())!;
    const votes = await Promise.all(file.voters.map(async (v) => {
      const right = (await rightsOfVoter(ctx, v.id))[0]!;
      const units = e.units.filter((u) => u.categoryCode === right.categoryCode && u.subcategoryCode === right.subcategoryCode);
      return { voterId: v.id, right, ballots: encryptForUrns(e, ceremony.key, units.map((u, i) => ({ urnId: u.urnId, marks: [i % 2] }))) };
    }));
    // Submitted in right order, batch after batch: arrival order = right order = the emargements' order,
    // so a ballot order that followed arrival would be matched rank for rank by the attack below.
    votes.sort((a, b) => a.right.id - b.right.id);
    for (let b = 0; b < BATCHES; b++) {
      const results = await Promise.all(votes.slice(b * K, (b + 1) * K).map((v) => castVote(ctx, v.voterId, { rightId: v.right.id, ballots: v.ballots })));
      results.forEach((r, i) => {
        if (!r.ok) throw new Error(r.error.message);
        receipts.push(r.value);
        for (const x of r.value.ballots) owner.set(x.fingerprint, votes[b * K + i]!.right.id);
      });
    }
  }, 600_000);
  afterAll(async () => {
    await ctx?.close();
  });

  /** Scores a guess (fingerprint → right id): how many ballots it attributes to their right, out of how many. */
  const score = (guess: Map<string, number>) => [...owner].filter(([f, right]) => guess.get(f) === right).length;
  /** Far above the 1/k expected by chance (Poisson with mean ballots/k; this bound is exceeded with probability < 1e-9). */
  const bound = () => Math.ceil((5 * owner.size) / K);

  test('the votes went in as three batches of k, one transaction each', async () => {
    const batches = await get().db.query<{ number: number; ballot_count: number }>('SELECT number, ballot_count FROM urn.batch ORDER BY number');
    expect(batches.rows.map((b) => b.number)).toEqual([1, 2, 3]);
    const xmins = await get().db.query<{ n: number }>('SELECT count(DISTINCT xmin::text)::int AS n FROM urn.ballot');
    expect(xmins.rows[0]!.n).toBe(BATCHES);
    expect(new Set(receipts.map((r) => r.batch)).size).toBe(BATCHES);
  });

  test('same transaction id: every ballot joins k emargements; the best guess is right for about 1/k', async () => {
    const joined = await get().db.query<{ fingerprint: string; right_id: string }>('SELECT b.fingerprint, e.right_id FROM urn.ballot b JOIN voter_file.emargement e ON e.xmin::text = b.xmin::text ORDER BY e.right_id');
    const candidates = new Map<string, number[]>();
    for (const r of joined.rows) candidates.set(r.fingerprint, [...(candidates.get(r.fingerprint) ?? []), Number(r.right_id)]);
    expect(Math.min(...[...candidates.values()].map((c) => c.length))).toBeGreaterThanOrEqual(K);
    // Before batches this join gave exactly one right per ballot: the right one.
    expect(score(new Map([...candidates].map(([f, c]) => [f, c[0]!])))).toBeLessThanOrEqual(bound());
  });

  test('physical order (ctid): the i-th ballot of an urn is not the i-th emargement of its rights', async () => {
    const db = get().db;
    const ballots = await db.query<{ fingerprint: string; urn_id: string }>('SELECT fingerprint, urn_id FROM urn.ballot ORDER BY ctid');
    const emargements = await db.query<{ right_id: string; category_code: string; subcategory_code: string | null }>(
      'SELECT e.right_id, r.category_code, r.subcategory_code FROM voter_file.emargement e JOIN voter_file.voting_right r ON r.id = e.right_id ORDER BY e.ctid',
    );
    const e = (await ctx.election())!;
    const guess = new Map<string, number>();
    for (const u of e.units) {
      const inUrn = ballots.rows.filter((b) => b.urn_id === u.urnId);
      const rights = emargements.rows.filter((x) => x.category_code === u.categoryCode && x.subcategory_code === u.subcategoryCode);
      expect(inUrn).toHaveLength(rights.length);
      inUrn.forEach((b, i) => guess.set(b.fingerprint, Number(rights[i]!.right_id)));
    }
    expect(guess.size).toBe(owner.size);
    expect(score(guess)).toBeLessThanOrEqual(bound());
  });

  test('times: a ballot, its batch and the receipts carry only the batch minute, shared by k emargements', async () => {
    const db = get().db;
    const joined = await db.query<{ fingerprint: string; right_id: string }>(
      'SELECT b.fingerprint, e.right_id FROM urn.ballot b JOIN urn.batch t ON t.number = b.batch JOIN voter_file.emargement e ON e.voted_at = t.recorded_at ORDER BY e.right_id',
    );
    const candidates = new Map<string, number[]>();
    for (const r of joined.rows) candidates.set(r.fingerprint, [...(candidates.get(r.fingerprint) ?? []), Number(r.right_id)]);
    expect(candidates.size).toBe(owner.size);
    expect(Math.min(...[...candidates.values()].map((c) => c.length))).toBeGreaterThanOrEqual(K);
    expect(score(new Map([...candidates].map(([f, c]) => [f, c[0]!])))).toBeLessThanOrEqual(bound());
    // No time finer than the minute anywhere: emargements, batches, receipts.
    const times = await db.query<{ t: Date }>('SELECT voted_at AS t FROM voter_file.emargement UNION ALL SELECT recorded_at FROM urn.batch');
    for (const { t } of times.rows) expect(new Date(t).getTime() % 60_000).toBe(0);
    for (const r of receipts) expect(Date.parse(r.recordedAt) % 60_000).toBe(0);
    // A receipt's time is its whole batch's: k receipts share it.
    const perBatch = new Map<number, Set<string>>();
    for (const r of receipts) perBatch.set(r.batch, (perBatch.get(r.batch) ?? new Set()).add(r.recordedAt));
    for (const [, set] of perBatch) expect(set.size).toBe(1);
  });
});
