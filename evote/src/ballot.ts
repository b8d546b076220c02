// One encrypted ballot per urn (contest × category): a ciphertext per candidate, plus a blank counter.
// Proofs: each value is 0 or 1, and Σ candidates + seats·blank ∈ {1..seats}. So a ballot is either blank
// (no mark, blank = 1) or marks 1..seats candidates (blank = 0), and electronic blanks can be counted for the PV.
import { type Ciphertext, encrypt, addCiphertexts, scaleCiphertext, sumCiphertexts } from './elgamal.js';
import { Point, mod, randomScalar, withTable, encodeScalar, decodeScalar, type HashPart } from './group.js';
import { fromBase64Url, toBase64Url } from './encoding.js';
import { proveMembership, type ProvedMembership, membershipChallengeHolds, addMembershipEquations, type DisjunctiveProof, type LinearCiphertext, type RandomBytes } from './proofs.js';
import type { BatchVerifier } from './batch.js';
import type { EncodedBallot, EncodedDisjunctiveProof, UrnDefinition } from './schemas.js';
import { type Result, ok, err } from '@scrutin/basics/result.js';

export type BallotContext = { publicKey: Point; manifestFingerprint: string; urn: UrnDefinition };
/** What the Fiat–Shamir transcripts bind, whatever the group library. */
type TranscriptContext = Pick<BallotContext, 'manifestFingerprint' | 'urn'>;

export const BIT = [0, 1];

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function encodeProof(p: ProvedMembership): EncodedDisjunctiveProof {
  return { A: p.bytesA.map(toBase64Url), B: p.bytesB.map(toBase64Url), c: p.c.map(encodeScalar), z: p.z.map(encodeScalar) };
}

export function choiceTranscript(ctx: TranscriptContext, index: number, ct: { a: HashPart; b: HashPart }): HashPart[] {
  return [ctx.manifestFingerprint, ctx.urn.id, 'choice', String(index), ct.a, ct.b];
}

export function blankTranscript(ctx: TranscriptContext, ct: { a: HashPart; b: HashPart }): HashPart[] {
  return [ctx.manifestFingerprint, ctx.urn.id, 'blank', ct.a, ct.b];
}

export function sumTranscript(ctx: TranscriptContext, parts: HashPart[]): HashPart[] {
  return [ctx.manifestFingerprint, ctx.urn.id, 'sum', ...parts];
}

export type BallotError = { code: 'TOO_MANY_MARKS' | 'UNKNOWN_CANDIDATE' | 'DUPLICATE_MARK'; message: string };

/** Encrypts the marked candidates (indexes in manifest order; none = blank ballot). */
export function encryptBallot(ctx: BallotContext, marks: number[], random?: RandomBytes): Result<EncodedBallot, BallotError> {
  const n = ctx.urn.candidates.length;
  if (new Set(marks).size !== marks.length) return err({ code: 'DUPLICATE_MARK', message: 'Candidat coché deux fois.' });
  if (marks.some((m) => !Number.isInteger(m) || m < 0 || m >= n))
    return err({ code: 'UNKNOWN_CANDIDATE', message: 'Candidat inconnu dans cette urne.' });
  if (marks.length > ctx.urn.seats)
    return err({ code: 'TOO_MANY_MARKS', message: `Au plus ${ctx.urn.seats} candidat(s) peuvent être cochés.` });
  return ok(encryptValues(ctx, range(0, n - 1).map((i) => (marks.includes(i) ? 1 : 0)), marks.length === 0 ? 1 : 0, random));
}

/**
 * Encrypts raw values without checking them: the honest path goes through `encryptBallot`; tests use this
 * to build the invalid ballots a dishonest platform could insert, with the best proofs it could make.
 */
export function encryptValues(ctx: BallotContext, values: number[], blankValue: number, random?: RandomBytes): EncodedBallot {
  const seats = ctx.urn.seats;
  const publicKey = withTable(ctx.publicKey);
  const randomness = values.map(() => randomScalar(random));
  const blankRandomness = randomScalar(random);
  const choices = values.map((m, i) => encrypt(publicKey, m, randomness[i]!));
  const blank = encrypt(publicKey, blankValue, blankRandomness);
  // Each point is serialised once: encoding costs as much as half a scalar multiplication here.
  const bytes = (c: Ciphertext) => ({ a: c.a.toBytes(), b: c.b.toBytes() });
  const choiceBytes = choices.map(bytes);
  const blankBytes = bytes(blank);
  const text = (c: { a: Uint8Array; b: Uint8Array }) => ({ a: toBase64Url(c.a), b: toBase64Url(c.b) });
  const encodedChoices = choiceBytes.map(text);
  const encodedBlank = text(blankBytes);
  const choiceProofs = choices.map((ct, i) =>
    proveOrForge(publicKey, ct, values[i]!, randomness[i]!, BIT, choiceTranscript(ctx, i, choiceBytes[i]!), random),
  );
  const blankProof = proveOrForge(publicKey, blank, blankValue, blankRandomness, BIT, blankTranscript(ctx, blankBytes), random);
  const sum = addCiphertexts(sumCiphertexts(choices), scaleCiphertext(blank, seats));
  const sumValue = values.reduce((s, v) => s + v, 0) + seats * blankValue;
  const sumRandomness = mod(randomness.reduce((s, r) => s + r, 0n) + BigInt(seats) * blankRandomness);
  const allBytes = [...choiceBytes, blankBytes].flatMap((c) => [c.a, c.b]);
  const sumProof = proveOrForge(publicKey, sum, sumValue, sumRandomness, range(1, seats), sumTranscript(ctx, allBytes), random);
  return {
    urnId: ctx.urn.id,
    choices: encodedChoices,
    blank: encodedBlank,
    choiceProofs: choiceProofs.map(encodeProof),
    blankProof: encodeProof(blankProof),
    sumProof: encodeProof(sumProof),
  };
}

function proveOrForge(y: Point, ct: Ciphertext, m: number, r: bigint, values: number[], transcript: HashPart[], random?: RandomBytes): ProvedMembership {
  const draw = () => randomScalar(random);
  if (values.includes(m)) return proveMembership(y, ct, m, r, values, transcript, draw);
  // A value outside the set: claim the first value; the challenges cannot add up, which the verifier sees.
  const forged = proveMembership(y, ct, values[0]!, r, values, transcript, draw);
  return forged;
}

export type DecodedBallot = { choices: Ciphertext[]; blank: Ciphertext };

type DecodedProof = { proof: DisjunctiveProof; bytesA: Uint8Array[]; bytesB: Uint8Array[] };

/** The same French reason as the libsodium path (ballot-direct.ts) gives, whatever noble's own message. */
function decodeElement(bytes: Uint8Array): Point {
  try {
    return Point.fromBytes(bytes);
  } catch {
    throw new Error('élément de groupe invalide');
  }
}

function decodeProof(p: EncodedDisjunctiveProof, branches: number): DecodedProof | string {
  if (p.A.length !== branches || p.B.length !== branches || p.c.length !== branches || p.z.length !== branches)
    return 'preuve de longueur incorrecte';
  const bytesA = p.A.map(fromBase64Url);
  const bytesB = p.B.map(fromBase64Url);
  return {
    proof: { A: bytesA.map(decodeElement), B: bytesB.map(decodeElement), c: p.c.map(decodeScalar), z: p.z.map(decodeScalar) },
    bytesA,
    bytesB,
  };
}

/**
 * Decodes one ballot, checks its Fiat–Shamir challenges and adds its group equations to `batch`.
 * Returns the decoded ciphertexts (for aggregation) or the French reason of a rejection.
 */
export function addBallotToBatch(batch: BatchVerifier, ctx: BallotContext, ballot: EncodedBallot): Result<DecodedBallot, string> {
  try {
    const n = ctx.urn.candidates.length;
    const seats = ctx.urn.seats;
    if (ballot.urnId !== ctx.urn.id) return err('bulletin d’une autre urne');
    if (ballot.choices.length !== n || ballot.choiceProofs.length !== n) return err('nombre de chiffrés différent du nombre de candidats');
    const rawChoices = ballot.choices.map((c) => ({ a: fromBase64Url(c.a), b: fromBase64Url(c.b) }));
    const rawBlank = { a: fromBase64Url(ballot.blank.a), b: fromBase64Url(ballot.blank.b) };
    const choices = rawChoices.map((c) => ({ a: decodeElement(c.a), b: decodeElement(c.b) }));
    const blank = { a: decodeElement(rawBlank.a), b: decodeElement(rawBlank.b) };
    const choiceSlots = choices.map((c) => ({ slotA: batch.slot(c.a), slotB: batch.slot(c.b) }));
    const blankSlots = { slotA: batch.slot(blank.a), slotB: batch.slot(blank.b) };

    const check = (p: EncodedDisjunctiveProof, values: number[], transcript: HashPart[], linear: LinearCiphertext, what: string): string | null => {
      const decoded = decodeProof(p, values.length);
      if (typeof decoded === 'string') return `${what} : ${decoded}`;
      if (!membershipChallengeHolds(decoded.proof, transcript, decoded.bytesA, decoded.bytesB)) return `${what} : défi Fiat-Shamir incorrect`;
      const slotsA = decoded.proof.A.map((pt) => batch.slot(pt));
      const slotsB = decoded.proof.B.map((pt) => batch.slot(pt));
      addMembershipEquations(batch, ctx.publicKey, linear, values, decoded.proof, slotsA, slotsB);
      return null;
    };
    for (let i = 0; i < n; i++) {
      const problem = check(ballot.choiceProofs[i]!, BIT, choiceTranscript(ctx, i, rawChoices[i]!), [{ ...choiceSlots[i]!, k: 1n }], `preuve 0/1 du candidat ${i + 1}`);
      if (problem) return err(problem);
    }
    const blankProblem = check(ballot.blankProof, BIT, blankTranscript(ctx, rawBlank), [{ ...blankSlots, k: 1n }], 'preuve 0/1 du vote blanc');
    if (blankProblem) return err(blankProblem);
    const allBytes = [...rawChoices, rawBlank].flatMap((c) => [c.a, c.b]);
    const sumLinear: LinearCiphertext = [...choiceSlots.map((s) => ({ ...s, k: 1n })), { ...blankSlots, k: BigInt(seats) }];
    const sumProblem = check(ballot.sumProof, range(1, seats), sumTranscript(ctx, allBytes), sumLinear, 'preuve du nombre de cases cochées');
    if (sumProblem) return err(sumProblem);
    return ok({ choices, blank });
  } catch (e) {
    return err(`bulletin mal formé (${(e as Error).message})`);
  }
}
