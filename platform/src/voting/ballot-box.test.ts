import { checkUrnLines } from '@scrutin/evote';
import { emargementFileSchema } from '@scrutin/contract/electronic-emargement.js';
import { createContext, type PlatformContext } from '../context.js';
import { closeVote } from '../close/close.js';
import type { Letter } from '../credentials/issue.js';
import { loadPlatform } from '../load/load.js';
import { addStaff, openVote, resumeVote, suspendVote, type Staff } from '../operations.js';
import { describeEachPlatformDatabase } from '../testing/databases.js';
import { encryptForUrns, issueLettersInMemory, runCeremony, testLoadFile } from '../testing/election.js';
import { findOnBoard, listBoard } from './board.js';
import { castVote, rightsOfVoter } from './ballot-box.js';
import { verifyReceipt } from './receipt.js';
import { findVoterSession, loginVoter } from './sessions.js';

const ceremony = runCeremony('CCITEST26');

describeEachPlatformDatabase('platform: credentials, vote, receipt, board, close', (get) => {
  let clock = new Date();
  let ctx: PlatformContext;
  let letters: Letter[];
  let admin: Staff;
  let cell: Staff;
  const file = testLoadFile(12);

  beforeAll(async () => {
    // One vote per batch: these tests vote one voter at a time (batches of k are urn-unlinkability.test.ts).
    ctx = createContext(get().db, () => clock, {}, { size: 1 });
    const loaded = await loadPlatform(get().db, file, ceremony.key);
    if (!loaded.ok) throw new Error(loaded.error.join('\n'));
    letters = await issueLettersInMemory(get().db);
    const a = await addStaff(get().db, { login: 'admin', displayName: 'Admin', role: 'admin', password: 'phare-ouverture-2026' });
    if (!a.ok) throw new Error(a.error.message);
    admin = a.value;
    const c = await addStaff(get().db, { login: 'cellule', displayName: 'Cellule', role: 'oversight_cell', password: 'cellule-de-controle-2026' });
    if (!c.ok) throw new Error(c.error.message);
    cell = c.value;
  }, 120_000);

  const login = async (i: number) => {
    const l = letters.find((x) => x.voterNumber === file.voters[i]!.voterNumber)!;
    const r = await loginVoter(get().db, { identifier: l.identifier, password: l.password, birthDate: file.voters[i]!.birthDate }, clock);
    if (!r.ok) throw new Error(r.error);
    return (await findVoterSession(get().db, r.value.token, clock))!.voterId;
  };
  const ballotsFor = async (voterId: number, rightIndex = 0) => {
    const e = (await ctx.election())!;
    const right = (await rightsOfVoter(ctx, voterId))[rightIndex]!;
    const urns = e.units.filter((u) => u.categoryCode === right.categoryCode);
    return { right, ballots: encryptForUrns(e, ceremony.key, urns.map((u) => ({ urnId: u.urnId, marks: [0] }))) };
  };

  test('one letter per voter; passwords kept only as salted hashes (docs/platform.md « Voter passwords »)', async () => {
    expect(letters).toHaveLength(12);
    const stored = await get().db.query<{ password_hash: string }>('SELECT password_hash FROM voter_file.voter');
    for (const row of stored.rows) expect(row.password_hash).toMatch(/^sha256\$/);
    for (const l of letters) expect(stored.rows.some((r) => r.password_hash.includes(l.password))).toBe(false);
  });

  test('login needs identifier, password and birth date', async () => {
    const l = letters[0]!;
    const v = file.voters.find((x) => x.voterNumber === l.voterNumber)!;
    expect((await loginVoter(get().db, { identifier: l.identifier, password: l.password, birthDate: '1900-01-01' }, clock)).ok).toBe(false);
    expect((await loginVoter(get().db, { identifier: l.identifier, password: 'wrong-pass-word1', birthDate: v.birthDate }, clock)).ok).toBe(false);
    expect((await loginVoter(get().db, { identifier: l.identifier.replace(/-/g, ' '), password: l.password.toUpperCase(), birthDate: v.birthDate }, clock)).ok).toBe(true);
  });

  test('no vote before the vote is opened', async () => {
    const voter = await login(0);
    const { right, ballots } = await ballotsFor(voter);
    const r = await castVote(ctx, voter, { rightId: right.id, ballots });
    expect(r.ok ? null : r.error.code).toBe('CLOSED');
    const opened = await openVote(get().db, admin);
    expect(opened.ok).toBe(true);
  });

  test('a vote gives a signed receipt found on the board; a second attempt is refused', async () => {
    const voter = await login(0);
    const { right, ballots } = await ballotsFor(voter);
    const r = await castVote(ctx, voter, { rightId: right.id, ballots });
    if (!r.ok) throw new Error(r.error.message);
    const key = await ctx.signingKey();
    expect(verifyReceipt(r.value, key.publicKey).ok).toBe(true);
    for (const b of r.value.ballots) expect(await findOnBoard(get().db, b.fingerprint)).toMatchObject({ urnId: b.urnId });
    const again = await castVote(ctx, voter, { rightId: right.id, ballots: (await ballotsFor(voter)).ballots });
    expect(again.ok ? null : again.error.code).toBe('ALREADY_VOTED');
  });

  test('tampered receipts are refused', async () => {
    const voter = await login(1);
    const { right, ballots } = await ballotsFor(voter);
    const r = await castVote(ctx, voter, { rightId: right.id, ballots });
    if (!r.ok) throw new Error(r.error.message);
    const key = await ctx.signingKey();
    const tampered = [
      { ...r.value, recordedAt: new Date(Date.parse(r.value.recordedAt) + 1000).toISOString() },
      { ...r.value, ballots: [{ ...r.value.ballots[0]!, fingerprint: 'f'.repeat(64) }, ...r.value.ballots.slice(1)] },
      { ...r.value, signature: r.value.signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) },
      { ...r.value, electionCode: 'AUTRE' },
    ];
    for (const t of tampered) expect(verifyReceipt(t, key.publicKey).ok).toBe(false);
  });

  test('two submissions racing for the same right: exactly one is recorded', async () => {
    const voter = await login(3);
    const a = await ballotsFor(voter);
    const b = await ballotsFor(voter);
    const results = await Promise.all([
      castVote(ctx, voter, { rightId: a.right.id, ballots: a.ballots }),
      castVote(ctx, voter, { rightId: b.right.id, ballots: b.ballots }),
      castVote(ctx, voter, { rightId: a.right.id, ballots: a.ballots }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const emarged = await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM voter_file.emargement WHERE right_id = $1', [a.right.id]);
    expect(emarged.rows[0]!.n).toBe(1);
    const board = await listBoard(get().db, { limit: 1000 });
    const emargements = await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM voter_file.emargement');
    expect(board.total).toBe(emargements.rows[0]!.n * 2);
  });

  test('the same ballots submitted by a second voter: refused in French, nothing written for either', async () => {
    const first = await login(7);
    const copier = await login(10);
    const { right, ballots } = await ballotsFor(first);
    expect((await castVote(ctx, first, { rightId: right.id, ballots })).ok).toBe(true);
    const before = (await listBoard(get().db, { limit: 1000 })).total;
    const copierRight = (await rightsOfVoter(ctx, copier))[0]!;
    const r = await castVote(ctx, copier, { rightId: copierRight.id, ballots });
    expect(r.ok ? null : r.error).toEqual({ code: 'DUPLICATE_BALLOT', message: expect.stringContaining('déjà dans l’urne') });
    expect((await rightsOfVoter(ctx, copier))[0]!.voted).toBe(false);
    expect((await listBoard(get().db, { limit: 1000 })).total).toBe(before);
  });

  test('a ballot with a bad proof or a missing contest is refused and nothing is recorded', async () => {
    const voter = await login(5);
    const { right, ballots } = await ballotsFor(voter);
    const forged = structuredClone(ballots);
    forged[0]!.choices[0] = forged[0]!.choices[1]!;
    for (const bad of [forged, ballots.slice(0, 1)]) {
      const r = await castVote(ctx, voter, { rightId: right.id, ballots: bad });
      expect(r.ok ? null : r.error.code).toBe('BAD_BALLOT');
    }
    expect((await rightsOfVoter(ctx, voter))[0]!.voted).toBe(false);
  });

  test('suspension: votes refused with the postal-vote message, decision recorded at resumption', async () => {
    expect((await suspendVote(ctx, admin, { reason: 'test' })).ok).toBe(false);
    expect((await suspendVote(ctx, cell, { reason: 'Attaque par déni de service' })).ok).toBe(true);
    const voter = await login(6);
    const { right, ballots } = await ballotsFor(voter);
    const r = await castVote(ctx, voter, { rightId: right.id, ballots });
    expect(r.ok ? '' : r.error.message).toMatch(/correspondance/);
    expect((await resumeVote(ctx, cell, { decision: 'BALLOTS_KEPT', decisionText: 'Les votes exprimés avant la suspension sont conservés.' })).ok).toBe(true);
    expect((await castVote(ctx, voter, { rightId: right.id, ballots })).ok).toBe(true);
  });

  test('close: refused before the closing time; then urn and emargement verify and agree', async () => {
    expect((await closeVote(ctx, admin)).ok).toBe(false);
    clock = new Date(Date.parse(file.closesAt) + 1000);
    const voter = await login(7);
    const late = await ballotsFor(voter);
    expect((await castVote(ctx, voter, { rightId: late.right.id, ballots: late.ballots })).ok).toBe(false);
    const closed = await closeVote(ctx, admin);
    if (!closed.ok) throw new Error(closed.error.message);
    const checked = checkUrnLines(closed.value.urn.split('\n'));
    if (!checked.ok) throw new Error(checked.error);
    expect(checked.value.check.valid).toBe(true);
    const emargement = emargementFileSchema.parse(JSON.parse(closed.value.emargement));
    expect(checked.value.check.ballotCount).toBe(2 * emargement.count);
    expect(emargement.count).toBe(5);
    const again = await closeVote(ctx, admin);
    expect(again.ok && again.value.urn === closed.value.urn && again.value.emargement === closed.value.emargement).toBe(true);
  });
});
