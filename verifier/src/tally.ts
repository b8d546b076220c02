// Partial decryptions and the electronic tally, docs/formats/urn.md §7–§8 (U7).
import { add, equal, invert, isIdentity, mod, multiply, multiplyBase, subtract, type Point } from './group.js';
import { canonicalJson, challenge } from './hash.js';
import { TallySchema, decodePoint, decodeScalar, type PartialDecryption, type Tally, type UrnResult } from './formats.js';
import { parseWith } from './schema.js';
import type { UrnReport } from './urn.js';

/** m with m·G = M, m in [0, max], by baby-step giant-step; null when none. */
export function discreteLog(M: Point, max: number): number | null {
  const step = Math.max(1, Math.ceil(Math.sqrt(max + 1)));
  const baby = new Map<string, number>();
  let P: Point = multiplyBase(0n);
  for (let j = 0; j < step; j++) {
    baby.set(Buffer.from(P).toString('hex'), j);
    P = add(P, multiplyBase(1n));
  }
  const giant = multiplyBase(BigInt(step));
  let current = M;
  for (let i = 0; i * step <= max; i++) {
    const j = baby.get(Buffer.from(current).toString('hex'));
    if (j !== undefined && i * step + j <= max) return i * step + j;
    current = subtract(current, giant);
  }
  return null;
}

/** §7: every share's Chaum–Pedersen proof, against the urn's aggregates; the decoded D's or the problems. */
function checkPartial(report: UrnReport, partial: PartialDecryption): { values: Point[][] | null; problems: string[] } {
  const h = partial.holder;
  const { header, merkleRoot: root } = report;
  if (partial.electionCode !== header.manifest.electionCode || partial.manifestFingerprint !== header.manifestFingerprint || partial.merkleRoot !== root) {
    return { values: null, problems: [`Le déchiffrement partiel du détenteur ${h} porte sur une autre urne ou une autre élection.`] };
  }
  const Yh = decodePoint(header.electionKey.verificationKeys[h - 1]!)!;
  const problems: string[] = [];
  const values: Point[][] = [];
  report.aggregates.forEach((aggregate, u) => {
    const answered = partial.urns[u];
    if (!answered || answered.urnId !== aggregate.urnId || answered.shares.length !== aggregate.targets.length) {
      problems.push(`Le déchiffrement partiel du détenteur ${h} ne correspond pas à l’urne ${aggregate.urnId}.`);
      return;
    }
    const urnValues: Point[] = [];
    answered.shares.forEach((share, index) => {
      const A = aggregate.targets[index]!.a;
      const invalid = (why: string) => problems.push(`La preuve du déchiffrement partiel du détenteur ${h} est invalide (urne ${aggregate.urnId}, valeur ${index + 1}) : ${why}.`);
      const D = decodePoint(share.value);
      const t1 = decodePoint(share.proof.t1);
      const t2 = decodePoint(share.proof.t2);
      const z = decodeScalar(share.proof.z);
      if (!D || !t1 || !t2 || z === null) return invalid('part illisible');
      // §1.1: D and t2 are the identity exactly when A is (an empty urn).
      if (isIdentity(D) !== isIdentity(A) || isIdentity(t2) !== isIdentity(A)) return invalid('élément neutre inattendu (ou manquant)');
      const c = challenge('partial-decryption', [header.manifestFingerprint, root, String(h), aggregate.urnId, String(index), Yh, A, D, t1, t2]);
      if (!equal(multiplyBase(z), add(t1, multiply(Yh, c))) || !equal(multiply(A, z), add(t2, multiply(D, c)))) return invalid('part erronée ou falsifiée');
      urnValues.push(D);
    });
    values.push(urnValues);
  });
  if (partial.urns.length !== report.aggregates.length && problems.length === 0) problems.push(`Le déchiffrement partiel du détenteur ${h} ne porte pas sur les urnes du manifeste.`);
  return { values: problems.length === 0 ? values : null, problems };
}

/** The tally recomputed from two holders' partials (§8: Lagrange at 0, then the discrete logarithm). */
function combine(report: UrnReport, holders: [number, number], values: [Point[][], Point[][]]): { results: UrnResult[]; problems: string[] } {
  const [i, j] = holders;
  const lambdaI = mod(BigInt(j) * invert(BigInt(j - i)));
  const lambdaJ = mod(BigInt(i) * invert(BigInt(i - j)));
  const problems: string[] = [];
  const results = report.aggregates.map((aggregate, u) => {
    const totals = aggregate.targets.map((target, index) => {
      const sA = add(multiply(values[0][u]![index]!, lambdaI), multiply(values[1][u]![index]!, lambdaJ));
      const m = discreteLog(subtract(target.b, sA), aggregate.ballots);
      if (m === null) problems.push(`Urne ${aggregate.urnId}, valeur ${index + 1} : aucun total entre 0 et ${aggregate.ballots} ne correspond au déchiffrement.`);
      return m ?? -1;
    });
    return { urnId: aggregate.urnId, ballots: aggregate.ballots, blank: totals[totals.length - 1]!, votes: totals.slice(0, -1) };
  });
  return { results, problems };
}

/** U7 on a parsed JSON value: the recomputed results when the announced tally holds, else every problem. */
export function verifyTally(report: UrnReport, value: unknown): { ok: true; results: UrnResult[] } | { ok: false; problems: string[] } {
  if (!report.valid) return { ok: false, problems: ['L’urne elle-même ne passe pas la vérification.'] };
  const parsed = parseWith(TallySchema, value);
  if (!parsed.ok) return { ok: false, problems: [`Dépouillement illisible : ${parsed.error}.`] };
  const tally: Tally = parsed.value;
  const [p, q] = tally.partialDecryptions as [PartialDecryption, PartialDecryption];
  if (p.holder === q.holder) return { ok: false, problems: ['Il faut les parts de deux détenteurs différents.'] };
  const problems: string[] = [];
  if (canonicalJson([...tally.holders].sort()) !== canonicalJson([p.holder, q.holder].sort())) problems.push('Les détenteurs annoncés ne sont pas ceux des déchiffrements partiels.');
  if (tally.electionCode !== report.header.manifest.electionCode || tally.manifestFingerprint !== report.header.manifestFingerprint) problems.push('Le dépouillement porte sur une autre élection.');
  if (tally.merkleRoot !== report.merkleRoot) problems.push('Le dépouillement porte sur une autre urne (racine de Merkle différente).');
  if (tally.ballotCount !== report.ballotCount) problems.push(`Le dépouillement annonce ${tally.ballotCount} bulletins, l’urne en contient ${report.ballotCount}.`);
  const checked = [checkPartial(report, p), checkPartial(report, q)];
  for (const c of checked) problems.push(...c.problems);
  if (problems.length > 0) return { ok: false, problems };
  const combined = combine(report, [p.holder, q.holder], [checked[0]!.values!, checked[1]!.values!]);
  if (combined.problems.length > 0) return { ok: false, problems: combined.problems };
  for (const result of combined.results) {
    const announced = tally.urns.find((x) => x.urnId === result.urnId);
    if (!announced) problems.push(`Résultat de l’urne ${result.urnId} absent.`);
    else if (canonicalJson(announced) !== canonicalJson(result)) problems.push(`Résultat annoncé pour l’urne ${result.urnId} différent du résultat recalculé (${result.votes.join(', ')} ; blancs ${result.blank}).`);
  }
  if (tally.urns.length !== combined.results.length) problems.push('Nombre d’urnes du dépouillement incorrect.');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, results: combined.results };
}
