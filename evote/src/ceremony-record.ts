// Public verification of the key ceremony (issue 13, item 2): from the ceremony's public folder alone,
// anyone recomputes the election key and checks every holder's proofs and the journal. Isomorphic: the
// caller hands the files' texts (the Node CLI reads them from the folder).
import type { z } from 'zod';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { taggedHashHex } from './group.js';
import {
  buildElectionKey, CeremonySchema, ContributionSchema, FinalizationSchema, HOLDERS, RegistrationSchema,
} from './dkg.js';
import { ElectionKeySchema, IsoInstant, schemaProblem, type ElectionKey } from './schemas.js';
import { type Result, ok, err } from '@scrutin/basics/result.js';

/** One line of journal.jsonl: `seq`, `at`, the step's fields, `previous` (hash of the line before) and `hash`. */
export type JournalEntry = Record<string, unknown> & { seq: number; action: string; previous: string; hash: string };

/** The hash a journal line carries: H("ceremony-journal", canonical line without `hash`). */
export function journalEntryHash(body: Record<string, unknown>): string {
  return taggedHashHex('ceremony-journal', canonicalJson(body));
}

/** The hash the journal records for a published file: H("file", its bytes). */
export function publishedFileHash(bytes: Uint8Array | string): string {
  return taggedHashHex('file', bytes);
}

/**
 * Checks the journal's chain: each line canonical, numbered from 1, `at` as `toISOString` writes it, hashing
 * the line before ("genesis" for the first) and carrying its own hash. Returns the entries, or the French reason naming the line.
 */
export function verifyJournalLines(lines: readonly string[]): Result<JournalEntry[], string> {
  let previous = 'genesis';
  const entries: JournalEntry[] = [];
  for (const [i, line] of lines.entries()) {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return err(`entrée ${i + 1} du journal illisible (JSON invalide)`);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return err(`entrée ${i + 1} du journal illisible`);
    const { hash, ...body } = raw as Record<string, unknown>;
    if (canonicalJson(raw) !== line || body.previous !== previous || body.seq !== i + 1 || typeof body.action !== 'string' || !IsoInstant.safeParse(body.at).success || journalEntryHash(body) !== hash)
      return err(`entrée ${i + 1} du journal altérée`);
    entries.push(raw as JournalEntry);
    previous = hash as string;
  }
  return ok(entries);
}

/** The actions a journal may hold, and how many times: the ceremony commands refuse to run a step twice. */
const ONCE = new Set(['open', 'publish']);
const ONCE_PER_HOLDER = new Set(['register', 'contribute', 'finalize']);

/**
 * C3's rules on the entries themselves: only known actions; `open` and `publish` once, `register`,
 * `contribute`, `finalize` once per holder 1–3; and no `complaint`, which `finalize` journals when a
 * holder's received sub-share or a proof fails: a complaint cannot be arbitrated from public data (the
 * sub-share is encrypted to its recipient), so a ceremony that has one is not accepted.
 */
function journalActionProblems(entries: readonly JournalEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const e of entries) {
    if (e.action === 'complaint') {
      problems.push(`Le journal de cérémonie consigne une réclamation du détenteur ${String(e.holder)} (entrée n° ${e.seq}) : ${String(e.reason)}`);
      continue;
    }
    const perHolder = ONCE_PER_HOLDER.has(e.action);
    if (!perHolder && !ONCE.has(e.action)) {
      problems.push(`Le journal de cérémonie (entrée n° ${e.seq}) consigne une action inconnue « ${e.action} ».`);
      continue;
    }
    if (perHolder && !HOLDERS.some((h) => h === e.holder)) {
      problems.push(`Le journal de cérémonie (entrée n° ${e.seq}) consigne un détenteur invalide.`);
      continue;
    }
    const key = perHolder ? `${e.action}/${String(e.holder)}` : e.action;
    const first = seen.get(key);
    if (first !== undefined) problems.push(`Le journal de cérémonie consigne deux fois l’étape « ${e.action} »${perHolder ? ` du détenteur ${String(e.holder)}` : ''} (entrées n° ${first} et ${e.seq}).`);
    else seen.set(key, e.seq);
  }
  return problems;
}

/** The public folder of a ceremony, as texts: what `scrutin-urn ceremony` writes beside election-key.json. */
export type CeremonyFiles = {
  ceremony: string;
  registrations: string[];
  contributions: string[];
  finalizations: string[];
  electionKey: string;
  journal: string;
};

/** File names as the ceremony commands write them (the reasons name them). */
export const CEREMONY_FILE_NAMES = {
  ceremony: 'ceremony.json',
  registration: (h: number) => `registration-${h}.json`,
  contribution: (h: number) => `contribution-${h}.json`,
  finalization: (h: number) => `finalization-${h}.json`,
  electionKey: 'election-key.json',
  journal: 'journal.jsonl',
} as const;

function parseFile<T>(text: string, schema: z.ZodType<T>, name: string): Result<T, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return err(`${name} illisible (JSON invalide).`);
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : err(`${name} invalide : ${schemaProblem(parsed.error)}.`);
}

/**
 * The whole public record of the ceremony (art. 12): every file well formed; the journal's chain intact
 * and each published file the one it recorded (by hash); every holder's proof of knowledge of each of
 * its polynomial's coefficients (which is what stops a rogue key C_3 = x·G − C_1 − C_2); the election
 * key recomputed from the contributions and the three confirmations, equal to election-key.json field
 * for field (commitments, verification keys, public key, fingerprint). Returns the verified key, or
 * every problem found, in French, naming the file.
 */
export function verifyCeremonyRecord(files: CeremonyFiles, options: { manifestFingerprint?: string } = {}): Result<ElectionKey, string[]> {
  const problems: string[] = [];
  const journal = verifyJournalLines(files.journal.split('\n').filter((l) => l.trim() !== ''));
  if (!journal.ok) problems.push(`Journal de cérémonie (${CEREMONY_FILE_NAMES.journal}) : ${journal.error}.`);
  if (journal.ok) problems.push(...journalActionProblems(journal.value));
  const recorded = (action: string, holder: number | undefined, name: string, text: string) => {
    if (!journal.ok) return undefined;
    const entry = journal.value.find((e) => e.action === action && (holder === undefined || e.holder === holder));
    if (!entry) problems.push(`Le journal de cérémonie ne consigne pas ${name}.`);
    else if (entry.file !== publishedFileHash(text)) problems.push(`${name} n’est pas le fichier consigné au journal (entrée n° ${entry.seq}) : fichier modifié.`);
    return entry;
  };
  // The step fields a journal entry repeats from its file must be the file's (C3): the printed record shows them.
  const sameFields = (entry: JournalEntry | undefined, name: string, file: Record<string, unknown> | undefined, fields: string[]) => {
    if (!entry || !file) return;
    for (const field of fields)
      if (canonicalJson(entry[field] ?? null) !== canonicalJson(file[field] ?? null))
        problems.push(`Le journal (entrée n° ${entry.seq}) consigne un champ « ${field} » différent de celui de ${name}.`);
  };
  const openEntry = recorded('open', undefined, CEREMONY_FILE_NAMES.ceremony, files.ceremony);
  const holderEntries = HOLDERS.map((h, i) => ({
    register: recorded('register', h, CEREMONY_FILE_NAMES.registration(h), files.registrations[i] ?? ''),
    contribute: recorded('contribute', h, CEREMONY_FILE_NAMES.contribution(h), files.contributions[i] ?? ''),
    finalize: recorded('finalize', h, CEREMONY_FILE_NAMES.finalization(h), files.finalizations[i] ?? ''),
  }));
  recorded('publish', undefined, CEREMONY_FILE_NAMES.electionKey, files.electionKey);

  const ceremony = parseFile(files.ceremony, CeremonySchema, CEREMONY_FILE_NAMES.ceremony);
  const each = <T>(texts: string[], schema: z.ZodType<T>, name: (h: number) => string) =>
    HOLDERS.map((h, i) => parseFile(texts[i] ?? '', schema, name(h)));
  const registrations = each(files.registrations, RegistrationSchema, CEREMONY_FILE_NAMES.registration);
  const contributions = each(files.contributions, ContributionSchema, CEREMONY_FILE_NAMES.contribution);
  const finalizations = each(files.finalizations, FinalizationSchema, CEREMONY_FILE_NAMES.finalization);
  const published = parseFile(files.electionKey, ElectionKeySchema, CEREMONY_FILE_NAMES.electionKey);
  for (const r of [ceremony, ...registrations, ...contributions, ...finalizations, published]) if (!r.ok) problems.push(r.error);
  const value = <T>(r: Result<T, string> | undefined) => (r?.ok ? (r.value as Record<string, unknown>) : undefined);
  sameFields(openEntry, CEREMONY_FILE_NAMES.ceremony, value(ceremony), ['electionCode', 'ceremonyId']);
  HOLDERS.forEach((h, i) => {
    const e = holderEntries[i]!;
    sameFields(e.register, CEREMONY_FILE_NAMES.registration(h), value(registrations[i]), ['holder', 'name']);
    sameFields(e.contribute, CEREMONY_FILE_NAMES.contribution(h), value(contributions[i]), ['holder', 'commitments']);
    sameFields(e.finalize, CEREMONY_FILE_NAMES.finalization(h), value(finalizations[i]), ['holder', 'verificationKey']);
  });
  const contributionValues = contributions.flatMap((c) => (c.ok ? [c.value] : []));
  const finalizationValues = finalizations.flatMap((f) => (f.ok ? [f.value] : []));
  if (!ceremony.ok || !published.ok || contributionValues.length < HOLDERS.length || finalizationValues.length < HOLDERS.length) return err(problems);

  const rebuilt = buildElectionKey(ceremony.value, contributionValues, finalizationValues);
  if (!rebuilt.ok) problems.push(`Cérémonie des clés invalide : ${rebuilt.error}`);
  else if (canonicalJson(rebuilt.value) !== canonicalJson(published.value))
    problems.push(`${CEREMONY_FILE_NAMES.electionKey} diffère de la clé que recalculent les contributions et confirmations de la cérémonie (engagements, clés de vérification, clé publique ou empreinte).`);
  if (journal.ok && published.ok) {
    const publish = journal.value.find((e) => e.action === 'publish');
    if (publish && (publish.publicKey !== published.value.publicKey || publish.keyFingerprint !== published.value.keyFingerprint))
      problems.push('La clé publique ou l’empreinte consignées au journal diffèrent de election-key.json.');
    // Published with --manifest, the ceremony vouches for one election layout: the urn must be of that one.
    if (publish && options.manifestFingerprint !== undefined && publish.manifestFingerprint !== null && publish.manifestFingerprint !== options.manifestFingerprint)
      problems.push('L’empreinte de l’élection consignée au journal de cérémonie (publication) n’est pas celle de l’urne : autre description du scrutin (urnes, sièges ou candidats).');
  }
  return problems.length > 0 ? err(problems) : ok(published.value);
}

/**
 * The journal line that follows `last` (undefined for the first): `seq`, `at`, the entry's fields,
 * `previous`, then `hash` over all of them. Canonical JSON, as `verifyJournalLines` expects.
 */
export function nextJournalLine(last: string | undefined, entry: Record<string, unknown>, at: Date): { line: string; hash: string } {
  const before = last === undefined ? null : (JSON.parse(last) as { hash: string; seq: number });
  const body = { seq: before ? before.seq + 1 : 1, at: at.toISOString(), ...entry, previous: before ? before.hash : 'genesis' };
  const hash = journalEntryHash(body);
  return { line: canonicalJson({ ...body, hash }), hash };
}
