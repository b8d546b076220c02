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

export const UrnDefinitionSchema = z.strictObject({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'identifiant d’urne invalide'),
  label: z.string().min(1),
  seats: z.number().int().min(1).max(64),
  candidates: z.array(z.string().min(1)).min(1).max(256),
});
export type UrnDefinition = z.infer<typeof UrnDefinitionSchema>;

export const ElectionManifestSchema = z
  .object({ electionCode: z.string().min(1).max(64), urns: z.array(UrnDefinitionSchema).min(1) })
  .refine((m) => new Set(m.urns.map((u) => u.id)).size === m.urns.length, 'identifiants d’urne en double');
export type ElectionManifest = z.infer<typeof ElectionManifestSchema>;

export const ElectionKeySchema = z.strictObject({
  format: z.literal('scrutin-election-key/1'),
  electionCode: z.string().min(1),
  ceremonyId: z.string().min(1),
  threshold: z.literal(2),
  holders: z.literal(3),
  publicKey: PointText,
  verificationKeys: z.array(PointText).length(3),
  commitments: z.array(z.array(PointText).length(2)).length(3),
  keyFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ElectionKey = z.infer<typeof ElectionKeySchema>;

export const EncodedCiphertextSchema = z.strictObject({ a: PointText, b: PointText });

export const DisjunctiveProofSchema = z.strictObject({
  A: z.array(PointText),
  B: z.array(PointText),
  c: z.array(ScalarText),
  z: z.array(ScalarText),
});
export type EncodedDisjunctiveProof = z.infer<typeof DisjunctiveProofSchema>;

export const EncodedBallotSchema = z.strictObject({
  urnId: z.string().min(1),
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
  manifestFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  platformPublicKey: PointText,
});
export type UrnHeader = z.infer<typeof UrnHeaderSchema>;

export const UrnSealSchema = z.strictObject({
  kind: z.literal('seal'),
  ballotCount: z.number().int().min(0),
  perUrn: z.record(z.string(), z.number().int().min(0)),
  merkleRoot: z.string().regex(/^[0-9a-f]{64}$/),
  closedAt: z.string().datetime(),
  // The platform's batch chain (docs/formats/urn.md, « Chaîne des lots »): each batch's ballot hashes
  // sorted, in batch order, and the last head. Absent from urns sealed without batches (older platforms,
  // test urns): then no receipt can be checked against the urn.
  chain: z
    .strictObject({ head: z.string().regex(/^[0-9a-f]{64}$/), batches: z.array(z.array(z.string().regex(/^[0-9a-f]{64}$/))) })
    .optional(),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'signature Ed25519 attendue'),
});
export type UrnSeal = z.infer<typeof UrnSealSchema>;

export const EqualityProofSchema = z.strictObject({ t1: PointText, t2: PointText, z: ScalarText });

export const PartialDecryptionSchema = z.strictObject({
  format: z.literal('scrutin-partial-decryption/1'),
  holder: z.number().int().min(1).max(3),
  electionCode: z.string(),
  manifestFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  merkleRoot: z.string().regex(/^[0-9a-f]{64}$/),
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
  manifestFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  merkleRoot: z.string().regex(/^[0-9a-f]{64}$/),
  ballotCount: z.number().int().min(0),
  holders: z.array(z.number().int().min(1).max(3)).length(2),
  urns: z.array(UrnTallySchema),
  partialDecryptions: z.array(PartialDecryptionSchema).length(2),
});
export type ElectronicTally = z.infer<typeof ElectronicTallySchema>;
