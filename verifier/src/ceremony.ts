// Public verification of the key ceremony, docs/formats/urn.md §2 (C1–C6): every holder's commitments and
// proofs of knowledge of every coefficient, the derived key and its fingerprint, the hash-chained journal.
import { add, equal, IDENTITY, isIdentity, multiply, multiplyBase, type Point } from './group.js';
import { canonicalJson, challenge, taggedHash } from './hash.js';
import {
  CeremonySchema, ContributionSchema, ElectionKeySchema, FinalizationSchema, RegistrationSchema, decodePoint, decodeScalar, journalCommonFields, journalStepFields,
  toBase64Url, type Contribution, type ElectionKey,
} from './formats.js';
import { object, parseWith, type Schema } from './schema.js';

const HOLDERS = [1, 2, 3] as const;

/** The public folder of a ceremony (§2.1): each file's exact text, '' for a missing one. */
export type CeremonyFolder = {
  ceremony: string;
  registrations: string[];
  contributions: string[];
  finalizations: string[];
  electionKey: string;
  journal: string;
};

/** What §2.7 concludes: the key recomputed from the ceremony (null when nothing can be recomputed) and every problem. */
export type CeremonyReport = { key: ElectionKey | null; problems: string[] };

const FAILED = 'Cérémonie des clés invalide : ';

function parseFile<T>(file: string, content: string, schema: Schema<T>, problems: string[]): T | null {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    problems.push(`${file} illisible (JSON invalide).`);
    return null;
  }
  const r = parseWith(schema, value);
  if (!r.ok) {
    problems.push(`${file} invalide : ${r.error}.`);
    return null;
  }
  return r.value;
}

type JournalEntry = Record<string, unknown> & { seq: number; action: string; hash: string };

/** C2: the chain of `journal.jsonl`; the entries up to the first altered one, and its problem if any. */
function readJournal(text: string): { entries: JournalEntry[]; problem: string | null } {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const entries: JournalEntry[] = [];
  let previous = 'genesis';
  const altered = (k: number) => ({ entries, problem: `Journal de cérémonie (journal.jsonl) : entrée ${k} du journal altérée.` });
  if (lines.length === 0 || !text.endsWith('\n')) return altered(lines.length === 0 ? 1 : lines.length);
  for (const [i, line] of lines.entries()) {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      return altered(i + 1);
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry) || canonicalJson(entry) !== line) return altered(i + 1);
    const { hash, ...body } = entry as Record<string, unknown>;
    const common = parseWith(object({ ...journalCommonFields }), { seq: body.seq, at: body.at, action: body.action, previous: body.previous, hash });
    if (!common.ok || body.seq !== i + 1 || body.previous !== previous || hash !== taggedHash('ceremony-journal', canonicalJson(body))) return altered(i + 1);
    entries.push(entry as JournalEntry);
    previous = hash;
  }
  return { entries, problem: null };
}

/** The file an entry records (§2.6), by action and holder. */
function fileOf(action: string, holder: unknown): string {
  if (action === 'open') return 'ceremony.json';
  if (action === 'publish') return 'election-key.json';
  const kind = action === 'register' ? 'registration' : action === 'contribute' ? 'contribution' : 'finalization';
  return `${kind}-${String(holder)}.json`;
}

/** C3: allowed actions, each step once, no complaint, each recorded file the one in the folder. */
function checkJournalEntries(entries: JournalEntry[], fileText: (file: string) => string): { problems: string[]; byStep: Map<string, JournalEntry> } {
  const problems: string[] = [];
  const byStep = new Map<string, JournalEntry>();
  for (const entry of entries) {
    const { action, seq } = entry;
    const fields = journalStepFields[action];
    if (!fields) {
      problems.push(`Le journal de cérémonie (entrée n° ${seq}) consigne une action inconnue « ${action} ».`);
      continue;
    }
    const perHolder = action !== 'open' && action !== 'publish';
    if (perHolder && !(typeof entry.holder === 'number' && HOLDERS.includes(entry.holder as 1))) {
      problems.push(`Le journal de cérémonie (entrée n° ${seq}) consigne un détenteur invalide.`);
      continue;
    }
    const { seq: _s, at: _a, action: _ac, previous: _p, hash: _h, ...step } = entry;
    const shape = parseWith(object(fields), step);
    if (!shape.ok) {
      problems.push(`Le journal de cérémonie (entrée n° ${seq}) est mal formé : ${shape.error}.`);
      continue;
    }
    if (action === 'complaint') {
      problems.push(`Le journal de cérémonie consigne une réclamation du détenteur ${String(entry.holder)} (entrée n° ${seq}) : ${String(entry.reason)}.`);
      continue;
    }
    const step_ = perHolder ? `${action}/${String(entry.holder)}` : action;
    const first = byStep.get(step_);
    if (first) {
      problems.push(`Le journal de cérémonie consigne deux fois l’étape « ${action} »${perHolder ? ` du détenteur ${String(entry.holder)}` : ''} (entrées n° ${first.seq} et ${seq}).`);
      continue;
    }
    byStep.set(step_, entry);
    const file = fileOf(action, entry.holder);
    if (entry.file !== taggedHash('file', fileText(file))) problems.push(`${file} n’est pas le fichier consigné au journal (entrée n° ${seq}) : fichier modifié.`);
  }
  for (const action of ['open', 'register', 'contribute', 'finalize', 'publish']) {
    const steps = action === 'open' || action === 'publish' ? [action] : HOLDERS.map((h) => `${action}/${h}`);
    for (const s of steps) if (!byStep.has(s)) problems.push(`Le journal de cérémonie ne consigne pas l’étape « ${action} »${s.includes('/') ? ` du détenteur ${s.split('/')[1]}` : ''}.`);
  }
  return { problems, byStep };
}

/** One journal step field compared, as canonical JSON, with its file's (C3). */
function compareStep(entry: JournalEntry | undefined, file: string, fields: Record<string, unknown>, problems: string[]): void {
  if (!entry) return;
  for (const [field, value] of Object.entries(fields)) {
    if (canonicalJson(entry[field]) !== canonicalJson(value)) problems.push(`Le journal (entrée n° ${entry.seq}) consigne un champ « ${field} » différent de celui de ${file}.`);
  }
}

/** §2.3: z·G = t + c·C_Nk with c = challenge("knowledge", [ceremonyId, N, "coefficient", k, C_Nk, t]). */
function proofOfKnowledgeHolds(ceremonyId: string, contribution: Contribution, k: number): boolean {
  const C = decodePoint(contribution.commitments[k]!);
  const t = decodePoint(contribution.proofs[k]!.t);
  const z = decodeScalar(contribution.proofs[k]!.z);
  if (!C || !t || z === null) return false;
  const c = challenge('knowledge', [ceremonyId, String(contribution.holder), 'coefficient', String(k), C, t]);
  return equal(multiplyBase(z), add(t, multiply(C, c)));
}

/**
 * C1–C6 of §2.7 on a ceremony folder. `urnManifestFingerprint`: the urn header's, bound by `publish`'s
 * `manifestFingerprint` when the journal records one.
 */
export function verifyCeremony(folder: CeremonyFolder, urnManifestFingerprint: string | null): CeremonyReport {
  const problems: string[] = [];
  const names = {
    ceremony: 'ceremony.json',
    registrations: HOLDERS.map((h) => `registration-${h}.json`),
    contributions: HOLDERS.map((h) => `contribution-${h}.json`),
    finalizations: HOLDERS.map((h) => `finalization-${h}.json`),
  };
  const texts = new Map<string, string>([
    [names.ceremony, folder.ceremony],
    ['election-key.json', folder.electionKey],
    ...HOLDERS.flatMap((h, i) => [
      [names.registrations[i]!, folder.registrations[i] ?? ''],
      [names.contributions[i]!, folder.contributions[i] ?? ''],
      [names.finalizations[i]!, folder.finalizations[i] ?? ''],
    ] as [string, string][]),
  ]);
  // C2, C3 (files' hashes): first, as the journal says which bytes the holders produced.
  const journal = readJournal(folder.journal);
  let byStep = new Map<string, JournalEntry>();
  if (journal.problem) problems.push(journal.problem);
  else {
    const c3 = checkJournalEntries(journal.entries, (file) => texts.get(file) ?? '');
    problems.push(...c3.problems);
    byStep = c3.byStep;
  }
  // C1.
  const ceremony = parseFile(names.ceremony, folder.ceremony, CeremonySchema, problems);
  const registrations = HOLDERS.map((h, i) => parseFile(names.registrations[i]!, folder.registrations[i] ?? '', RegistrationSchema, problems));
  const contributions = HOLDERS.map((h, i) => parseFile(names.contributions[i]!, folder.contributions[i] ?? '', ContributionSchema, problems));
  const finalizations = HOLDERS.map((h, i) => parseFile(names.finalizations[i]!, folder.finalizations[i] ?? '', FinalizationSchema, problems));
  const published = parseFile('election-key.json', folder.electionKey, ElectionKeySchema, problems);
  if (!ceremony || registrations.some((r) => !r) || contributions.some((c) => !c) || finalizations.some((f) => !f) || !published) return { key: null, problems };
  const { ceremonyId, electionCode } = ceremony;
  HOLDERS.forEach((h, i) => {
    for (const [file, content] of [[names.registrations[i]!, registrations[i]!], [names.contributions[i]!, contributions[i]!], [names.finalizations[i]!, finalizations[i]!]] as const) {
      if (content.ceremonyId !== ceremonyId || content.holder !== h) problems.push(`${FAILED}${file} ne porte pas sur cette cérémonie ou sur ce détenteur (cérémonie ${ceremonyId}, détenteur ${h}).`);
    }
  });
  // C3, step fields.
  compareStep(byStep.get('open'), names.ceremony, { electionCode, ceremonyId }, problems);
  HOLDERS.forEach((h, i) => {
    compareStep(byStep.get(`register/${h}`), names.registrations[i]!, { holder: h, name: registrations[i]!.name }, problems);
    compareStep(byStep.get(`contribute/${h}`), names.contributions[i]!, { holder: h, commitments: contributions[i]!.commitments }, problems);
    compareStep(byStep.get(`finalize/${h}`), names.finalizations[i]!, { holder: h, verificationKey: finalizations[i]!.verificationKey }, problems);
  });
  const publish = byStep.get('publish');
  compareStep(publish, 'election-key.json', { publicKey: published.publicKey, keyFingerprint: published.keyFingerprint }, problems);
  if (publish && publish.manifestFingerprint !== null && urnManifestFingerprint !== null && publish.manifestFingerprint !== urnManifestFingerprint) {
    problems.push(`L’empreinte de l’élection consignée au journal de cérémonie (publication) n’est pas celle de l’urne : ${String(publish.manifestFingerprint)} au journal, ${urnManifestFingerprint} dans l’urne.`);
  }
  // C4.
  for (const contribution of contributions) {
    for (const k of [0, 1]) {
      if (!proofOfKnowledgeHolds(ceremonyId, contribution!, k)) problems.push(`${FAILED}La preuve de connaissance du détenteur ${contribution!.holder} pour son coefficient ${k} est invalide.`);
    }
  }
  // §2.5: Y = Σ C_i0, Y_j = Σ_i (C_i0 + j·C_i1).
  const commitments = contributions.map((c) => c!.commitments.map((p) => decodePoint(p)));
  if (commitments.flat().some((p) => p === null)) {
    problems.push(`${FAILED}un engagement n’est pas un élément du groupe.`);
    return { key: null, problems };
  }
  const C = commitments as Point[][];
  const Y = C.reduce((acc, [c0]) => add(acc, c0!), IDENTITY);
  const Yj = HOLDERS.map((j) => C.reduce((acc, [c0, c1]) => add(acc, add(c0!, multiply(c1!, BigInt(j)))), IDENTITY));
  if (isIdentity(Y)) problems.push(`${FAILED}la clé publique recalculée est l’élément neutre.`);
  const commitmentTexts = contributions.map((c) => c!.commitments);
  const publicKey = toBase64Url(Y);
  const keyFingerprint = taggedHash('election-key', canonicalJson({ ceremonyId, electionCode, publicKey, commitments: commitmentTexts }));
  const key: ElectionKey = {
    format: 'scrutin-election-key/1', electionCode, ceremonyId, threshold: 2, holders: 3, publicKey,
    verificationKeys: Yj.map(toBase64Url), commitments: commitmentTexts, keyFingerprint,
  };
  // C5.
  const contributionHashes = contributions.map((c) => taggedHash('contribution', canonicalJson(c)));
  finalizations.forEach((f, i) => {
    const file = names.finalizations[i]!;
    if (canonicalJson(f!.contributionHashes) !== canonicalJson(contributionHashes)) problems.push(`${FAILED}${file} ne confirme pas les contributions publiées (contributionHashes).`);
    if (f!.publicKey !== publicKey) problems.push(`${FAILED}${file} confirme une autre clé publique que celle des engagements.`);
    if (f!.verificationKey !== key.verificationKeys[i]) problems.push(`${FAILED}${file} porte une clé de vérification différente de celle des engagements.`);
  });
  // C6.
  if (canonicalJson(published) !== canonicalJson(key)) {
    problems.push('election-key.json diffère de la clé que recalculent les contributions et confirmations de la cérémonie (engagements, clés de vérification, clé publique ou empreinte).');
  }
  return { key, problems };
}
