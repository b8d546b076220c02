/**
 * Proof verification of arriving ballots, off the request thread and in batches. Submissions that arrive
 * within a few milliseconds of each other are verified together with evote's batched check (one
 * multi-scalar multiplication for all their proof equations), spread over evote's worker threads; each
 * submission then gets only its own problems back. A false proof makes evote re-check the batch ballot
 * by ballot, so one bad ballot never rejects another voter's.
 */
import { ballotLine, encryptBallot, verifyBallotChunk, type ChunkReport, type VerifiedHeader } from '@scrutin/evote';
import type { WorkerPool } from '@scrutin/evote/node/pool.js';

export type BallotProblem = { index: number; reason: string };

export type BallotVerifier = {
  /** The problems of these lines (index within `lines`); empty when every proof holds. */
  verify(lines: string[]): Promise<BallotProblem[]>;
  close(): Promise<void>;
  /** Resolves when the workers are ready (at once without workers). */
  warm?(): Promise<void>;
};

export type BatchingOptions = {
  /** How long the first submission of a batch waits for others. */
  windowMs?: number;
  /** A batch is sent at once when it reaches this many ballots. */
  maxBallots?: number;
  /** Worker threads; none: verified on the calling thread (still batched). */
  pool?: VerifyPool | null;
};

export type VerifyPool = Pick<WorkerPool, 'size' | 'run' | 'close'>;

type Waiting = { lines: string[]; resolve: (p: BallotProblem[]) => void; reject: (e: Error) => void };

/** Verification one submission at a time on the calling thread: what the platform did before batching. */
export function directVerifier(verified: VerifiedHeader): BallotVerifier {
  return {
    verify: async (lines) => verifyBallotChunk(verified, lines, 0, { aggregate: false }).problems,
    close: async () => {},
  };
}

async function warmUp(pool: VerifyPool, verified: VerifiedHeader, headerLine: string): Promise<void> {
  const urn = verified.header.manifest.urns[0];
  const lines: string[] = [];
  for (let i = 0; urn && i < 4; i++) {
    const b = encryptBallot({ publicKey: verified.publicKey, manifestFingerprint: verified.header.manifestFingerprint, urn }, []);
    if (b.ok) lines.push(ballotLine(b.value));
  }
  for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: pool.size }, () => pool.run<ChunkReport>({ kind: 'verify', headerLine, lines, firstIndex: 0, group: 'noble', aggregate: false })));
}

export function batchingVerifier(verified: VerifiedHeader, headerLine: string, options: BatchingOptions = {}): BallotVerifier {
  const windowMs = options.windowMs ?? 4;
  const maxBallots = options.maxBallots ?? 32;
  const pool = options.pool ?? null;
  // Each worker parses the header, precomputes the election key's table (over a second here) and gets its
  // verification code compiled by a few blank ballots: now, rather than on the first voters' requests.
  const warm = pool ? warmUp(pool, verified, headerLine) : Promise.resolve();
  let waiting: Waiting[] = [];
  let count = 0;
  let timer: NodeJS.Timeout | null = null;

  const verifyChunk = (lines: string[], firstIndex: number): Promise<ChunkReport> =>
    pool
      ? pool.run<ChunkReport>({ kind: 'verify', headerLine, lines, firstIndex, group: 'noble', aggregate: false })
      : Promise.resolve(verifyBallotChunk(verified, lines, firstIndex, { aggregate: false }));

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = waiting;
    waiting = [];
    count = 0;
    if (batch.length === 0) return;
    const all = batch.flatMap((w) => w.lines);
    // One chunk per worker; chunks need not follow submissions: evote reports problems by global index.
    const parts = Math.max(1, Math.min(pool?.size ?? 1, Math.ceil(all.length / 8)));
    const size = Math.ceil(all.length / parts);
    const chunks: Promise<ChunkReport>[] = [];
    for (let from = 0; from < all.length; from += size) chunks.push(verifyChunk(all.slice(from, from + size), from));
    Promise.all(chunks).then(
      (reports) => {
        const problems = reports.flatMap((r) => r.problems);
        let offset = 0;
        for (const w of batch) {
          const end = offset + w.lines.length;
          w.resolve(problems.filter((p) => p.index >= offset && p.index < end).map((p) => ({ index: p.index - offset, reason: p.reason })));
          offset = end;
        }
      },
      (e: Error) => batch.forEach((w) => w.reject(e)),
    );
  };

  return {
    verify(lines) {
      if (lines.length === 0) return Promise.resolve([]);
      return new Promise<BallotProblem[]>((resolve, reject) => {
        waiting.push({ lines, resolve, reject });
        count += lines.length;
        if (count >= maxBallots) flush();
        else timer ??= setTimeout(flush, windowMs);
      });
    },
    // The pool belongs to whoever made it (the context closes it).
    async close() {
      flush();
      await warm.catch(() => undefined);
    },
    warm: () => warm,
  };
}
