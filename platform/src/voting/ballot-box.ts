import { ballotLine, ballotHash, EncodedBallotSchema, type EncodedBallot } from '@scrutin/evote';
import { err, ok, type Result } from '@scrutin/station/basics/result.js';
import { calendarDateIn } from '@scrutin/station/basics/calendar.js';
import type { PlatformContext } from '../context.js';
import { currentPhase, unitsOfRight } from '../election-reads.js';
import { PHASE_MESSAGES } from '../domain/phase.js';
import { signReceipt, type Receipt } from './receipt.js';

export type VoteError = { code: 'CLOSED' | 'UNKNOWN_RIGHT' | 'WITHDRAWN' | 'ALREADY_VOTED' | 'BAD_BALLOT' | 'DUPLICATE_BALLOT'; message: string; details?: string[] };

/** Thrown inside the vote's transaction to roll the emargement back when a ballot is already in the urn. */
class BallotAlreadyInUrn extends Error {}

export type VoterRight = { id: number; categoryCode: string; subcategoryCode: string | null; label: string; withdrawn: boolean; voted: boolean };

export async function rightsOfVoter(ctx: PlatformContext, voterId: number): Promise<VoterRight[]> {
  const r = await ctx.db.query<{ id: number; category_code: string; subcategory_code: string | null; label: string; withdrawn: boolean; voted: boolean }>(
    `SELECT r.id, r.category_code, r.subcategory_code, r.label, r.withdrawn, (e.right_id IS NOT NULL) AS voted
     FROM voter_file.voting_right r LEFT JOIN voter_file.emargement e ON e.right_id = r.id WHERE r.voter_id = $1 ORDER BY r.id`,
    [voterId],
  );
  return r.rows.map((x) => ({ id: x.id, categoryCode: x.category_code, subcategoryCode: x.subcategory_code, label: x.label, withdrawn: x.withdrawn, voted: x.voted }));
}

/**
 * Records the ballots of one voting right (one per contest) and its emargement in one transaction: never one
 * without the other (art. 11). The emargement's primary key refuses a second vote, including two
 * submissions racing each other. Proofs are verified before anything is written.
 */
export async function castVote(ctx: PlatformContext, voterId: number, input: { rightId: number; ballots: unknown[] }): Promise<Result<Receipt, VoteError>> {
  const election = await ctx.election();
  if (!election) return err({ code: 'CLOSED', message: PHASE_MESSAGES.NOT_LOADED });
  const phase = await currentPhase(ctx.db, ctx.now());
  if (phase.phase !== 'OPEN') return err({ code: 'CLOSED', message: phase.phase === 'SUSPENDED' && phase.suspensionMessage ? phase.suspensionMessage : PHASE_MESSAGES[phase.phase] });
  const rights = await rightsOfVoter(ctx, voterId);
  const right = rights.find((r) => r.id === input.rightId);
  if (!right) return err({ code: 'UNKNOWN_RIGHT', message: 'Qualité inconnue pour cet électeur.' });
  if (right.withdrawn) return err({ code: 'WITHDRAWN', message: 'Cette qualité a été radiée par décision de justice : le vote n’est pas possible.' });
  if (right.voted) return err({ code: 'ALREADY_VOTED', message: 'Vous avez déjà voté pour cette qualité : un vote validé ne peut être ni modifié ni recommencé.' });

  const units = unitsOfRight(election, right);
  const ballots: EncodedBallot[] = [];
  for (const raw of input.ballots) {
    const { kind: _kind, ...rest } = (raw ?? {}) as Record<string, unknown>;
    const b = EncodedBallotSchema.safeParse(rest);
    if (!b.success) return err({ code: 'BAD_BALLOT', message: 'Bulletin chiffré mal formé.' });
    ballots.push(b.data);
  }
  const expected = units.map((u) => u.urnId).sort();
  const given = ballots.map((b) => b.urnId).sort();
  if (expected.join('\n') !== given.join('\n')) return err({ code: 'BAD_BALLOT', message: `Un bulletin par élection est attendu (${expected.join(', ')}).` });
  const lines = ballots.map(ballotLine);
  const problems = await (await ctx.verifier())!.verify(lines);
  if (problems.length > 0) return err({ code: 'BAD_BALLOT', message: 'Bulletin refusé : preuve de validité incorrecte.', details: problems.map((p) => p.reason) });

  const recordedAt = ctx.now();
  const entries = ballots.map((b, i) => ({ urnId: b.urnId, fingerprint: ballotHash(lines[i]!), line: lines[i]! }));
  const outcome = await ctx.db.transaction(async (tx) => {
    // Shared lock: the close takes it exclusively, so no vote commits after the urn is frozen.
    const state = await tx.query<{ state: string }>('SELECT state FROM platform.election FOR SHARE');
    const now = ctx.now();
    const inTx = await currentPhase(tx, now);
    if (state.rows[0]?.state !== 'OPENED' || inTx.phase !== 'OPEN') return err({ code: 'CLOSED' as const, message: PHASE_MESSAGES[inTx.phase === 'OPEN' ? 'FROZEN' : inTx.phase] });
    await tx.query('SET LOCAL ROLE scrutin_voter_file');
    const emarged = await tx.query('INSERT INTO voter_file.emargement (right_id, voted_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING right_id', [right.id, recordedAt]);
    if (emarged.rows.length === 0) return err({ code: 'ALREADY_VOTED' as const, message: 'Vous avez déjà voté pour cette qualité : un vote validé ne peut être ni modifié ni recommencé.' });
    await tx.query('SET LOCAL ROLE scrutin_urn');
    // The same ciphertexts sent again (by another voter who copied them, or replayed): a ballot is the
    // fingerprint's primary key; the throw rolls the emargement back with it, so nothing is written.
    const inserted = await tx.query('INSERT INTO urn.ballot (fingerprint, urn_id, line, cast_on) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[]) ON CONFLICT (fingerprint) DO NOTHING RETURNING fingerprint', [
      entries.map((e) => e.fingerprint),
      entries.map((e) => e.urnId),
      entries.map((e) => e.line),
      // The day in the election's zone is the only time the urn keeps.
      entries.map(() => calendarDateIn(recordedAt, election.timeZone)),
    ]);
    if (inserted.rows.length !== entries.length) throw new BallotAlreadyInUrn();
    await tx.query('RESET ROLE');
    return ok(null);
  }).catch((e: unknown) => {
    if (!(e instanceof BallotAlreadyInUrn)) throw e;
    return err({ code: 'DUPLICATE_BALLOT' as const, message: 'Bulletin refusé : ce bulletin chiffré est déjà dans l’urne (chaque bulletin est chiffré pour un seul vote). Rien n’a été enregistré : votez de nouveau depuis l’isoloir.' });
  });
  if (!outcome.ok) return outcome;
  const key = await ctx.signingKey();
  return ok(signReceipt({ electionCode: election.code, ballots: entries.map(({ urnId, fingerprint }) => ({ urnId, fingerprint })), recordedAt }, key.secretKey));
}
