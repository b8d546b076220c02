import { ballotLine, ballotHash, EncodedBallotSchema, type EncodedBallot } from '@scrutin/evote';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import type { PlatformContext } from '../context.js';
import { currentPhase, unitsOfRight } from '../election-reads.js';
import { PHASE_MESSAGES } from '../domain/phase.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { signReceipt, type Receipt } from './receipt.js';
import { ALREADY_VOTED_MESSAGE } from './urn-batch.js';
import * as store from '../store/index.js';

export type VoteError = { code: 'CLOSED' | 'UNKNOWN_RIGHT' | 'WITHDRAWN' | 'ALREADY_VOTED' | 'BAD_BALLOT' | 'DUPLICATE_BALLOT'; message: string; details?: string[] };

export type VoterRight = { id: number; categoryCode: string; subcategoryCode: string | null; label: string; withdrawn: boolean; voted: boolean };

export async function rightsOfVoter(ctx: PlatformContext, voterId: number): Promise<VoterRight[]> {
  const rows = await store.voters.listRightsOfVoter(ctx.db, voterId);
  return rows.map((x) => ({ id: x.id, categoryCode: x.category_code, subcategoryCode: x.subcategory_code, label: x.label, withdrawn: x.withdrawn, voted: x.voted }));
}

/**
 * Verifies a voting right's ballots (one per contest, proofs checked before anything is written), then
 * hands them to the anonymity batcher (issue 14, item 1): they are written with k − 1 other votes in one
 * transaction, emargement and ballots both or neither (art. 11), and the receipt is returned only once
 * that transaction has committed. The emargement's primary key refuses a second vote, including two
 * submissions racing each other; a ciphertext already in the urn (copied or replayed) is refused.
 */
export async function castVote(ctx: PlatformContext, voterId: number, input: { rightId: number; ballots: unknown[] }): Promise<Result<Receipt, VoteError>> {
  const election = await ctx.election();
  if (!election) return err({ code: 'CLOSED', message: PHASE_MESSAGES.NOT_LOADED });
  const receivedAt = ctx.now();
  const phase = await currentPhase(ctx.db, receivedAt);
  if (phase.phase !== 'OPEN') return err({ code: 'CLOSED', message: phase.phase === 'SUSPENDED' && phase.suspensionMessage ? phase.suspensionMessage : PHASE_MESSAGES[phase.phase] });
  const rights = await rightsOfVoter(ctx, voterId);
  const right = rights.find((r) => r.id === input.rightId);
  if (!right) return err({ code: 'UNKNOWN_RIGHT', message: 'Qualité inconnue pour cet électeur.' });
  if (right.withdrawn) return err({ code: 'WITHDRAWN', message: 'Cette qualité a été radiée par décision de justice : le vote n’est pas possible.' });
  if (right.voted) return err({ code: 'ALREADY_VOTED', message: ALREADY_VOTED_MESSAGE });

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

  const entries = ballots.map((b, i) => ({ urnId: b.urnId, fingerprint: ballotHash(lines[i]!), line: lines[i]!, components: [...b.choices, b.blank].map((c) => c.a) }));
  const written = await (await ctx.urnWriter())!.submit({ rightId: right.id, receivedAt, ballots: entries });
  if (!written.ok) return written;
  const key = await ctx.signingKey();
  return ok(signReceipt({ electionCode: election.code, ballots: entries.map(({ urnId, fingerprint }) => ({ urnId, fingerprint })), batch: written.value.batch, batchHead: written.value.head, recordedAt: written.value.recordedAt }, hexToBytes(key.secretKey)));
}
