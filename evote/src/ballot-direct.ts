// A ballot's proofs checked one equation at a time on a GroupBackend (group-backend.ts), without batching:
// libsodium has no multi-scalar multiplication, and its single operations are fast enough that a batch
// would save only the multiplications by G. Same checks, same order and same French reasons as the batched
// noble path (ballot.ts, addBallotToBatch), so that the two paths can be compared ballot by ballot.
import { decodeScalar, mod, type HashPart } from './group.js';
import { fromBase64Url } from './encoding.js';
import { membershipChallengeHolds } from './proofs.js';
import { BIT, range, choiceTranscript, blankTranscript, sumTranscript } from './ballot.js';
import { bytesEqual, type GroupBackend } from './group-backend.js';
import type { EncodedBallot, EncodedDisjunctiveProof, UrnDefinition } from './schemas.js';
import { type Result, ok, err } from '@scrutin/basics/result.js';

export type RawCiphertext = { a: Uint8Array; b: Uint8Array };
export type RawBallot = { choices: RawCiphertext[]; blank: RawCiphertext };
/** `publicKey`: the election key's 32-byte encoding. */
export type DirectContext = { publicKey: Uint8Array; manifestFingerprint: string; urn: UrnDefinition };

export const INVALID_EQUATION = 'preuve invalide (équation de groupe fausse)';

/**
 * Checks one ballot: encodings, Fiat–Shamir challenges, then for each branch j of each disjunctive proof,
 * z_j·G = A_j + c_j·a and z_j·Y = B_j + c_j·(b − v_j·G). Returns the ciphertexts as bytes (for the sums),
 * or the French reason of the rejection.
 */
export function checkBallotDirect(group: GroupBackend, ctx: DirectContext, ballot: EncodedBallot): Result<RawBallot, string> {
  const element = (text: string): Uint8Array => {
    const bytes = fromBase64Url(text);
    if (!group.isValid(bytes)) throw new Error('élément de groupe invalide');
    return bytes;
  };
  try {
    const n = ctx.urn.candidates.length;
    const seats = ctx.urn.seats;
    if (ballot.urnId !== ctx.urn.id) return err('bulletin d’une autre urne');
    if (ballot.choices.length !== n || ballot.choiceProofs.length !== n) return err('nombre de chiffrés différent du nombre de candidats');
    const choices = ballot.choices.map((c) => ({ a: element(c.a), b: element(c.b) }));
    const blank = { a: element(ballot.blank.a), b: element(ballot.blank.b) };
    const G = group.multiplyBase(1n);

    let equationsHold = true;
    const check = (p: EncodedDisjunctiveProof, values: number[], transcript: HashPart[], ct: RawCiphertext, what: string): string | null => {
      const k = values.length;
      if (p.A.length !== k || p.B.length !== k || p.c.length !== k || p.z.length !== k) return `${what} : preuve de longueur incorrecte`;
      const A = p.A.map(element);
      const B = p.B.map(element);
      const c = p.c.map(decodeScalar);
      const z = p.z.map(decodeScalar);
      if (!membershipChallengeHolds({ A: [], B: [], c, z }, transcript, A, B)) return `${what} : défi Fiat-Shamir incorrect`;
      // Group equations last, as the batched path sees them after every challenge: the first failing
      // challenge is the reason given even if an equation fails earlier in the ballot.
      if (!equationsHold) return null;
      for (let j = 0; j < k && equationsHold; j++) {
        const v = values[j]!;
        const shifted = v === 0 ? ct.b : v === 1 ? group.subtract(ct.b, G) : group.subtract(ct.b, group.multiplyBase(BigInt(v)));
        equationsHold =
          bytesEqual(group.multiplyBase(z[j]!), group.add(A[j]!, group.multiply(c[j]!, ct.a))) &&
          bytesEqual(group.multiply(z[j]!, ctx.publicKey), group.add(B[j]!, group.multiply(c[j]!, shifted)));
      }
      return null;
    };
    for (let i = 0; i < n; i++) {
      const problem = check(ballot.choiceProofs[i]!, BIT, choiceTranscript(ctx, i, choices[i]!), choices[i]!, `preuve 0/1 du candidat ${i + 1}`);
      if (problem) return err(problem);
    }
    const blankProblem = check(ballot.blankProof, BIT, blankTranscript(ctx, blank), blank, 'preuve 0/1 du vote blanc');
    if (blankProblem) return err(blankProblem);
    // Σ choices + seats·blank, the ciphertext of the number of marks (blank counts as `seats`).
    let sum = { a: group.multiply(mod(BigInt(seats)), blank.a), b: group.multiply(mod(BigInt(seats)), blank.b) };
    for (const c of choices) sum = { a: group.add(sum.a, c.a), b: group.add(sum.b, c.b) };
    const allBytes = [...choices, blank].flatMap((c) => [c.a, c.b]);
    const sumProblem = check(ballot.sumProof, range(1, seats), sumTranscript(ctx, allBytes), sum, 'preuve du nombre de cases cochées');
    if (sumProblem) return err(sumProblem);
    return equationsHold ? ok({ choices, blank }) : err(INVALID_EQUATION);
  } catch (e) {
    return err(`bulletin mal formé (${(e as Error).message})`);
  }
}
