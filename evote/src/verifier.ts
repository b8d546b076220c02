// Public verification of an urn and of its tally, from public data only (art. 12: integrity is checked
// publicly before unsealing). Works on chunks of ballot lines so that Node can spread them over worker
// threads (node/pool.ts) and a browser can run it as is.
import type { z } from 'zod';
import { toBase64Url } from './encoding.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { BatchVerifier } from './batch.js';
import { addBallotToBatch, type BallotContext, type DecodedBallot } from './ballot.js';
import { verifyElectionKey } from './dkg.js';
import { manifestFingerprint } from './manifest.js';
import { merkleRoot } from './merkle.js';
import { ballotHash, verifySealSignature } from './urn.js';
import { chainHeads, chainProblems } from './chain.js';
import { type Point } from './group.js';
import { nobleBackend, type GroupBackend } from './group-backend.js';
import { checkBallotDirect, INVALID_EQUATION, type RawBallot, type RawCiphertext } from './ballot-direct.js';
import {
  BallotLineSchema, UrnHeaderSchema, UrnSealSchema, ElectronicTallySchema, schemaProblem,
  type EncodedBallot, type UrnHeader, type UrnSeal, type ElectronicTally, type UrnTally,
} from './schemas.js';
import { addToAggregate, emptyAggregates, encodeAggregates, decodeAggregates, mergeAggregates, verifyPartialDecryption, combinePartials, type UrnAggregate, type EncodedUrnAggregate } from './tally.js';
import { andThen, type Result, ok, err } from '@scrutin/basics/result.js';

export type VerifiedHeader = { header: UrnHeader; publicKey: Point; verificationKeys: Point[] };

type LineProblem = { kind: 'json' } | { kind: 'schema'; problem: string } | { kind: 'canonical' };

/**
 * A line of the urn file → its value under the strict `schema`, provided the line is exactly the value's
 * canonical JSON: each line has one accepted serialisation (issue 13). The caller words the problem.
 */
function parseCanonicalLine<T>(line: string, schema: z.ZodType<T>): Result<T, LineProblem> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return err({ kind: 'json' });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return err({ kind: 'schema', problem: schemaProblem(parsed.error) });
  return canonicalJson(parsed.data) === line ? ok(parsed.data) : err({ kind: 'canonical' });
}

export function parseHeader(line: string): Result<VerifiedHeader, string> {
  const h = parseCanonicalLine(line, UrnHeaderSchema);
  if (!h.ok) {
    if (h.error.kind === 'json') return err('En-tête de l’urne illisible (JSON invalide).');
    if (h.error.kind === 'schema') return err(`En-tête de l’urne invalide : ${h.error.problem}.`);
    return err('En-tête de l’urne non canonique : la ligne diffère de son écriture canonique (docs/formats/urn.md).');
  }
  const header = h.value;
  if (header.electionKey.electionCode !== header.manifest.electionCode) return err('La clé d’élection est celle d’une autre élection.');
  return andThen(verifyElectionKey(header.electionKey), (key) =>
    manifestFingerprint(header.manifest, header.electionKey) !== header.manifestFingerprint ? err('Empreinte de l’élection incorrecte.') : ok({ header, ...key }),
  );
}

export type BallotProblem = { index: number; reason: string };
export type ChunkReport = {
  hashes: string[];
  /** Per ballot line, the first component (r·G) of each of its ciphertexts; [] for an unreadable line. */
  ciphertexts: string[][];
  aggregates: EncodedUrnAggregate[];
  problems: BallotProblem[];
  ballotUrns: string[];
  /** Milliseconds spent on proofs (decoding included) and on homomorphic aggregation, for the benchmark. */
  timings: { verifyMs: number; aggregateMs: number };
};

function contextFor(v: VerifiedHeader, urnId: string): BallotContext | undefined {
  const urn = v.header.manifest.urns.find((u) => u.id === urnId);
  return urn && { publicKey: v.publicKey, manifestFingerprint: v.header.manifestFingerprint, urn };
}

type Decoded = { index: number; urnIndex: number; ballot: DecodedBallot };

/**
 * A ballot line → the ballot, or the French reason it is refused. The line must be the one serialisation
 * `ballotLine` gives of what the strict schema accepts: no unknown field, sorted keys, no whitespace,
 * canonical numbers. Otherwise one ballot could appear under several hashes (issue 13: a copy with an
 * extra field passed as a second vote).
 */
export function parseBallotLine(line: string): Result<EncodedBallot, string> {
  if (line.trim() === '') return err('ligne vide (une urne n’a pas de ligne vide)');
  const parsed = parseCanonicalLine(line, BallotLineSchema);
  if (!parsed.ok) {
    if (parsed.error.kind === 'json') return err('ligne illisible (JSON invalide)');
    if (parsed.error.kind === 'schema') return err(`bulletin mal formé : ${parsed.error.problem}`);
    return err('bulletin non canonique : la ligne diffère de son écriture canonique (espaces, ordre des champs ou écriture des nombres)');
  }
  const { kind: _kind, ...ballot } = parsed.value;
  return ok(ballot);
}

/**
 * Checks a run of ballot lines (`firstIndex` = position of lines[0] among all ballots): canonical form,
 * schema, every proof. `aggregate: false` skips the homomorphic sums, which only an urn check needs: encoding
 * them costs one point encoding per candidate of every urn, whatever the number of ballots (the platform's
 * check of an arriving vote would pay more for them than for its proofs).
 * `group` names the ristretto255 library: noble (default; the urn check's, URN_CHECK_GROUP) checks the proofs
 * in one batched MSM and, on failure, each ballot alone to name the culprit; libsodium (the independent
 * verifier's, see bench/RESULTS.md) checks every equation directly. Both give the same report for the same lines.
 */
export function verifyBallotChunk(v: VerifiedHeader, lines: string[], firstIndex: number, options: { aggregate?: boolean; group?: GroupBackend } = {}): ChunkReport {
  const problems: BallotProblem[] = [];
  const hashes: string[] = [];
  const ciphertexts: string[][] = [];
  const ballotUrns: string[] = [];
  const parsedBallots: ParsedBallot[] = [];
  lines.forEach((line, k) => {
    const index = firstIndex + k;
    hashes.push(ballotHash(line));
    const b = parseBallotLine(line);
    ballotUrns.push(b.ok ? b.value.urnId : '');
    const own = b.ok ? [...b.value.choices, b.value.blank].map((c) => c.a) : [];
    // Each distinct one once: a repetition inside the ballot is reported just below, not twice.
    ciphertexts.push([...new Set(own)]);
    if (!b.ok) return void problems.push({ index, reason: b.error });
    // Seen here already, so that the platform refuses such a ballot when it is cast (it checks chunks,
    // not whole urns): accepted, it would make the whole urn fail repetitionProblems.
    if (new Set(own).size !== own.length) return void problems.push({ index, reason: REPEATED_WITHIN });
    const ctx = contextFor(v, b.value.urnId);
    if (!ctx) return void problems.push({ index, reason: `urne inconnue « ${b.value.urnId} »` });
    parsedBallots.push({ index, ctx, urnIndex: v.header.manifest.urns.indexOf(ctx.urn), ballot: b.value });
  });
  const group = options.group ?? nobleBackend;
  const started = performance.now();
  const checked = group.name === 'noble' ? checkBatched(v, parsedBallots, problems) : checkDirect(group, v, parsedBallots, problems);
  const verified = performance.now();
  // One problem per ballot at most: in ballot order, whichever path found it.
  problems.sort((x, y) => x.index - y.index);
  if (options.aggregate === false) return { hashes, ciphertexts, aggregates: [], problems, ballotUrns, timings: { verifyMs: verified - started, aggregateMs: 0 } };
  const aggregates = checked.aggregate();
  return { hashes, ciphertexts, aggregates, problems, ballotUrns, timings: { verifyMs: verified - started, aggregateMs: performance.now() - verified } };
}

type ParsedBallot = { index: number; ctx: BallotContext; urnIndex: number; ballot: EncodedBallot };
/** The good ballots' sums are computed only if asked (`aggregate`), and timed apart. */
type CheckedBallots = { aggregate: () => EncodedUrnAggregate[] };

function checkBatched(v: VerifiedHeader, parsedBallots: ParsedBallot[], problems: BallotProblem[]): CheckedBallots {
  const runBatch = (items: ParsedBallot[]): { decoded: Decoded[]; batchHolds: boolean } => {
    const batch = new BatchVerifier();
    const decoded: Decoded[] = [];
    for (const item of items) {
      const r = addBallotToBatch(batch, item.ctx, item.ballot);
      if (!r.ok) problems.push({ index: item.index, reason: r.error });
      else decoded.push({ index: item.index, urnIndex: item.urnIndex, ballot: r.value });
    }
    return { decoded, batchHolds: batch.check() };
  };
  const first = runBatch(parsedBallots);
  let decoded = first.decoded;
  if (!first.batchHolds) {
    const good: Decoded[] = [];
    const byIndex = new Map(parsedBallots.map((p) => [p.index, p]));
    for (const d of decoded) {
      const alone = runBatch([byIndex.get(d.index)!]);
      if (alone.batchHolds) good.push(...alone.decoded);
      else problems.push({ index: d.index, reason: INVALID_EQUATION });
    }
    decoded = good;
  }
  return {
    aggregate: () => {
      const aggregates = emptyAggregates(v.header.manifest);
      for (const d of decoded) addToAggregate(aggregates[d.urnIndex]!, d.ballot);
      return encodeAggregates(aggregates);
    },
  };
}

function checkDirect(group: GroupBackend, v: VerifiedHeader, parsedBallots: ParsedBallot[], problems: BallotProblem[]): CheckedBallots {
  const publicKey = v.publicKey.toBytes();
  const good: { urnIndex: number; ballot: RawBallot }[] = [];
  for (const item of parsedBallots) {
    const r = checkBallotDirect(group, { publicKey, manifestFingerprint: item.ctx.manifestFingerprint, urn: item.ctx.urn }, item.ballot);
    if (!r.ok) problems.push({ index: item.index, reason: r.error });
    else good.push({ urnIndex: item.urnIndex, ballot: r.value });
  }
  return {
    aggregate: () => {
      const zero = (): RawCiphertext => ({ a: new Uint8Array(32), b: new Uint8Array(32) });
      const sums = v.header.manifest.urns.map((u) => ({ urnId: u.id, ballots: 0, choices: u.candidates.map(zero), blank: zero() }));
      const add = (x: RawCiphertext, y: RawCiphertext) => ({ a: group.add(x.a, y.a), b: group.add(x.b, y.b) });
      for (const g of good) {
        const s = sums[g.urnIndex]!;
        s.ballots++;
        s.choices = s.choices.map((c, i) => add(c, g.ballot.choices[i]!));
        s.blank = add(s.blank, g.ballot.blank);
      }
      const text = (c: RawCiphertext) => ({ a: toBase64Url(c.a), b: toBase64Url(c.b) });
      return sums.map((s) => ({ urnId: s.urnId, ballots: s.ballots, choices: s.choices.map(text), blank: text(s.blank) }));
    },
  };
}

export type UrnCheck = {
  valid: boolean;
  ballotCount: number;
  perUrn: Record<string, number>;
  merkleRoot: string;
  closedAt: string | null;
  problems: string[];
  aggregates: UrnAggregate[];
  /** The sealed batch chain (batches[n - 1] and heads[n - 1] for batch n), when the seal carries one. */
  chain: { batches: string[][]; heads: string[] } | null;
};

/**
 * Problems no single chunk can see: a ballot hash met twice, the sealed order, and a ciphertext met twice
 * (within a ballot or across two). Each ciphertext is keyed by its first component a = r·G: an honest
 * encryptor draws a fresh r for every ciphertext, so a repeated one is a copy (a replayed vote, issue 13).
 * Ballot numbers are 1-based positions among the ballot lines.
 */
const REPEATED_WITHIN = 'le même chiffré y figure deux fois';

export function repetitionProblems(hashes: readonly string[], ciphertexts: readonly (readonly string[])[]): string[] {
  const problems: string[] = [];
  const ballotOfHash = new Map<string, number>();
  const ballotOfCiphertext = new Map<string, number>();
  for (let i = 0; i < hashes.length; i++) {
    const twin = ballotOfHash.get(hashes[i]!);
    if (twin !== undefined) {
      problems.push(`Bulletin n° ${i + 1} en double (identique au bulletin n° ${twin + 1}).`);
      continue;
    }
    ballotOfHash.set(hashes[i]!, i);
    if (i > 0 && hashes[i - 1]! > hashes[i]!) problems.push(`Bulletin n° ${i + 1} hors de l’ordre scellé.`);
    for (const a of ciphertexts[i] ?? []) {
      const seen = ballotOfCiphertext.get(a);
      if (seen !== undefined) {
        problems.push(
          seen === i
            ? `Bulletin n° ${i + 1} rejeté : ${REPEATED_WITHIN}.`
            : `Bulletin n° ${i + 1} rejeté : un de ses chiffrés figure déjà au bulletin n° ${seen + 1} (bulletin rejoué ou recopié).`,
        );
        break;
      }
      ballotOfCiphertext.set(a, i);
    }
  }
  return problems;
}

/** Everything that needs all chunks: order, repetitions, count, Merkle root, seal signature, merged aggregates. */
export function finishUrnCheck(v: VerifiedHeader, sealLine: string | undefined, chunks: ChunkReport[]): { check: UrnCheck; seal: UrnSeal | null } {
  const problems: string[] = [];
  const hashes = chunks.flatMap((c) => c.hashes);
  const ballotUrns = chunks.flatMap((c) => c.ballotUrns);
  for (const c of chunks) for (const p of c.problems) problems.push(`Bulletin n° ${p.index + 1} rejeté : ${p.reason}.`);
  problems.push(...repetitionProblems(hashes, chunks.flatMap((c) => c.ciphertexts)));
  const perUrn: Record<string, number> = Object.fromEntries(v.header.manifest.urns.map((u) => [u.id, 0]));
  for (const u of ballotUrns) if (Object.hasOwn(perUrn, u)) perUrn[u] = perUrn[u]! + 1;
  const root = merkleRoot(hashes);
  let seal: UrnSeal | null = null;
  if (sealLine === undefined) problems.push('Sceau de clôture absent.');
  else {
    const s = parseCanonicalLine(sealLine, UrnSealSchema);
    if (!s.ok && s.error.kind === 'canonical') problems.push('Sceau de clôture non canonique : la ligne diffère de son écriture canonique.');
    else if (!s.ok) problems.push(`Sceau de clôture illisible : ${s.error.kind === 'schema' ? s.error.problem : 'JSON invalide'}.`);
    else {
      seal = s.value;
      if (!verifySealSignature(v.header, seal)) problems.push('Signature de la plateforme invalide sur le sceau de clôture.');
      if (seal.ballotCount !== hashes.length) problems.push(`Le sceau annonce ${seal.ballotCount} bulletins, l’urne en contient ${hashes.length}.`);
      if (seal.merkleRoot !== root) problems.push('La racine de Merkle recalculée diffère de celle du sceau : urne modifiée.');
      if (canonicalJson(seal.perUrn) !== canonicalJson(perUrn)) problems.push('Le nombre de bulletins par urne diffère de celui du sceau.');
      if (seal.chain) problems.push(...chainProblems(v.header.manifestFingerprint, seal.chain, hashes));
    }
  }
  const aggregates = chunks.map((c) => decodeAggregates(c.aggregates)).reduce(mergeAggregates, emptyAggregates(v.header.manifest));
  return {
    check: { valid: problems.length === 0, ballotCount: hashes.length, perUrn, merkleRoot: root, closedAt: seal?.closedAt ?? null, problems, aggregates, chain: seal?.chain ? { batches: seal.chain.batches, heads: chainHeads(v.header.manifestFingerprint, seal.chain.batches) } : null },
    seal,
  };
}

/**
 * Whether the file's last line is its seal (`kind: "seal"`), however it is written: a seal with spaces
 * must be reported as a non-canonical seal, not checked as a ballot.
 */
export function isSealLine(line: string): boolean {
  try {
    const raw: unknown = JSON.parse(line);
    return typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'seal';
  } catch {
    return false;
  }
}

/** Ballots per batch (one MSM of ~73 points per 10-candidate ballot); bigger batches amortise the buckets. */
export const CHUNK_SIZE = 1000;

/**
 * In-process check of a whole urn file given as its lines without their "\n" (what `sealUrn` returns, or
 * `text.split('\n')` of a file that ends with "\n": the one empty string after the last "\n" is dropped).
 * No other line may be empty or whitespace-only: it is read as the header or a ballot and refused, so an urn
 * has one accepted byte form (docs/formats/urn.md §5). `checkUrnText` also requires the final "\n".
 * Node callers with big urns use node/urn-file.ts instead. `group`: the ristretto255 library (see
 * verifyBallotChunk); noble unless the caller has libsodium loaded.
 */
export function checkUrnLines(lines: string[], group: GroupBackend = nobleBackend): Result<{ verified: VerifiedHeader; check: UrnCheck }, string> {
  const all = lines.length > 0 && lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
  const first = all[0];
  if (first === undefined) return err('Fichier d’urne vide.');
  const v = parseHeader(first);
  if (!v.ok) return v;
  const last = all.length > 1 ? all[all.length - 1] : undefined;
  const sealLine = last !== undefined && isSealLine(last) ? last : undefined;
  const ballotLines = all.slice(1, sealLine === undefined ? undefined : -1);
  const chunks: ChunkReport[] = [];
  for (let i = 0; i < ballotLines.length; i += CHUNK_SIZE) chunks.push(verifyBallotChunk(v.value, ballotLines.slice(i, i + CHUNK_SIZE), i, { group }));
  return ok({ verified: v.value, check: finishUrnCheck(v.value, sealLine, chunks).check });
}

/** The urn file's refusal when its last byte is not "\n" (a file cut short, or written by hand). */
export const MISSING_FINAL_NEWLINE = 'Fichier d’urne incomplet : il ne se termine pas par un saut de ligne (« \\n ») après le sceau.';

/** Checks an urn file's whole text: exactly the byte form of §5 (each line, the last included, ends with "\n"). */
export function checkUrnText(text: string): Result<{ verified: VerifiedHeader; check: UrnCheck }, string> {
  if (text === '') return err('Fichier d’urne vide.');
  if (!text.endsWith('\n')) return err(MISSING_FINAL_NEWLINE);
  return checkUrnLines(text.split('\n'));
}

/** Verifies an announced tally against a checked urn: both partial proofs, the combination, every number. */
export function verifyTally(v: VerifiedHeader, check: UrnCheck, tallyInput: unknown): Result<ElectronicTally, string[]> {
  const parsed = ElectronicTallySchema.safeParse(tallyInput);
  if (!parsed.success) return err([`Dépouillement illisible : ${schemaProblem(parsed.error)}.`]);
  const tally = parsed.data;
  const problems: string[] = [];
  if (!check.valid) problems.push('L’urne elle-même ne passe pas la vérification.');
  const ctx = { electionCode: v.header.manifest.electionCode, manifestFingerprint: v.header.manifestFingerprint, merkleRoot: check.merkleRoot };
  if (tally.electionCode !== ctx.electionCode || tally.manifestFingerprint !== ctx.manifestFingerprint) problems.push('Le dépouillement porte sur une autre élection.');
  if (tally.merkleRoot !== check.merkleRoot) problems.push('Le dépouillement porte sur une autre urne (racine de Merkle différente).');
  if (tally.ballotCount !== check.ballotCount) problems.push(`Le dépouillement annonce ${tally.ballotCount} bulletins, l’urne en contient ${check.ballotCount}.`);
  const verified = tally.partialDecryptions.map((p) => ({ holder: p.holder, r: verifyPartialDecryption(ctx, v.verificationKeys, check.aggregates, p) }));
  for (const x of verified) if (!x.r.ok) problems.push(x.r.error);
  const holders = tally.partialDecryptions.map((p) => p.holder).sort();
  if (canonicalJson(holders) !== canonicalJson([...tally.holders].sort())) problems.push('Les détenteurs annoncés ne sont pas ceux des déchiffrements partiels.');
  if (problems.length > 0) return err(problems);
  const [a, b] = verified as [{ holder: number; r: { ok: true; value: Point[][] } }, { holder: number; r: { ok: true; value: Point[][] } }];
  const combined = combinePartials(check.aggregates, [{ holder: a.holder, values: a.r.value }, { holder: b.holder, values: b.r.value }]);
  if (!combined.ok) return err([combined.error]);
  const announced = new Map(tally.urns.map((u) => [u.urnId, u]));
  for (const computed of combined.value) {
    const u: UrnTally | undefined = announced.get(computed.urnId);
    if (!u) problems.push(`Résultat de l’urne ${computed.urnId} absent.`);
    else if (canonicalJson(u) !== canonicalJson(computed))
      problems.push(`Résultat annoncé pour l’urne ${computed.urnId} différent du résultat recalculé (${computed.votes.join(', ')} ; blancs ${computed.blank}).`);
  }
  if (tally.urns.length !== combined.value.length) problems.push('Nombre d’urnes du dépouillement incorrect.');
  return problems.length > 0 ? err(problems) : ok(tally);
}
