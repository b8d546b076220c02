// Inside one anonymity batch (issue 14, item 1): a right submitted twice and a ballot copied from another
// voter are left out with their French reason while the rest of the batch commits; votes waiting when the
// vote closes are written by the close, before the urn is sealed.
import { checkUrnLines } from '@scrutin/evote';
import { closeVote } from '../close/close.js';
import { createContext, type PlatformContext } from '../context.js';
import { describeEachPlatformDatabase } from '../testing/databases.js';
import { encryptForUrns, loadAndOpenWithoutLetters, runCeremony, testLoadFile } from '../testing/election.js';
import { castVote, rightsOfVoter } from './ballot-box.js';

describeEachPlatformDatabase('one anonymity batch: refusals inside it, and the close', (get) => {
  const file = testLoadFile(8);
  const ceremony = runCeremony(file.electionCode);
  let clock = new Date();
  let ctx: PlatformContext;
  /** Ballots written so far (both tests). */
  let written = 0;

  beforeAll(async () => {
    await loadAndOpenWithoutLetters(get().db, file, ceremony.key);
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
  });

  const voteOf = async (i: number) => {
    const e = (await ctx.election())!;
    const voter = file.voters[i]!;
    const right = (await rightsOfVoter(ctx, voter.id))[0]!;
    const units = e.units.filter((u) => u.categoryCode === right.categoryCode && u.subcategoryCode === right.subcategoryCode);
    return { voterId: voter.id, rightId: right.id, ballots: encryptForUrns(e, ceremony.key, units.map((u) => ({ urnId: u.urnId, marks: [0] }))) };
  };

  test('a batch of four: the right sent twice and the copied ballot are refused, the other two commit together', async () => {
    ctx = createContext(get().db, () => clock, {}, { size: 4, timerMs: 30_000, minimum: 1, maxWaitMs: 600_000 });
    const a = await voteOf(0);
    const aAgain = await voteOf(0);
    const b = await voteOf(1);
    // Voters 1 and 3 vote in the same urns (commerce).
    const copier = await voteOf(3);
    const results = await Promise.all([
      castVote(ctx, a.voterId, { rightId: a.rightId, ballots: a.ballots }),
      castVote(ctx, aAgain.voterId, { rightId: aAgain.rightId, ballots: aAgain.ballots }),
      castVote(ctx, b.voterId, { rightId: b.rightId, ballots: b.ballots }),
      // Another voter submits b's encrypted ballots (same line, same proofs): refused, b keeps them.
      castVote(ctx, copier.voterId, { rightId: copier.rightId, ballots: b.ballots }),
    ]);
    // Whichever of the two submissions of a's right, and of b and the copier, reached the batcher first keeps
    // the right or the ballots (arrival order: the four run concurrently, and their queries may end in any order).
    const codes = results.map((r) => (r.ok ? 'OK' : r.error.code));
    expect([[codes[0], codes[1]].sort(), [codes[2], codes[3]].sort()]).toEqual([['ALREADY_VOTED', 'OK'], ['DUPLICATE_BALLOT', 'OK']]);
    const loser = results[2]!.ok ? results[3]! : results[2]!;
    expect(loser.ok ? '' : loser.error.message).toMatch(/déjà dans l’urne/);
    const winner = results[2]!.ok ? b : copier;
    const receipts = results.flatMap((r) => (r.ok ? [r.value] : []));
    expect(new Set(receipts.map((r) => r.batch)).size).toBe(1);
    expect(new Set(receipts.map((r) => r.batchHead)).size).toBe(1);
    const db = get().db;
    const emarged = await db.query<{ right_id: string }>('SELECT right_id FROM voter_file.emargement ORDER BY right_id');
    expect(emarged.rows.map((r) => Number(r.right_id))).toEqual([a.rightId, winner.rightId].sort((x, y) => x - y));
    const ballots = await db.query<{ n: number; batches: number }>('SELECT count(*)::int AS n, count(DISTINCT batch)::int AS batches FROM urn.ballot');
    expect(ballots.rows[0]).toEqual({ n: a.ballots.length + b.ballots.length, batches: 1 });
    written = a.ballots.length + b.ballots.length;
    const components = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM urn.ciphertext_component');
    expect(components.rows[0]!.n).toBe([...a.ballots, ...b.ballots].reduce((n, x) => n + x.choices.length + 1, 0));
  }, 120_000);

  test('votes received before the closing time and waiting for their batch are written by the close and sealed', async () => {
    const c = await voteOf(4);
    const d = await voteOf(6);
    const waiting = [castVote(ctx, c.voterId, { rightId: c.rightId, ballots: c.ballots }), castVote(ctx, d.voterId, { rightId: d.rightId, ballots: d.ballots })];
    // Both verified and waiting (the batch wants four, its timer is 30 s away): then the closing time
    // passes and the close runs.
    while ((await ctx.urnWriter())!.waiting() < 2) await new Promise((r) => setTimeout(r, 20));
    clock = new Date(Date.parse(file.closesAt) + 1000);
    const admin = (await get().db.query<{ id: number; login: string; role: 'admin' }>("SELECT id, login, role FROM platform.staff WHERE login = 'admin'")).rows[0]!;
    const closed = await closeVote(ctx, { id: Number(admin.id), login: admin.login, role: admin.role });
    if (!closed.ok) throw new Error(closed.error.message);
    const answers = await Promise.all(waiting);
    expect(answers.map((r) => r.ok)).toEqual([true, true]);
    const checked = checkUrnLines(closed.value.urn.split('\n'));
    if (!checked.ok) throw new Error(checked.error);
    expect(checked.value.check.problems).toEqual([]);
    expect(checked.value.check.ballotCount).toBe(written + c.ballots.length + d.ballots.length);
    expect(checked.value.check.chain?.heads).toHaveLength(2);
    // After the freeze nothing is accepted, not even through a batch.
    const late = await voteOf(7);
    const refused = await castVote(ctx, late.voterId, { rightId: late.rightId, ballots: late.ballots });
    expect(refused.ok ? null : refused.error.code).toBe('CLOSED');
  }, 120_000);
});
