import { ballotLine, makeHeader, parseHeader, type VerifiedHeader } from '@scrutin/evote';
import { WorkerPool, type WorkerTask } from '@scrutin/evote/node/pool.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { manifestOf } from '../load/load.js';
import { encryptForUrns, runCeremony, testLoadFile } from '../testing/election.js';
import { batchingVerifier, type VerifyPool } from './ballot-verifier.js';

const file = testLoadFile(1, { candidates: 3 });
const ceremony = runCeremony(file.electionCode);
const manifest = manifestOf(file);
const header = makeHeader(manifest, ceremony.key, new Uint8Array(32).fill(7));
const headerLine = canonicalJson(header);
const parsed = parseHeader(headerLine);
if (!parsed.ok) throw new Error(parsed.error);
const verified: VerifiedHeader = parsed.value;

const encrypt = (urnId: string, marks: number[]) => ballotLine(encryptForUrns({ manifest, header }, ceremony.key, [{ urnId, marks }])[0]!);
/** Same urn, another ballot's first ciphertext: well formed, but its proofs no longer hold. */
function forged(): string {
  const a = JSON.parse(encrypt('CCIR-C', [0])) as { choices: { a: string }[] };
  const b = JSON.parse(encrypt('CCIR-C', [1])) as { choices: { a: string }[] };
  a.choices[0]!.a = b.choices[0]!.a;
  return canonicalJson(a);
}

/** A pool that records the chunks it is given. */
function countingPool(inner: VerifyPool | null): VerifyPool & { chunks: number[] } {
  const chunks: number[] = [];
  return {
    chunks,
    size: inner?.size ?? 2,
    run<T>(task: WorkerTask): Promise<T> {
      if (task.kind === 'verify' && task.lines.length > 0) chunks.push(task.lines.length);
      return inner ? inner.run<T>(task) : Promise.reject(new Error('no pool'));
    },
    close: async () => inner?.close(),
  };
}

describe('batched verification of arriving ballots', () => {
  const good = Array.from({ length: 6 }, (_, i) => [encrypt('CCIR-C', [i % 3]), encrypt('CCIT-C', [])]);
  const bad = forged();

  test('concurrent submissions are verified together in the worker threads; each gets only its own problems', async () => {
    const real = new WorkerPool(2);
    const pool = countingPool(real);
    const verifier = batchingVerifier(verified, headerLine, { pool, windowMs: 20, maxBallots: 1000 });
    try {
      await verifier.warm?.();
      expect(pool.chunks.length).toBeGreaterThanOrEqual(2); // every worker warmed with real ballots
      pool.chunks.length = 0;
      const submissions = [good[0]!, [good[1]![0]!, bad], good[2]!, [bad], good[3]!];
      const answers = await Promise.all(submissions.map((s) => verifier.verify(s)));
      expect(answers.map((a) => a.map((p) => p.index))).toEqual([[], [1], [], [0], []]);
      expect(answers[1]![0]!.reason).toMatch(/preuve/);
      // 9 ballots in one batch, cut in one chunk per worker.
      expect(pool.chunks.reduce((a, b) => a + b, 0)).toBe(9);
      expect(pool.chunks).toHaveLength(2);
    } finally {
      await verifier.close();
      await real.close();
    }
  }, 60_000);

  test('without workers: batched on the calling thread, a full batch leaves before the window ends', async () => {
    const verifier = batchingVerifier(verified, headerLine, { windowMs: 60_000, maxBallots: 4 });
    const answers = await Promise.all([verifier.verify(good[4]!), verifier.verify([good[5]![0]!, bad])]);
    expect(answers.map((a) => a.map((p) => p.index))).toEqual([[], [1]]);
    expect(await verifier.verify([])).toEqual([]);
    await verifier.close();
  }, 60_000);
});
