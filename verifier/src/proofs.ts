// Ballot proofs of docs/formats/urn.md §4.2, checked directly, equation by equation, on libsodium.
import { add, equal, multiply, multiplyBase, subtract, type Point } from './group.js';

/** A decoded disjunctive Chaum–Pedersen proof: branch j is `A[j], B[j], c[j], z[j]`. */
export type Proof = { A: Point[]; B: Point[]; c: bigint[]; z: bigint[] };

/**
 * The group equations of one proof for ciphertext (a, b) and values v_j under key Y:
 * z_j·G = A_j + c_j·a and z_j·Y = B_j + c_j·(b − v_j·G) for every branch j. (The challenge sum is checked
 * by the caller, which also words the reason.) Combining branches with random weights would save one
 * multiplication in eight here, libsodium having no multi-scalar multiplication: not worth the clarity lost.
 */
export function proofEquationsHold(proof: Proof, a: Point, b: Point, values: number[], Y: Point): boolean {
  return values.every((v, j) => {
    const c = proof.c[j]!;
    const z = proof.z[j]!;
    if (!equal(multiplyBase(z), add(proof.A[j]!, multiply(a, c)))) return false;
    return equal(multiply(Y, z), add(proof.B[j]!, multiply(subtract(b, multiplyBase(BigInt(v))), c)));
  });
}
