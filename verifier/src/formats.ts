// The public files' strict shapes (docs/formats/urn.md §1.6, docs/formats/platform.md « Receipt ») and the
// decoding of points and scalars (§1.1).
import { isPoint, littleEndian, ORDER, type Point } from './group.js';
import {
  array, base64url43, hex64, id32, instant, integer, literal, name, nonIdentityPoint, nullable, object, optional, pointText, record, scalarText, text,
  type Schema,
} from './schema.js';

const electionCode = text(1, 64);
const holder = integer(1, 3);

export const ManifestSchema = object({
  electionCode,
  urns: array(object({ id: text(1, 64, /^[A-Za-z0-9._-]+$/, 'identifiant [A-Za-z0-9._-]'), label: name, seats: integer(1, 64), candidates: array(name, 1, 256) }), 1),
});

export const ElectionKeySchema = object({
  format: literal('scrutin-election-key/1'),
  electionCode,
  ceremonyId: id32,
  threshold: literal(2),
  holders: literal(3),
  publicKey: nonIdentityPoint,
  verificationKeys: array(nonIdentityPoint, 3, 3),
  commitments: array(array(nonIdentityPoint, 2, 2), 3, 3),
  keyFingerprint: hex64,
});
export type ElectionKey = NonNullable<ReturnType<typeof ElectionKeySchema>>;

export const CeremonySchema = object({ format: literal('scrutin-ceremony/1'), ceremonyId: id32, electionCode, threshold: literal(2), holders: literal(3), openedAt: instant });
export const RegistrationSchema = object({ format: literal('scrutin-ceremony-registration/1'), ceremonyId: id32, holder, name, transportPublicKey: base64url43 });
const subShare = object({
  to: holder,
  ephemeralPublicKey: base64url43,
  nonce: text(32, 32, /^[A-Za-z0-9_-]*$/, 'base64url'),
  ciphertext: text(64, 64, /^[A-Za-z0-9_-]*$/, 'base64url'),
});
export const ContributionSchema = object({
  format: literal('scrutin-ceremony-contribution/1'),
  ceremonyId: id32,
  holder,
  commitments: array(nonIdentityPoint, 2, 2),
  proofs: array(object({ t: nonIdentityPoint, z: scalarText }), 2, 2),
  subShares: array(subShare, 3, 3),
});
export type Contribution = NonNullable<ReturnType<typeof ContributionSchema>>;
export const FinalizationSchema = object({
  format: literal('scrutin-ceremony-finalization/1'),
  ceremonyId: id32,
  holder,
  contributionHashes: array(hex64, 3, 3),
  verificationKey: nonIdentityPoint,
  publicKey: nonIdentityPoint,
});

export const HeaderSchema = object({
  kind: literal('header'),
  format: literal('scrutin-urn/1'),
  manifest: ManifestSchema,
  electionKey: ElectionKeySchema,
  manifestFingerprint: hex64,
  platformPublicKey: base64url43,
});
export type Header = NonNullable<ReturnType<typeof HeaderSchema>>;

const ciphertext = object({ a: nonIdentityPoint, b: nonIdentityPoint });
const proof = object({ A: array(nonIdentityPoint), B: array(nonIdentityPoint), c: array(scalarText), z: array(scalarText) });
export type ProofText = NonNullable<ReturnType<typeof proof>>;
export const BallotSchema = object({
  kind: literal('ballot'),
  urnId: text(1, 64),
  choices: array(ciphertext),
  blank: ciphertext,
  choiceProofs: array(proof),
  blankProof: proof,
  sumProof: proof,
});
export type BallotText = NonNullable<ReturnType<typeof BallotSchema>>;

export const SealSchema = object({
  kind: literal('seal'),
  ballotCount: integer(0),
  perUrn: record(integer(0)),
  merkleRoot: hex64,
  closedAt: instant,
  chain: optional(object({ head: hex64, batches: array(array(hex64)) })),
  signature: text(86, 86, /^[A-Za-z0-9_-]*$/, 'base64url'),
});
export type Seal = NonNullable<ReturnType<typeof SealSchema>>;

export const PartialDecryptionSchema = object({
  format: literal('scrutin-partial-decryption/1'),
  holder,
  electionCode: text(),
  manifestFingerprint: hex64,
  merkleRoot: hex64,
  urns: array(object({ urnId: text(), shares: array(object({ value: pointText, proof: object({ t1: nonIdentityPoint, t2: pointText, z: scalarText }) })) })),
});
export type PartialDecryption = NonNullable<ReturnType<typeof PartialDecryptionSchema>>;

export const TallySchema = object({
  format: literal('scrutin-electronic-tally/1'),
  electionCode: text(),
  manifestFingerprint: hex64,
  merkleRoot: hex64,
  ballotCount: integer(0),
  holders: array(holder, 2, 2),
  urns: array(object({ urnId: text(), ballots: integer(0), blank: integer(0), votes: array(integer(0)) })),
  partialDecryptions: array(PartialDecryptionSchema, 2, 2),
});
export type Tally = NonNullable<ReturnType<typeof TallySchema>>;
export type UrnResult = Tally['urns'][number];

/** docs/formats/platform.md « Receipt »: a voter's receipt, signed by the platform (signature in hex). */
export const ReceiptSchema = object({
  format: literal('scrutin-recu-vote/2'),
  electionCode: text(1),
  ballots: array(object({ urnId: text(1, 64), fingerprint: hex64 }), 1),
  batch: integer(1),
  batchHead: hex64,
  recordedAt: instant,
  platformKeyFingerprint: hex64,
  signature: text(128, 128, /^[0-9a-f]{128}$/, 'hexadécimal minuscule'),
});
export type Receipt = NonNullable<ReturnType<typeof ReceiptSchema>>;

/** Journal entries' fields that every line has (§2.6); the step fields depend on the action. */
export const journalStepFields: Record<string, Record<string, Schema<unknown>>> = {
  open: { electionCode, ceremonyId: id32, file: hex64 },
  register: { holder: integer(), name: text(), file: hex64 },
  contribute: { holder: integer(), commitments: array(pointText), file: hex64 },
  complaint: { holder: integer(), reason: text() },
  finalize: { holder: integer(), verificationKey: pointText, file: hex64 },
  publish: { publicKey: pointText, keyFingerprint: hex64, manifestFingerprint: nullable(hex64), file: hex64 },
};
export const journalCommonFields = { seq: integer(1), at: instant, action: text(), previous: text(), hash: hex64 };

/**
 * Bytes of a base64url text (§1.1), or null when it is not the one spelling of its bytes (characters
 * outside the alphabet, `=`, or non-zero unused low bits: two texts must not decode to the same bytes).
 */
export function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  const bytes = Buffer.from(s, 'base64url');
  return bytes.toString('base64url') === s ? new Uint8Array(bytes) : null;
}

/** A group element from its base64url text: null unless canonical base64url of a canonical encoding. */
export function decodePoint(s: string): Point | null {
  const bytes = fromBase64Url(s);
  return bytes && bytes.length === 32 && isPoint(bytes) ? bytes : null;
}

/** A scalar from its base64url text: null unless 32 bytes whose little-endian value is < ℓ (never reduced). */
export function decodeScalar(s: string): bigint | null {
  const bytes = fromBase64Url(s);
  if (!bytes || bytes.length !== 32) return null;
  const k = littleEndian(bytes);
  return k < ORDER ? k : null;
}

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
