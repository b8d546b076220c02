// Pedersen distributed key generation with Feldman commitments, 2-of-3. Each holder draws its own degree-1
// polynomial f_i in its own process and sends f_i(j) to holder j encrypted to j's transport key; holder j's
// share is s_j = Σ_i f_i(j). The election secret Σ_i f_i(0) is never computed anywhere (art. 12).
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { z } from 'zod';
import { G, Point, mod, randomScalar, encodePoint, decodePoint, encodeScalar, decodeScalar, scalarToBytes, taggedHashHex, DOMAIN } from './group.js';
import { fromBase64Url, toBase64Url } from './encoding.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { proveKnowledge, verifyKnowledge, type RandomBytes } from './proofs.js';
import { HexDigest, IsoInstant, MAX_NAME_LENGTH, NonIdentityPointText, PointText, ScalarText, type ElectionKey } from './schemas.js';
import { type Result, ok, err } from '@scrutin/basics/result.js';

export const HOLDERS = [1, 2, 3] as const;
export const THRESHOLD = 2;

/** 16 random bytes in lowercase hex. */
const CeremonyId = z.string().regex(/^[0-9a-f]{32}$/, 'identifiant de cérémonie de 32 caractères hexadécimaux attendu');

export const CeremonySchema = z.strictObject({
  format: z.literal('scrutin-ceremony/1'),
  ceremonyId: CeremonyId,
  electionCode: z.string().min(1).max(64),
  threshold: z.literal(2),
  holders: z.literal(3),
  openedAt: IsoInstant,
});
export type Ceremony = z.infer<typeof CeremonySchema>;

export const RegistrationSchema = z.strictObject({
  format: z.literal('scrutin-ceremony-registration/1'),
  ceremonyId: CeremonyId,
  holder: z.number().int().min(1).max(3),
  name: z.string().min(1).max(MAX_NAME_LENGTH),
  transportPublicKey: PointText,
});
export type Registration = z.infer<typeof RegistrationSchema>;

// base64url of a 24-byte XChaCha20 nonce (32 characters) and of a 32-byte scalar plus its 16-byte tag (64).
const SubShareSchema = z.strictObject({
  to: z.number().int().min(1).max(3),
  ephemeralPublicKey: PointText,
  nonce: z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'nonce de 24 octets attendu'),
  ciphertext: z.string().regex(/^[A-Za-z0-9_-]{64}$/, 'chiffré de 48 octets attendu'),
});

export const ContributionSchema = z.strictObject({
  format: z.literal('scrutin-ceremony-contribution/1'),
  ceremonyId: CeremonyId,
  holder: z.number().int().min(1).max(3),
  commitments: z.array(NonIdentityPointText).length(2),
  // A Schnorr proof of knowledge of every coefficient, as ElectionGuard's guardians publish: without the
  // one for C_i0, a last contributor could choose C_30 = x·G − C_10 − C_20 and decrypt alone.
  proofs: z.array(z.strictObject({ t: NonIdentityPointText, z: ScalarText })).length(2),
  subShares: z.array(SubShareSchema).length(3),
});
export type Contribution = z.infer<typeof ContributionSchema>;

export const FinalizationSchema = z.strictObject({
  format: z.literal('scrutin-ceremony-finalization/1'),
  ceremonyId: CeremonyId,
  holder: z.number().int().min(1).max(3),
  contributionHashes: z.array(HexDigest).length(3),
  verificationKey: NonIdentityPointText,
  publicKey: NonIdentityPointText,
});
export type Finalization = z.infer<typeof FinalizationSchema>;

export function openCeremony(electionCode: string, openedAt: Date, random: RandomBytes = randomBytes): Ceremony {
  return {
    format: 'scrutin-ceremony/1',
    ceremonyId: toHex(random(16)),
    electionCode,
    threshold: 2,
    holders: 3,
    openedAt: openedAt.toISOString(),
  };
}

function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function newTransportKey(random: RandomBytes = randomBytes): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = random(32);
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

function subShareKey(shared: Uint8Array, ceremonyId: string, from: number, to: number): Uint8Array {
  return hkdf(sha256, shared, utf8ToBytes(ceremonyId), utf8ToBytes(`${DOMAIN}sub-share/${from}/${to}`), 32);
}

function subShareAad(ceremonyId: string, from: number, to: number, commitments: string[]): Uint8Array {
  return utf8ToBytes(canonicalJson({ ceremonyId, from, to, commitments }));
}

export function contributionHash(c: Contribution): string {
  return taggedHashHex('contribution', canonicalJson(c));
}

/** Holder `holder`'s round: a fresh polynomial, its commitments, and one encrypted sub-share per holder. */
export function createContribution(ceremony: Ceremony, holder: number, registrations: Registration[], random: RandomBytes = randomBytes): Result<Contribution, string> {
  const byHolder = new Map(registrations.filter((r) => r.ceremonyId === ceremony.ceremonyId).map((r) => [r.holder, r]));
  for (const h of HOLDERS) if (!byHolder.has(h)) return err(`Enregistrement du détenteur ${h} absent.`);
  const coefficients = [randomScalar(random), randomScalar(random)];
  const commitmentPoints = coefficients.map((c) => G.multiply(c));
  const commitments = commitmentPoints.map(encodePoint);
  const proofs = coefficients.map((c, k) => proveKnowledge(c, commitmentPoints[k]!, coefficientTranscript(ceremony.ceremonyId, holder, k), random));
  const subShares = HOLDERS.map((to) => {
    const value = mod(coefficients[0]! + coefficients[1]! * BigInt(to));
    const ephemeral = newTransportKey(random);
    const shared = x25519.getSharedSecret(ephemeral.secretKey, fromBase64Url(byHolder.get(to)!.transportPublicKey));
    const nonce = random(24);
    const key = subShareKey(shared, ceremony.ceremonyId, holder, to);
    const ciphertext = xchacha20poly1305(key, nonce, subShareAad(ceremony.ceremonyId, holder, to, commitments)).encrypt(scalarToBytes(value));
    key.fill(0);
    ephemeral.secretKey.fill(0);
    return { to, ephemeralPublicKey: toBase64Url(ephemeral.publicKey), nonce: toBase64Url(nonce), ciphertext: toBase64Url(ciphertext) };
  });
  coefficients.fill(0n);
  return ok({
    format: 'scrutin-ceremony-contribution/1',
    ceremonyId: ceremony.ceremonyId,
    holder,
    commitments,
    proofs: proofs.map((p) => ({ t: encodePoint(p.t), z: encodeScalar(p.z) })),
    subShares,
  });
}

/** The statement each coefficient's proof of knowledge is bound to: ceremony, holder, coefficient index. */
function coefficientTranscript(ceremonyId: string, holder: number, k: number): string[] {
  return [ceremonyId, String(holder), 'coefficient', String(k)];
}

/** C_i0 + x·C_i1: what f_i(x)·G must equal (Feldman). */
function committedValue(c: Contribution, x: number): Point {
  return decodePoint(c.commitments[0]!).add(decodePoint(c.commitments[1]!).multiplyUnsafe(BigInt(x)));
}

function checkContributions(ceremony: Ceremony, contributions: Contribution[]): Result<Contribution[], string> {
  const sorted: Contribution[] = [];
  for (const h of HOLDERS) {
    const c = contributions.find((x) => x.holder === h && x.ceremonyId === ceremony.ceremonyId);
    if (!c) return err(`Contribution du détenteur ${h} absente.`);
    try {
      for (let k = 0; k < c.commitments.length; k++) {
        const proof = { t: decodePoint(c.proofs[k]!.t), z: decodeScalar(c.proofs[k]!.z) };
        if (!verifyKnowledge(decodePoint(c.commitments[k]!), proof, coefficientTranscript(ceremony.ceremonyId, h, k)))
          return err(`La preuve de connaissance du détenteur ${h} pour son coefficient ${k} est invalide.`);
      }
    } catch {
      return err(`La contribution du détenteur ${h} est mal formée.`);
    }
    sorted.push(c);
  }
  return ok(sorted);
}

export function jointPublicKey(contributions: Contribution[]): Point {
  return contributions.reduce((acc, c) => acc.add(decodePoint(c.commitments[0]!)), Point.ZERO);
}

export function verificationKeyOf(contributions: Contribution[], holder: number): Point {
  return contributions.reduce((acc, c) => acc.add(committedValue(c, holder)), Point.ZERO);
}

export type FinalizedShare = { share: bigint; finalization: Finalization };

/** Holder `holder` opens its three sub-shares, checks each against its sender's commitments, sums them. */
export function finalizeHolder(ceremony: Ceremony, holder: number, transportSecretKey: Uint8Array, contributions: Contribution[]): Result<FinalizedShare, string> {
  const checked = checkContributions(ceremony, contributions);
  if (!checked.ok) return checked;
  let share = 0n;
  for (const c of checked.value) {
    const sub = c.subShares.find((s) => s.to === holder);
    if (!sub) return err(`Le détenteur ${c.holder} n’a pas adressé de part au détenteur ${holder}.`);
    let value: bigint;
    try {
      const shared = x25519.getSharedSecret(transportSecretKey, fromBase64Url(sub.ephemeralPublicKey));
      const key = subShareKey(shared, ceremony.ceremonyId, c.holder, holder);
      const plain = xchacha20poly1305(key, fromBase64Url(sub.nonce), subShareAad(ceremony.ceremonyId, c.holder, holder, c.commitments)).decrypt(fromBase64Url(sub.ciphertext));
      value = decodeScalar(toBase64Url(plain));
    } catch {
      return err(`La part envoyée par le détenteur ${c.holder} ne peut pas être déchiffrée : réclamation à consigner.`);
    }
    if (value === 0n || !G.multiply(value).equals(committedValue(c, holder)))
      return err(`La part envoyée par le détenteur ${c.holder} ne correspond pas à ses engagements publics : réclamation à consigner.`);
    share = mod(share + value);
  }
  const verificationKey = G.multiply(share);
  if (!verificationKey.equals(verificationKeyOf(checked.value, holder))) return err('Part finale incohérente avec les engagements.');
  return ok({
    share,
    finalization: {
      format: 'scrutin-ceremony-finalization/1',
      ceremonyId: ceremony.ceremonyId,
      holder,
      contributionHashes: checked.value.map(contributionHash),
      verificationKey: encodePoint(verificationKey),
      publicKey: encodePoint(jointPublicKey(checked.value)),
    },
  });
}

export function electionKeyFingerprint(k: Pick<ElectionKey, 'ceremonyId' | 'electionCode' | 'publicKey' | 'commitments'>): string {
  return taggedHashHex('election-key', canonicalJson({ ceremonyId: k.ceremonyId, electionCode: k.electionCode, publicKey: k.publicKey, commitments: k.commitments }));
}

/** Published only when all three holders have confirmed the same contributions and their own share. */
export function buildElectionKey(ceremony: Ceremony, contributions: Contribution[], finalizations: Finalization[]): Result<ElectionKey, string> {
  const checked = checkContributions(ceremony, contributions);
  if (!checked.ok) return checked;
  const hashes = checked.value.map(contributionHash);
  const publicKey = encodePoint(jointPublicKey(checked.value));
  for (const h of HOLDERS) {
    const f = finalizations.find((x) => x.holder === h && x.ceremonyId === ceremony.ceremonyId);
    if (!f) return err(`Le détenteur ${h} n’a pas confirmé sa part.`);
    if (canonicalJson(f.contributionHashes) !== canonicalJson(hashes)) return err(`Le détenteur ${h} a confirmé d’autres contributions.`);
    if (f.publicKey !== publicKey) return err(`Le détenteur ${h} a calculé une autre clé publique.`);
    if (f.verificationKey !== encodePoint(verificationKeyOf(checked.value, h))) return err(`La clé de vérification du détenteur ${h} est incohérente.`);
  }
  const base = {
    ceremonyId: ceremony.ceremonyId,
    electionCode: ceremony.electionCode,
    publicKey,
    commitments: checked.value.map((c) => c.commitments),
  };
  return ok({
    format: 'scrutin-election-key/1',
    ...base,
    threshold: 2,
    holders: 3,
    verificationKeys: HOLDERS.map((h) => encodePoint(verificationKeyOf(checked.value, h))),
    keyFingerprint: electionKeyFingerprint(base),
  });
}

/** Anyone can recompute the public key and the holders' verification keys from the published commitments. */
export function verifyElectionKey(key: ElectionKey): Result<{ publicKey: Point; verificationKeys: Point[] }, string> {
  try {
    const commitments = key.commitments.map((pair) => pair.map(decodePoint));
    const publicKey = commitments.reduce((acc, pair) => acc.add(pair[0]!), Point.ZERO);
    if (encodePoint(publicKey) !== key.publicKey) return err('La clé publique ne correspond pas aux engagements de la cérémonie.');
    if (publicKey.is0()) return err('Clé publique nulle.');
    const verificationKeys = HOLDERS.map((h) => commitments.reduce((acc, pair) => acc.add(pair[0]!).add(pair[1]!.multiplyUnsafe(BigInt(h))), Point.ZERO));
    for (const h of HOLDERS) if (encodePoint(verificationKeys[h - 1]!) !== key.verificationKeys[h - 1]) return err(`Clé de vérification du détenteur ${h} incohérente.`);
    if (electionKeyFingerprint(key) !== key.keyFingerprint) return err('Empreinte de la clé d’élection incorrecte.');
    return ok({ publicKey, verificationKeys });
  } catch {
    return err('Clé d’élection mal formée.');
  }
}
