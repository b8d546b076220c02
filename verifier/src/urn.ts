// Verification of an urn file, docs/formats/urn.md §3–§6 (U1–U4): header, every ballot line and its
// proofs, order and repetitions, seal, Merkle root, platform signature. Lines are fed one at a time, so
// that a 560 MB urn is never one string.
import { add, equal, IDENTITY, isIdentity, mod, multiply, verifyEd25519, type Point } from './group.js';
import { canonicalJson, challenge, sha256Bytes, sha256Hex, taggedHash, type Part } from './hash.js';
import { proofEquationsHold, type Proof } from './proofs.js';
import { BallotSchema, HeaderSchema, SealSchema, decodePoint, decodeScalar, fromBase64Url, type BallotText, type Header, type ProofText, type Seal } from './formats.js';
import { parseWith } from './schema.js';
import { chainHeads, genesisHead } from './chain.js';

/** Sums of an urn's ciphertexts (§7): per candidate in manifest order, then the blank counter. */
export type UrnAggregate = { urnId: string; ballots: number; targets: { a: Point; b: Point }[] };

/** What U1–U4 conclude about an urn whose header could be read. */
export type UrnReport = {
  header: Header;
  /** Number of ballot lines, refused ones included. */
  ballotCount: number;
  /** Per urn of the manifest, the lines counted as §6 U4 says. */
  perUrn: Record<string, number>;
  /** Ballot hashes (§4.4) in file order, and the Merkle root over them (§5.2). */
  hashes: string[];
  merkleRoot: string;
  seal: Seal | null;
  platformKeyFingerprint: string;
  aggregates: UrnAggregate[];
  problems: string[];
  valid: boolean;
};

export const EMPTY_FILE = 'Fichier d’urne vide.';
export const NOT_UTF8 = 'Fichier d’urne illisible : ce n’est pas de l’UTF-8 valide.';
export const MISSING_FINAL_NEWLINE = 'Fichier d’urne incomplet : il ne se termine pas par un saut de ligne (« \\n ») après le sceau.';
const NOT_CANONICAL_BALLOT = 'bulletin non canonique : la ligne diffère de son écriture canonique (espaces, ordre des champs ou écriture des nombres)';

type Fail = { ok: false; error: string };

/** Merkle root of §5.2 (RFC 6962 prefixes, odd last node promoted), lowercase hex. */
export function merkleRoot(hashes: string[]): string {
  if (hashes.length === 0) return sha256Hex();
  let level = hashes.map((h) => sha256Bytes(Uint8Array.of(0), Buffer.from(h, 'hex')));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? sha256Bytes(Uint8Array.of(1), level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return Buffer.from(level[0]!).toString('hex');
}

/** §5.3: bare SHA-256 of the platform key's bytes, lowercase hex. */
export function platformKeyFingerprint(publicKeyText: string): string {
  return sha256Hex(Buffer.from(publicKeyText, 'base64url'));
}

/** U1: the header line, or the one reason nothing else can be checked. */
export function parseHeader(line: string): { ok: true; header: Header; Y: Point } | Fail {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, error: 'En-tête de l’urne illisible (JSON invalide).' };
  }
  const parsed = parseWith(HeaderSchema, value);
  if (!parsed.ok) return { ok: false, error: `En-tête de l’urne invalide : ${parsed.error}.` };
  const header = parsed.value;
  if (canonicalJson(header) !== line) return { ok: false, error: 'En-tête de l’urne non canonique : la ligne diffère de son écriture canonique (docs/formats/urn.md).' };
  const ids = header.manifest.urns.map((u) => u.id);
  if (new Set(ids).size !== ids.length) return { ok: false, error: 'En-tête de l’urne invalide : champ « manifest.urns » : identifiants d’urne en double.' };
  const key = header.electionKey;
  if (key.electionCode !== header.manifest.electionCode) return { ok: false, error: 'La clé d’élection est celle d’une autre élection.' };
  const points = [key.publicKey, ...key.verificationKeys, ...key.commitments.flat()].map(decodePoint);
  if (points.some((p) => p === null)) return { ok: false, error: 'En-tête de l’urne invalide : un point de la clé d’élection n’est pas un élément du groupe.' };
  const C = key.commitments.map((pair) => pair.map((p) => decodePoint(p)!));
  const Y = C.reduce((acc, [c0]) => add(acc, c0!), IDENTITY);
  const Yj = [1, 2, 3].map((j) => C.reduce((acc, [c0, c1]) => add(acc, add(c0!, multiply(c1!, BigInt(j)))), IDENTITY));
  const Yp = decodePoint(key.publicKey)!;
  if (isIdentity(Y) || !equal(Y, Yp) || Yj.some((y, i) => !equal(y, decodePoint(key.verificationKeys[i]!)!))) {
    return { ok: false, error: 'La clé publique ne correspond pas aux engagements de la cérémonie.' };
  }
  const keyFingerprint = taggedHash('election-key', canonicalJson({ ceremonyId: key.ceremonyId, electionCode: key.electionCode, publicKey: key.publicKey, commitments: key.commitments }));
  if (keyFingerprint !== key.keyFingerprint) return { ok: false, error: 'Empreinte de la clé d’élection incorrecte.' };
  const manifestFingerprint = taggedHash('manifest', canonicalJson({ manifest: header.manifest, publicKey: key.publicKey, keyFingerprint }));
  if (manifestFingerprint !== header.manifestFingerprint) return { ok: false, error: 'Empreinte de l’élection incorrecte.' };
  return { ok: true, header, Y };
}

/** The ciphertexts of a ballot, candidates in order then the blank (§4.3 keys them by `a`). */
function ciphertextsOf(b: BallotText): { a: string; b: string }[] {
  return [...b.choices, b.blank];
}

function decodeProof(p: ProofText): Proof | 'base64' | 'group' {
  const texts = [...p.A, ...p.B, ...p.c, ...p.z];
  if (texts.some((t) => fromBase64Url(t) === null)) return 'base64';
  const A = p.A.map(decodePoint);
  const B = p.B.map(decodePoint);
  const c = p.c.map(decodeScalar);
  const z = p.z.map(decodeScalar);
  if ([...A, ...B].some((x) => x === null) || [...c, ...z].some((x) => x === null)) return 'group';
  return { A: A as Point[], B: B as Point[], c: c as bigint[], z: z as bigint[] };
}

/** One ballot line checked (U2): its urn index when it counts for an urn (U4), its problem, its decoded ciphertexts. */
export type BallotOutcome = { urnIndex: number | null; keys: string[] | null; problem: string | null; ciphertexts: { a: Point; b: Point }[] | null };

/** Incremental check of an urn's lines after its header: `ballot` for each middle line, then `finish`. */
export class UrnChecker {
  private readonly hashes: string[] = [];
  private readonly ballotProblems: string[] = [];
  private readonly ballotAs: (string[] | null)[] = [];
  private readonly perUrn: number[];
  private readonly sums: { a: Point; b: Point }[][];
  private readonly counts: number[];

  constructor(
    private readonly header: Header,
    private readonly Y: Point,
  ) {
    this.perUrn = header.manifest.urns.map(() => 0);
    this.counts = header.manifest.urns.map(() => 0);
    this.sums = header.manifest.urns.map((u) => [...u.candidates, 'blank'].map(() => ({ a: IDENTITY, b: IDENTITY })));
  }

  /** Ballot lines fed so far. */
  get ballotCount(): number {
    return this.hashes.length;
  }

  /**
   * Records the next ballot line (n° = its 1-based position among ballot lines); `outcome`, when a worker
   * thread already ran `checkBallotLine` on it.
   */
  ballot(line: string, outcome: BallotOutcome = checkBallotLine(this.header, this.Y, line)): void {
    const n = this.hashes.length + 1;
    this.hashes.push(taggedHash('ballot', line));
    if (outcome.urnIndex !== null) this.perUrn[outcome.urnIndex]!++;
    this.ballotAs.push(outcome.keys);
    if (outcome.problem) this.ballotProblems.push(`Bulletin n° ${n} rejeté : ${outcome.problem}.`);
    else if (outcome.urnIndex !== null && outcome.ciphertexts) {
      const sums = this.sums[outcome.urnIndex]!;
      outcome.ciphertexts.forEach((ct, i) => (sums[i] = { a: add(sums[i]!.a, ct.a), b: add(sums[i]!.b, ct.b) }));
      this.counts[outcome.urnIndex]!++;
    }
  }

  /** U3: hash order and repetitions, then U4 on the seal line (null when the file has no seal). */
  finish(sealLine: string | null): UrnReport {
    const problems = [...this.ballotProblems, ...repetitionProblems(this.hashes, this.ballotAs)];
    const root = merkleRoot(this.hashes);
    const perUrn = Object.fromEntries(this.header.manifest.urns.map((u, i) => [u.id, this.perUrn[i]!]));
    const platformFingerprint = platformKeyFingerprint(this.header.platformPublicKey);
    let seal: Seal | null = null;
    if (sealLine === null) problems.push('Sceau de clôture absent.');
    else {
      const parsed = parseWith(SealSchema, JSON.parse(sealLine));
      if (!parsed.ok) problems.push(`Sceau de clôture illisible : ${parsed.error}.`);
      else if (canonicalJson(parsed.value) !== sealLine) problems.push('Sceau de clôture non canonique : la ligne diffère de son écriture canonique.');
      else {
        seal = parsed.value;
        problems.push(...this.sealProblems(seal, root, perUrn));
      }
    }
    const aggregates = this.header.manifest.urns.map((u, i) => ({ urnId: u.id, ballots: this.counts[i]!, targets: this.sums[i]! }));
    return {
      header: this.header, ballotCount: this.hashes.length, perUrn, hashes: this.hashes, merkleRoot: root, seal, platformKeyFingerprint: platformFingerprint,
      aggregates, problems, valid: problems.length === 0,
    };
  }

  private sealProblems(seal: Seal, root: string, perUrn: Record<string, number>): string[] {
    const problems: string[] = [];
    const payload = canonicalJson({
      ballotCount: seal.ballotCount, closedAt: seal.closedAt, electionCode: this.header.manifest.electionCode, format: 'scrutin-urn/1',
      manifestFingerprint: this.header.manifestFingerprint, merkleRoot: seal.merkleRoot, perUrn: seal.perUrn, platformPublicKey: this.header.platformPublicKey,
      ...(seal.chain ? { chainHead: seal.chain.head } : {}),
    });
    const key = fromBase64Url(this.header.platformPublicKey);
    const signature = fromBase64Url(seal.signature);
    if (!key || !signature || !verifyEd25519(signature, new TextEncoder().encode(payload), key)) problems.push('Signature de la plateforme invalide sur le sceau de clôture.');
    if (seal.ballotCount !== this.hashes.length) problems.push(`Le sceau annonce ${seal.ballotCount} bulletins, l’urne en contient ${this.hashes.length}.`);
    if (seal.merkleRoot !== root) problems.push('La racine de Merkle recalculée diffère de celle du sceau : urne modifiée.');
    if (canonicalJson(seal.perUrn) !== canonicalJson(perUrn)) problems.push('Le nombre de bulletins par urne diffère de celui du sceau.');
    if (seal.chain) problems.push(...chainProblems(this.header.manifestFingerprint, seal.chain, this.hashes));
    return problems;
  }
}

/**
 * U3 (§4.3, §5): a hash seen before is a duplicate line; a hash below the previous one is out of order; a
 * ciphertext `a` of an earlier ballot is a replay or a copy. `ciphertexts[i]`: the `a`s of ballot i (null
 * when it did not parse). Repetitions within one ballot are the ballot's own refusal (U2).
 */
export function repetitionProblems(hashes: string[], ciphertexts: (string[] | null)[]): string[] {
  const problems: string[] = [];
  const firstHash = new Map<string, number>();
  const firstA = new Map<string, number>();
  hashes.forEach((hash, i) => {
    const seen = firstHash.get(hash);
    if (seen !== undefined) {
      problems.push(`Bulletin n° ${i + 1} en double (identique au bulletin n° ${seen + 1}).`);
      return;
    }
    firstHash.set(hash, i);
    if (i > 0 && hash < hashes[i - 1]!) problems.push(`Bulletin n° ${i + 1} hors de l’ordre scellé.`);
    let copiedFrom: number | undefined;
    for (const a of ciphertexts[i] ?? []) {
      const earlier = firstA.get(a);
      if (earlier !== undefined && earlier !== i) copiedFrom ??= earlier;
      else firstA.set(a, i);
    }
    if (copiedFrom !== undefined) problems.push(`Bulletin n° ${i + 1} rejeté : un de ses chiffrés figure déjà au bulletin n° ${copiedFrom + 1} (bulletin rejoué ou recopié).`);
  });
  return problems;
}

/** The seal's batch chain (§5.1): batches sorted without repetition, every ballot in exactly one, head recomputed. */
function chainProblems(manifestFingerprint: string, chain: NonNullable<Seal['chain']>, hashes: string[]): string[] {
  const problems: string[] = [];
  const inFile = new Set(hashes);
  const seen = new Set<string>();
  chain.batches.forEach((batch, k) => {
    if (batch.some((h, i) => i > 0 && h <= batch[i - 1]!)) problems.push(`Chaîne des lots du sceau : le lot n° ${k + 1} n’est pas trié sans répétition.`);
    for (const h of batch) {
      if (!inFile.has(h)) problems.push(`Chaîne des lots du sceau : le bulletin ${h} du lot n° ${k + 1} n’est pas dans l’urne.`);
      if (seen.has(h)) problems.push(`Chaîne des lots du sceau : le bulletin ${h} figure dans deux lots.`);
      seen.add(h);
    }
  });
  const missing = hashes.filter((h) => !seen.has(h)).length;
  if (missing > 0) problems.push(`Chaîne des lots du sceau : ${missing} bulletin(s) de l’urne dans aucun lot.`);
  const heads = chainHeads(manifestFingerprint, chain.batches);
  if ((heads[heads.length - 1] ?? genesisHead(manifestFingerprint)) !== chain.head) problems.push('Chaîne des lots du sceau : la tête recalculée diffère de celle du sceau.');
  return problems;
}

/**
 * U2 on one ballot line (§6.1: at most one reason, the first found); pure, so that worker threads can run it.
 * `urnIndex` is set when the line counts for an urn in `perUrn` (U4).
 */
export function checkBallotLine(header: Header, Y: Point, line: string): BallotOutcome {
  const none = (problem: string, ballot: BallotText | null = null, urnIndex: number | null = null): BallotOutcome => ({ urnIndex, keys: ballot && ciphertextsOf(ballot).map((c) => c.a), problem, ciphertexts: null });
  if (line.trim() === '') return none('ligne vide (une urne n’a pas de ligne vide)');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return none('ligne illisible (JSON invalide)');
  }
  const parsed = parseWith(BallotSchema, value);
  if (!parsed.ok) return none(`bulletin mal formé : ${parsed.error}`);
  const b = parsed.value;
  if (canonicalJson(b) !== line) return none(NOT_CANONICAL_BALLOT);
  const urnIndex = header.manifest.urns.findIndex((u) => u.id === b.urnId);
  if (urnIndex < 0) return none(`urne inconnue « ${b.urnId} »`, b);
  const urn = header.manifest.urns[urnIndex]!;
  const counted = (problem: string) => none(problem, b, urnIndex);
  const n = urn.candidates.length;
  if (b.choices.length !== n || b.choiceProofs.length !== n) return counted('nombre de chiffrés différent du nombre de candidats');
  const shapeOk = (p: ProofText, k: number) => p.A.length === k && p.B.length === k && p.c.length === k && p.z.length === k;
  const wrongLength = b.choiceProofs.findIndex((p) => !shapeOk(p, 2));
  if (wrongLength >= 0) return counted(`preuve 0/1 du candidat ${wrongLength + 1} : preuve de longueur incorrecte`);
  if (!shapeOk(b.blankProof, 2)) return counted('preuve 0/1 du vote blanc : preuve de longueur incorrecte');
  if (!shapeOk(b.sumProof, urn.seats)) return counted('preuve du nombre de cases cochées : preuve de longueur incorrecte');
  const cts = ciphertextsOf(b);
  if (new Set(cts.map((c) => c.a)).size !== cts.length) return counted('le même chiffré y figure deux fois');
  const texts = cts.flatMap((c) => [c.a, c.b]);
  if (texts.some((t) => fromBase64Url(t) === null)) return counted('bulletin mal formé (base64url non canonique)');
  const points = cts.map((c) => ({ a: decodePoint(c.a), b: decodePoint(c.b) }));
  const proofs = [...b.choiceProofs, b.blankProof, b.sumProof].map(decodeProof);
  if (proofs.includes('base64')) return counted('bulletin mal formé (base64url non canonique)');
  if (points.some((p) => !p.a || !p.b) || proofs.includes('group')) return counted('bulletin mal formé (point hors du groupe ou scalaire ≥ ℓ)');
  const ciphertexts = points as { a: Point; b: Point }[];
  const decoded = proofs as Proof[];
  const fp = header.manifestFingerprint;
  const blankCt = ciphertexts[n]!;
  // The sum proof's ciphertext: Σ choices + seats·blank (§4.2).
  const sum = ciphertexts.slice(0, n).reduce((acc, ct) => ({ a: add(acc.a, ct.a), b: add(acc.b, ct.b) }), { a: multiply(blankCt.a, BigInt(urn.seats)), b: multiply(blankCt.b, BigInt(urn.seats)) });
  const seats = Array.from({ length: urn.seats }, (_, i) => i + 1);
  const statements: { label: string; head: Part[]; ct: { a: Point; b: Point }; values: number[]; proof: Proof }[] = [
    ...ciphertexts.slice(0, n).map((ct, i) => ({ label: `preuve 0/1 du candidat ${i + 1}`, head: [fp, b.urnId, 'choice', String(i), ct.a, ct.b], ct, values: [0, 1], proof: decoded[i]! })),
    { label: 'preuve 0/1 du vote blanc', head: [fp, b.urnId, 'blank', blankCt.a, blankCt.b], ct: blankCt, values: [0, 1], proof: decoded[n]! },
    { label: 'preuve du nombre de cases cochées', head: [fp, b.urnId, 'sum', ...ciphertexts.flatMap((ct) => [ct.a, ct.b])], ct: sum, values: seats, proof: decoded[n + 1]! },
  ];
  for (const s of statements) {
    const e = challenge('membership', [...s.head, ...s.proof.A, ...s.proof.B]);
    const total = s.proof.c.reduce((acc, c) => acc + c, 0n);
    if (mod(total) !== e) return counted(`${s.label} : défi Fiat-Shamir incorrect`);
  }
  for (const s of statements) if (!proofEquationsHold(s.proof, s.ct.a, s.ct.b, s.values, Y)) return counted('preuve invalide (équation de groupe fausse)');
  return { urnIndex, keys: cts.map((c) => c.a), problem: null, ciphertexts };
}
