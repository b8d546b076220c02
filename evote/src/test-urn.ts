// Reference encryptor: test urns with a known distribution, sealed as the platform would. The marks are
// drawn from the seed (so the expected tally is known); the encryption randomness is always fresh.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { encryptBallot, type BallotContext } from './ballot.js';
import { ballotLine } from './urn.js';
import type { ElectionManifest, EncodedBallot, UrnTally } from './schemas.js';
import type { Point } from './group.js';

export type TestBallotChoice = { urnIndex: number; marks: number[] };

/** Ballot `index`: urns in turn; 10 % blank; otherwise 1..seats distinct candidates, low indexes favoured. */
export function chooseTestBallot(manifest: ElectionManifest, seed: string, index: number): TestBallotChoice {
  const urnIndex = index % manifest.urns.length;
  const urn = manifest.urns[urnIndex]!;
  const bytes = sha256(utf8ToBytes(`${seed}:${index}`));
  let cursor = 0;
  const next = () => bytes[cursor++ % bytes.length]! + 256 * bytes[(cursor * 7) % bytes.length]!;
  if (next() % 10 === 0) return { urnIndex, marks: [] };
  const count = 1 + (next() % Math.min(urn.seats, urn.candidates.length));
  const marks: number[] = [];
  while (marks.length < count) {
    // Squaring a uniform draw favours the first candidates, so the expected tally is not flat.
    const u = next() / 65536;
    const candidate = Math.floor(u * u * urn.candidates.length);
    if (!marks.includes(candidate)) marks.push(candidate);
    else {
      const free = urn.candidates.findIndex((_, i) => !marks.includes(i));
      marks.push(free);
    }
  }
  return { urnIndex, marks: marks.sort((a, b) => a - b) };
}

export function expectedTally(manifest: ElectionManifest, seed: string, count: number): UrnTally[] {
  const tallies = manifest.urns.map((u) => ({ urnId: u.id, ballots: 0, blank: 0, votes: u.candidates.map(() => 0) }));
  for (let i = 0; i < count; i++) {
    const c = chooseTestBallot(manifest, seed, i);
    const t = tallies[c.urnIndex]!;
    t.ballots++;
    if (c.marks.length === 0) t.blank++;
    for (const m of c.marks) t.votes[m]!++;
  }
  return tallies;
}

export function encryptTestBallots(manifest: ElectionManifest, publicKey: Point, fingerprint: string, seed: string, from: number, to: number): EncodedBallot[] {
  const out: EncodedBallot[] = [];
  for (let i = from; i < to; i++) {
    const c = chooseTestBallot(manifest, seed, i);
    const ctx: BallotContext = { publicKey, manifestFingerprint: fingerprint, urn: manifest.urns[c.urnIndex]! };
    const b = encryptBallot(ctx, c.marks);
    if (!b.ok) throw new Error(b.error.message);
    out.push(b.value);
  }
  return out;
}

export function encryptTestBallotLines(manifest: ElectionManifest, publicKey: Point, fingerprint: string, seed: string, from: number, to: number): string[] {
  return encryptTestBallots(manifest, publicKey, fingerprint, seed, from, to).map(ballotLine);
}
