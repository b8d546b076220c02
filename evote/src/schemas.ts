// zod schemas for every file evote reads; the inside of the library trusts the parsed types.
// Every object is strict: a signed or hashed file must have exactly one accepted serialisation, so a field
// the schema does not know is refused rather than silently dropped (a ballot line with an extra field
// would hash differently, pass every proof and be counted twice — issue 13).
import { z } from 'zod';

/**
 * French reason for the first problem zod found, naming the field by its dotted path (« choices.0 »).
 * Unknown fields are worded here rather than by zod's locale: worker threads and browsers may not have it.
 */
export function schemaProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'contenu invalide';
  const where = issue.path.length > 0 ? ` dans « ${issue.path.join('.')} »` : '';
  if (issue.code === 'unrecognized_keys') {
    const plural = issue.keys.length > 1 ? 's' : '';
    return `champ${plural} inconnu${plural} ${issue.keys.map((k) => `« ${k} »`).join(', ')}${where}`;
  }
  return issue.path.length > 0 ? `champ « ${issue.path.join('.')} » : ${issue.message}` : issue.message;
}

const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url attendu');
export const PointText = b64.length(43);
export const ScalarText = b64.length(43);
/** The identity of ristretto255 as a file writes it: 32 zero bytes in base64url. */
export const IDENTITY_TEXT = 'A'.repeat(43);
/**
 * A point an honest file never has as the identity: a ciphertext's a = r·G with r = 0 would publish the vote
 * in clear (b = m·G), and a commitment or key equal to the identity has a known logarithm (docs/formats/urn.md
 * §1.1). Compared as text: the encoding is canonical, so the identity has only this spelling.
 */
export const NonIdentityPointText = PointText.refine((t) => t !== IDENTITY_TEXT, 'élément neutre refusé (un fichier honnête ne le contient jamais ici)');
/** 64 lowercase hex characters: a SHA-256 digest (fingerprints, Merkle root, hashes). */
export const HexDigest = z.string().regex(/^[0-9a-f]{64}$/, 'empreinte hexadécimale de 64 caractères attendue');
/** What `Date.prototype.toISOString` writes: UTC, `Z`, exactly three decimals (2026-11-19T18:00:00.000Z). */
export const IsoInstant = z.iso.datetime({ precision: 3 });
/** Longest label, candidate name and holder name, in UTF-16 code units (JavaScript `length`). */
export const MAX_NAME_LENGTH = 200;

export const UrnDefinitionSchema = z.strictObject({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'identifiant d’urne invalide'),
  label: z.string().min(1).max(MAX_NAME_LENGTH),
  seats: z.number().int().min(1).max(64),
  candidates: z.array(z.string().min(1).max(MAX_NAME_LENGTH)).min(1).max(256),
});
export type UrnDefinition = z.infer<typeof UrnDefinitionSchema>;

// Strict at the top level too: a manifest.json read alone (ceremony publish, urn build) must not lose a field.
export const ElectionManifestSchema = z
  .strictObject({ electionCode: z.string().min(1).max(64), urns: z.array(UrnDefinitionSchema).min(1) })
  .refine((m) => new Set(m.urns.map((u) => u.id)).size === m.urns.length, 'identifiants d’urne en double');
export type ElectionManifest = z.infer<typeof ElectionManifestSchema>;

export const ElectionKeySchema = z.strictObject({
  format: z.literal('scrutin-election-key/1'),
  electionCode: z.string().min(1).max(64),
  ceremonyId: z.string().regex(/^[0-9a-f]{32}$/),
  threshold: z.literal(2),
  holders: z.literal(3),
  publicKey: NonIdentityPointText,
  verificationKeys: z.array(NonIdentityPointText).length(3),
  commitments: z.array(z.array(NonIdentityPointText).length(2)).length(3),
  keyFingerprint: HexDigest,
});
export type ElectionKey = z.infer<typeof ElectionKeySchema>;

export const EncodedCiphertextSchema = z.strictObject({ a: NonIdentityPointText, b: NonIdentityPointText });

export const DisjunctiveProofSchema = z.strictObject({
  A: z.array(NonIdentityPointText),
  B: z.array(NonIdentityPointText),
  c: z.array(ScalarText),
  z: z.array(ScalarText),
});
export type EncodedDisjunctiveProof = z.infer<typeof DisjunctiveProofSchema>;

export const EncodedBallotSchema = z.strictObject({
  urnId: z.string().min(1).max(64),
  choices: z.array(EncodedCiphertextSchema),
  blank: EncodedCiphertextSchema,
  choiceProofs: z.array(DisjunctiveProofSchema),
  blankProof: DisjunctiveProofSchema,
  sumProof: DisjunctiveProofSchema,
});
export type EncodedBallot = z.infer<typeof EncodedBallotSchema>;

/** A ballot line of the urn file: the ballot with `kind: "ballot"` (docs/formats/urn.md). */
export const BallotLineSchema = z.strictObject({ kind: z.literal('ballot'), ...EncodedBallotSchema.shape });

export const UrnHeaderSchema = z.strictObject({
  kind: z.literal('header'),
  format: z.literal('scrutin-urn/1'),
  manifest: ElectionManifestSchema,
  electionKey: ElectionKeySchema,
  manifestFingerprint: HexDigest,
  platformPublicKey: PointText,
});
export type UrnHeader = z.infer<typeof UrnHeaderSchema>;

export const UrnSealSchema = z.strictObject({
  kind: z.literal('seal'),
  ballotCount: z.number().int().min(0),
  perUrn: z.record(z.string(), z.number().int().min(0)),
  merkleRoot: HexDigest,
  closedAt: IsoInstant,
  // The platform's batch chain (docs/formats/urn.md, « Chaîne des lots »): each batch's ballot hashes
  // sorted, in batch order, and the last head. Absent from urns sealed without batches (older platforms,
  // test urns): then no receipt can be checked against the urn.
  chain: z
    .strictObject({ head: HexDigest, batches: z.array(z.array(HexDigest)) })
    .optional(),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'signature Ed25519 attendue'),
});
export type UrnSeal = z.infer<typeof UrnSealSchema>;

// t1 = w·G is never the identity; t2 = w·A is, exactly when the aggregate A is (an empty urn, §5.4).
export const EqualityProofSchema = z.strictObject({ t1: NonIdentityPointText, t2: PointText, z: ScalarText });

export const PartialDecryptionSchema = z.strictObject({
  format: z.literal('scrutin-partial-decryption/1'),
  holder: z.number().int().min(1).max(3),
  electionCode: z.string(),
  manifestFingerprint: HexDigest,
  merkleRoot: HexDigest,
  urns: z.array(
    z.strictObject({
      urnId: z.string(),
      // One per candidate in manifest order, then the blank counter.
      shares: z.array(z.strictObject({ value: PointText, proof: EqualityProofSchema })),
    }),
  ),
});
export type PartialDecryption = z.infer<typeof PartialDecryptionSchema>;

export const UrnTallySchema = z.strictObject({
  urnId: z.string(),
  ballots: z.number().int().min(0),
  blank: z.number().int().min(0),
  votes: z.array(z.number().int().min(0)),
});
export type UrnTally = z.infer<typeof UrnTallySchema>;

export const ElectronicTallySchema = z.strictObject({
  format: z.literal('scrutin-electronic-tally/1'),
  electionCode: z.string(),
  manifestFingerprint: HexDigest,
  merkleRoot: HexDigest,
  ballotCount: z.number().int().min(0),
  holders: z.array(z.number().int().min(1).max(3)).length(2),
  urns: z.array(UrnTallySchema),
  partialDecryptions: z.array(PartialDecryptionSchema).length(2),
});
export type ElectronicTally = z.infer<typeof ElectronicTallySchema>;
