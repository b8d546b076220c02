// One anonymity batch written in one transaction (issue 14, item 1; docs/threat-model.md).
import { randomInt } from 'node:crypto';
import { genesisHead, nextBatchHead } from '@scrutin/evote';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { calendarDateIn } from '@scrutin/basics/calendar.js';
import { PHASE_MESSAGES, phaseAt } from '../domain/phase.js';
import type { LoadedElection, PlatformContext } from '../context.js';
import * as store from '../store/index.js';

export type BallotEntry = { urnId: string; fingerprint: string; line: string; /** first component `a` of each of its ciphertexts */ components: string[] };

/** One verified vote waiting for its batch. `receivedAt` decides whether it came before the closing time. */
export type PendingVote = { rightId: number; receivedAt: Date; ballots: BallotEntry[] };

export type BatchRecord = { batch: number; head: string; recordedAt: Date };

export type BatchError = { code: 'CLOSED' | 'ALREADY_VOTED' | 'DUPLICATE_BALLOT'; message: string };

export const ALREADY_VOTED_MESSAGE = 'Vous avez déjà voté pour cette qualité : un vote validé ne peut être ni modifié ni recommencé.';
export const DUPLICATE_BALLOT_MESSAGE = 'Bulletin refusé : ce bulletin chiffré, ou l’un de ses chiffrés, est déjà dans l’urne (chaque bulletin est chiffré pour un seul vote). Rien n’a été enregistré : votez de nouveau depuis l’isoloir.';

/** Fisher–Yates with the operating system's randomness: every order of the batch's ballots equally likely. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The batch's only time: its minute. Every emargement, ballot day and receipt of the batch carries it. */
const toMinute = (d: Date): Date => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/**
 * Writes a batch of verified votes in ONE transaction, so that a crash keeps all of it or none of it:
 * emargements inserted sorted by right, ballots in an independent random order, every row sharing the
 * batch's transaction id, number and minute. A vote refused inside the batch (right emarged meanwhile,
 * ciphertext already in the urn, vote closed or suspended) is left out and answered with its reason; the
 * others commit. Batch writers take `urn.batch` exclusively, so that two nodes never interleave batches
 * (the chain and the uniqueness checks below rely on it). Returns one outcome per vote, in input order.
 */
export async function writeBatch(ctx: PlatformContext, election: LoadedElection, votes: PendingVote[]): Promise<Result<BatchRecord, BatchError>[]> {
  return ctx.db.transaction(async (tx) => {
    const outcomes: (Result<BatchRecord, BatchError> | null)[] = votes.map(() => null);
    // Shared lock on the election row: the close takes it exclusively, so no batch commits after the freeze.
    const row = (await store.election.lockPhaseShared(tx))!;
    votes.forEach((v, i) => {
      // Received before the closing time counts (art. 11), however long it then waited for its batch.
      const phase = phaseAt({ state: row.state, opensAt: new Date(row.opens_at), closesAt: new Date(row.closes_at), suspended: row.message !== null }, v.receivedAt);
      if (phase !== 'OPEN') outcomes[i] = err({ code: 'CLOSED', message: phase === 'SUSPENDED' && row.message ? row.message : PHASE_MESSAGES[phase] });
    });
    await store.urn.lockBatches(tx);

    await store.roles.actAsUrn(tx);
    const fingerprints = votes.flatMap((v) => v.ballots.map((b) => b.fingerprint));
    const components = votes.flatMap((v) => v.ballots.flatMap((b) => b.components));
    const usedFingerprints = new Set(await store.urn.listUsedFingerprints(tx, fingerprints));
    const usedComponents = new Set(await store.urn.listUsedComponents(tx, components));
    const last = await store.urn.findLastBatch(tx);
    // Within the batch, the first vote (in arrival order) to use a right or a ciphertext keeps it.
    const rightsTaken = new Set<number>();
    votes.forEach((v, i) => {
      if (outcomes[i]) return;
      const prints = v.ballots.map((b) => b.fingerprint);
      const parts = v.ballots.flatMap((b) => b.components);
      const repeated = prints.some((x) => usedFingerprints.has(x)) || parts.some((x) => usedComponents.has(x)) || new Set(prints).size !== prints.length || new Set(parts).size !== parts.length;
      if (repeated) outcomes[i] = err({ code: 'DUPLICATE_BALLOT', message: DUPLICATE_BALLOT_MESSAGE });
      else if (rightsTaken.has(v.rightId)) outcomes[i] = err({ code: 'ALREADY_VOTED', message: ALREADY_VOTED_MESSAGE });
      if (outcomes[i]) return;
      rightsTaken.add(v.rightId);
      for (const x of prints) usedFingerprints.add(x);
      for (const x of parts) usedComponents.add(x);
    });

    const recordedAt = toMinute(ctx.now());
    const candidates = votes.map((v, i) => ({ v, i })).filter(({ i }) => !outcomes[i]);
    await store.roles.actAsVoterFile(tx);
    // Sorted by right: the emargements' physical and WAL order says nothing about arrival or ballots.
    const rights = candidates.map(({ v }) => v.rightId).sort((a, b) => a - b);
    const emarged = new Set(await store.emargement.insertEmargements(tx, rights, recordedAt));
    const accepted = candidates.filter(({ v, i }) => {
      if (emarged.has(v.rightId)) return true;
      outcomes[i] = err({ code: 'ALREADY_VOTED', message: ALREADY_VOTED_MESSAGE });
      return false;
    });

    let record: BatchRecord | null = null;
    if (accepted.length > 0) {
      await store.roles.actAsUrn(tx);
      const number = (last?.number ?? 0) + 1;
      const ballots = shuffled(accepted.flatMap(({ v }) => v.ballots));
      const head = nextBatchHead(last?.head ?? genesisHead(election.header.manifestFingerprint), number, ballots.map((b) => b.fingerprint));
      const day = calendarDateIn(recordedAt, election.timeZone);
      await store.urn.insertBatch(tx, { number, head, recordedAt, ballotCount: ballots.length });
      await store.urn.insertBallots(tx, ballots, day, number);
      await store.urn.insertComponents(tx, shuffled(ballots.flatMap((b) => b.components)));
      record = { batch: number, head, recordedAt };
    }
    await store.roles.resetRole(tx);
    return votes.map((_, i) => outcomes[i] ?? ok(record!));
  });
}
