/**
 * Unsealing of the electronic urn at the station (art. 12; invariants 5 and 7). Format: docs/formats/urn.md.
 *
 * 1. The urn file is checked publicly: seal, Merkle root, every ballot proof (evote's verifier), the
 *    platform key against the one recorded when the station was sealed, the urn layout against the
 *    station's validated candidates, and the ballots per urn against the electronic emargement.
 * 2. The checked urn opens a session, journaled with its public aggregates; nothing is decrypted yet.
 * 3. Each holder brings a share file and its passphrase (or a partial decryption made on their own
 *    machine). The share is opened in memory only, used for one partial decryption with its proof and
 *    dropped; only the public partial is journaled, with the holder's account.
 * 4. After two distinct holders the partials are combined, re-verified by evote's verifier and handed to
 *    recordElectronicTally (source UNSEALING, invariant 5 again). One partial alone gives no count at all.
 *
 * The session lives in the journal (append-only, hash-chained): the partials are public data and the
 * journal is exactly where the commission will look for who unsealed and when.
 */
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '@scrutin/db';
import { platformKeyFingerprint, UrnHeaderSchema, type ElectionManifest, type ElectronicTally as UrnElectronicTally, type PartialDecryption } from '@scrutin/evote';
import { fromBase64Url } from '@scrutin/evote/encoding.js';
import { encodeAggregates } from '@scrutin/evote/tally.js';
import { checkUrnFile } from '@scrutin/evote/node/urn-file.js';
import { URN_CHECK_GROUP } from '@scrutin/evote/group-backend.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Actor } from '@scrutin/domain/roles.js';
import { digestOf } from '@scrutin/basics/canonical-json.js';
import { DEFAULT_URN_WORKERS } from '../config.js';
import { offThread } from '../basics/off-thread.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { getElection, requireState } from '../election/election.js';
import { appendJournal } from '../journal/journal.js';
import { loadElectronicTallies, loadUrnBases } from '../results/results.js';
import type { UrnBase } from '@scrutin/contract/results-types.js';
import { recordElectronicTally } from './electronic-tally.js';
import * as store from '../store/index.js';
import { refuse, type ContributionInput, type UnsealingSession } from './unseal-compute.js';
import type { CountingError, UnsealingState, UnsealingStatus, UrnIntegrity } from '@scrutin/contract/counting-types.js';

/** The pure computations of unsealing-compute.ts, run off the request thread. */
const COMPUTE = new URL('./unseal-compute.js', import.meta.url);
const compute = <T>(name: string, ...args: unknown[]) => offThread<T>(COMPUTE, name, args);

const candidateName = (c: { lastName: string; firstNames: string }) => `${c.lastName} ${c.firstNames}`;
const normalise = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The evote manifest of the station's election: urns with their seats and candidates in the station's
 * order (by id), named as the platform's loader names them (« NOM Prénoms »).
 */
export function stationManifest(electionCode: string, bases: readonly UrnBase[]): ElectionManifest {
  return { electionCode, urns: bases.map((b) => ({ id: b.id, label: b.label, seats: b.seats, candidates: b.candidates.map(candidateName) })) };
}

/** Differences between the urn's manifest and the station's urns and validated candidates (pure). */
export function manifestProblems(electionCode: string, bases: readonly UrnBase[], manifest: ElectionManifest): string[] {
  const problems: string[] = [];
  if (manifest.electionCode !== electionCode) problems.push(`L’urne est celle du scrutin ${manifest.electionCode}, le poste dépouille ${electionCode}.`);
  const byId = new Map(manifest.urns.map((u) => [u.id, u]));
  for (const b of bases) {
    const u = byId.get(b.id);
    if (!u) {
      problems.push(`Urne ${b.id} (${b.label}) absente du fichier d’urne.`);
      continue;
    }
    if (u.seats !== b.seats) problems.push(`Urne ${b.id} : ${u.seats} siège(s) dans l’urne, ${b.seats} au poste.`);
    if (u.candidates.length !== b.candidates.length) {
      problems.push(`Urne ${b.id} : ${u.candidates.length} candidats dans l’urne, ${b.candidates.length} candidatures validées au poste.`);
      continue;
    }
    // Either the candidate's id or its name, in the station's order: the vote arrays follow that order.
    b.candidates.forEach((c, i) => {
      const given = u.candidates[i]!;
      if (given !== c.id && normalise(given) !== normalise(candidateName(c)))
        problems.push(`Urne ${b.id}, candidat n° ${i + 1} : « ${given} » dans l’urne, « ${candidateName(c)} » au poste.`);
    });
  }
  for (const u of manifest.urns) if (!bases.some((b) => b.id === u.id)) problems.push(`Urne « ${u.id} » du fichier inconnue du poste.`);
  return problems;
}

/** Invariant 5 before anything is decrypted: ballots per urn = electronic emargement of its rights. */
export function emargementProblems(bases: readonly UrnBase[], perUrn: Record<string, number>): string[] {
  return bases
    .filter((b) => (perUrn[b.id] ?? 0) !== b.electronicVoters)
    .map((b) => `Urne ${b.id} : ${perUrn[b.id] ?? 0} bulletin(s) dans l’urne pour ${b.electronicVoters} émargement(s) électronique(s) (invariant 5).`);
}

/** Called with the number of ballots checked so far while an urn file is read. */
export type UrnProgress = (ballotsChecked: number) => void;

/**
 * How an urn file is checked: `onProgress`, and `workers`, the worker threads checking its ballots (the
 * station's SCRUTIN_URN_WORKERS, config.ts; default 2). Never none: each ballot's proofs take 15–30 ms here,
 * and the station's event loop must keep answering scans (a 4,000 ballot urn checked in-process stopped every
 * scanning station for minutes).
 */
export type UrnCheckOptions = { onProgress?: UrnProgress | undefined; workers?: number };

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export type CheckedUrn = { integrity: UrnIntegrity; session: UnsealingSession };

/** The public integrity check of an urn file against this station (reads only). */
export async function checkUrnForStation(db: Queryable, path: string, options: UrnCheckOptions = {}): Promise<Result<CheckedUrn, CountingError>> {
  const election = await getElection(db);
  if (!election) return refuse('NO_ELECTION', "Aucune élection n'est configurée.");
  const recordedKey = (await store.seals.platformPublicKey(db))?.toLowerCase();
  if (!recordedKey) return refuse('NOT_SEALED', "Le poste n'a pas été scellé : aucune clé de plateforme enregistrée.");
  let fileSha256: string;
  try {
    fileSha256 = await sha256File(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return refuse('FILE_UNREADABLE', code === 'ENOENT' ? `Fichier d’urne introuvable : ${path}` : `Fichier d’urne illisible (${code ?? 'erreur'}).`);
  }
  const checked = await checkUrnFile(path, { group: URN_CHECK_GROUP, workers: options.workers ?? DEFAULT_URN_WORKERS, ...(options.onProgress ? { onChunk: options.onProgress } : {}) });
  if (!checked.ok) return refuse('URN_UNREADABLE', `Urne illisible : ${checked.error}`);
  const { verified, check } = checked.value;
  const header = verified.header;
  const platformKey = bytesToHex(fromBase64Url(header.platformPublicKey));
  const bases = await loadUrnBases(db);
  const problems = [...check.problems];
  if (platformKey !== recordedKey)
    problems.push(`L’urne est signée par une autre clé (empreinte ${platformKeyFingerprint(fromBase64Url(header.platformPublicKey))}) que la clé de plateforme enregistrée au scellement du poste.`);
  problems.push(...manifestProblems(election.code, bases, header.manifest), ...emargementProblems(bases, check.perUrn));
  const integrity: UrnIntegrity = {
    valid: problems.length === 0,
    electionCode: header.manifest.electionCode,
    manifestFingerprint: header.manifestFingerprint,
    merkleRoot: check.merkleRoot,
    ballotCount: check.ballotCount,
    voteClosesAt: election.voteClosesAt.toISOString(),
    closedAt: check.closedAt,
    platformKeyFingerprint: platformKeyFingerprint(fromBase64Url(header.platformPublicKey)),
    fileSha256,
    urns: bases.map((b) => ({ urnId: b.id, label: b.label, ballots: check.perUrn[b.id] ?? 0, electronicVoters: b.electronicVoters })),
    problems,
  };
  const session: UnsealingSession = {
    fileSha256,
    header,
    merkleRoot: check.merkleRoot,
    ballotCount: check.ballotCount,
    perUrn: check.perUrn,
    closedAt: check.closedAt,
    aggregates: encodeAggregates(check.aggregates),
    integrity,
  };
  return ok({ integrity, session });
}

type PartialEntry = { merkleRoot: string; holder: number; source: 'SHARE' | 'PARTIAL'; partial: PartialDecryption };

/** The journaled session and its partials, in the order they were recorded. */
export async function loadSession(db: Queryable): Promise<{ session: UnsealingSession | null; partials: (PartialEntry & { login: string; at: string })[] }> {
  const rows = await store.tally.unsealingEntries(db);
  const parse = (p: unknown) => (typeof p === 'string' ? (JSON.parse(p) as unknown) : p);
  const open = rows.find((r) => r.action === 'unseal.open');
  if (!open) return { session: null, partials: [] };
  const session = parse(open.payload) as UnsealingSession;
  UrnHeaderSchema.parse(session.header);
  const partials = rows
    .filter((r) => r.action === 'unseal.partial')
    .map((r) => ({ ...(parse(r.payload) as PartialEntry), login: r.actor_login, at: new Date(r.at).toISOString() }))
    .filter((p) => p.merkleRoot === session.merkleRoot);
  return { session, partials };
}

/** The first partial of each holder, in order: the combination uses the first two distinct holders. */
function distinctHolders<T extends { holder: number }>(partials: readonly T[]): T[] {
  return partials.filter((p, i) => partials.findIndex((q) => q.holder === p.holder) === i);
}

export async function unsealingStatus(db: Queryable): Promise<UnsealingStatus> {
  const { session, partials } = await loadSession(db);
  const source = await store.tally.tallySource(db);
  const contributions = partials.map((p) => ({ holder: p.holder, login: p.login, at: p.at, source: p.source }));
  const holders = distinctHolders(partials).map((p) => p.holder);
  let state: UnsealingState = session === null ? 'NO_URN' : holders.length >= 2 ? 'READY_TO_COMBINE' : 'AWAITING_HOLDERS';
  if (source === 'FILE') state = 'TALLY_FROM_FILE';
  let tally: UnsealingStatus['tally'] = null;
  if (source === 'UNSEALING') {
    state = 'COMBINED';
    const bases = await loadUrnBases(db);
    const tallies = await loadElectronicTallies(db);
    // An unsealing done away from the station (tally import-urn) left its holders in the import's journal entry.
    const entry = await store.tally.tallyImportPayload(db);
    const recorded = (typeof entry === 'string' ? JSON.parse(entry) : entry) as { details?: { holders?: number[] } } | undefined;
    tally = {
      holders: recorded?.details?.holders ?? holders.slice(0, 2).sort((a, b) => a - b),
      urns: bases.map((b) => {
        const t = tallies.get(b.id);
        return {
          urnId: b.id,
          label: b.label,
          ballots: t?.ballots ?? 0,
          blank: t?.blank ?? 0,
          candidates: b.candidates.map((c) => ({ id: c.id, name: candidateName(c), votes: t?.votes[c.id] ?? 0 })),
        };
      }),
    };
  }
  // The election's close is read now, not from the journaled check: a session recorded before this field existed shows it too.
  const election = await getElection(db);
  const integrity = session && election ? { ...session.integrity, voteClosesAt: election.voteClosesAt.toISOString() } : (session?.integrity ?? null);
  return { state, threshold: 2, integrity, contributions, tally };
}

/** Locks the election row and checks that an unsealing step may be recorded now. */
async function lockForUnsealing(tx: Queryable): Promise<CountingError | null> {
  const election = await getElection(tx);
  const refusal = requireState(election, ['COUNTING'], 'desceller l’urne électronique');
  if (refusal) return refusal;
  await store.tally.lockElection(tx);
  if ((await store.tally.tallySource(tx)) !== null) return { code: 'ALREADY_IMPORTED', message: 'Le dépouillement électronique est déjà chargé : le descellement est terminé.' };
  return null;
}

/**
 * Checks the urn and opens the unsealing session. Opening again with the same urn changes nothing;
 * another urn is refused once a session is open. A rejected urn leaves no trace but its report.
 */
export async function openUnsealing(db: Db, actor: Actor, path: string, options: UrnCheckOptions = {}): Promise<Result<UnsealingStatus, CountingError>> {
  const checked = await checkUrnForStation(db, path, options);
  if (!checked.ok) return checked;
  const { integrity, session } = checked.value;
  if (!integrity.valid) return refuse('URN_REJECTED', 'Urne rejetée par le contrôle d’intégrité : aucun descellement possible.', integrity.problems);
  const opened = await db.transaction(async (tx): Promise<Result<null, CountingError>> => {
    const refusal = await lockForUnsealing(tx);
    if (refusal) return err(refusal);
    const existing = await loadSession(tx);
    if (existing.session) {
      if (existing.session.merkleRoot === session.merkleRoot) return ok(null);
      return refuse('OTHER_URN', `Une autre urne (racine de Merkle ${existing.session.merkleRoot}) est déjà en cours de descellement.`);
    }
    await appendJournal(tx, actor, 'unseal.open', session);
    return ok(null);
  });
  if (!opened.ok) return opened;
  return ok(await unsealingStatus(db));
}


/**
 * One holder's contribution: a share with its passphrase (opened in memory here) or a partial made on
 * the holder's machine. Its proof is checked, it is journaled with the account, and when two distinct
 * holders are in, the tally is combined and recorded.
 */
export async function contributeToUnsealing(db: Db, actor: Actor, input: ContributionInput): Promise<Result<UnsealingStatus, CountingError>> {
  if (actor.userId === null) return refuse('NAMED_ACCOUNT_REQUIRED', 'Une contribution au descellement est nominative : connectez-vous avec votre compte de détenteur.');
  const { session } = await loadSession(db);
  if (!session) return refuse('NO_URN', 'Aucune urne n’est chargée : faites d’abord contrôler le fichier d’urne.');
  if ((await store.tally.tallySource(db)) !== null) return refuse('ALREADY_IMPORTED', 'Le dépouillement électronique est déjà chargé : le descellement est terminé.');
  const partial = await compute<Result<PartialDecryption, CountingError>>('contributionPartial', session, input);
  if (!partial.ok) return partial;
  const recorded = await db.transaction(async (tx): Promise<Result<number, CountingError>> => {
    const refusal = await lockForUnsealing(tx);
    if (refusal) return err(refusal);
    const current = await loadSession(tx);
    if (current.session?.merkleRoot !== session.merkleRoot) return refuse('OTHER_URN', 'L’urne en cours de descellement a changé : recommencez.');
    const holder = partial.value.holder;
    if (current.partials.some((p) => p.holder === holder)) return refuse('HOLDER_ALREADY_CONTRIBUTED', `Le détenteur ${holder} a déjà apporté sa part : il faut un autre détenteur.`);
    if (current.partials.some((p) => p.login === actor.login))
      return refuse('ACCOUNT_ALREADY_CONTRIBUTED', 'Ce compte a déjà apporté une part : le second détenteur doit se connecter avec son propre compte.');
    const entry: PartialEntry = { merkleRoot: session.merkleRoot, holder, source: 'share' in input ? 'SHARE' : 'PARTIAL', partial: partial.value };
    await appendJournal(tx, actor, 'unseal.partial', entry);
    return ok(distinctHolders([...current.partials, entry]).length);
  });
  if (!recorded.ok) return recorded;
  if (recorded.value < 2) return ok(await unsealingStatus(db));
  const combined = await combineUnsealing(db, actor);
  if (combined.ok) return combined;
  return ok({ ...(await unsealingStatus(db)), combinationError: combined.error });
}

/** Combines the first two distinct holders' partials, re-verifies, and records the tally (source UNSEALING). */
export async function combineUnsealing(db: Db, actor: Actor): Promise<Result<UnsealingStatus, CountingError>> {
  const { session, partials } = await loadSession(db);
  if (!session) return refuse('NO_URN', 'Aucune urne n’est chargée pour le descellement.');
  const pair = distinctHolders(partials).slice(0, 2);
  if (pair.length < 2) return refuse('NOT_ENOUGH_HOLDERS', `Il faut les parts de deux détenteurs différents (${pair.length} sur 2) : aucun résultat n’est calculé avant.`);
  const tally = await compute<Result<UrnElectronicTally, string[]>>('combineSession', session, pair.map((p) => p.partial));
  if (!tally.ok) return refuse('TALLY_NOT_VERIFIED', 'Le dépouillement combiné ne passe pas la vérification.', tally.error);
  const holders = tally.value.holders;
  const recorded = await recordElectronicTally(db, actor, {
    source: 'UNSEALING',
    verification: `descellement au poste par les détenteurs ${holders.join(' et ')} : preuves de Chaum-Pedersen et combinaison vérifiées (racine de Merkle ${session.merkleRoot})`,
    fileSha256: session.fileSha256,
    urns: tally.value.urns.map((u) => ({ urnId: u.urnId, ballots: u.ballots, blank: u.blank, votes: u.votes })),
    details: { merkleRoot: session.merkleRoot, manifestFingerprint: session.header.manifestFingerprint, holders, tallyDigest: digestOf(tally.value) },
  });
  // Two holders finishing at the same time: the second sees the first one's import, which is the same tally.
  if (!recorded.ok && !(recorded.error.code === 'ALREADY_IMPORTED' && (await store.tally.tallySource(db)) === 'UNSEALING')) return recorded;
  return ok(await unsealingStatus(db));
}

/** The evote tally (scrutin-electronic-tally/1) of a finished unsealing, for `scrutin-verify-urn`. */
export async function unsealedTallyFile(db: Queryable): Promise<Result<UrnElectronicTally, CountingError>> {
  const { session, partials } = await loadSession(db);
  if (!session || (await store.tally.tallySource(db)) !== 'UNSEALING') return refuse('NOT_UNSEALED', 'Aucun descellement terminé au poste.');
  const tally = await compute<Result<UrnElectronicTally, string[]>>('combineSession', session, distinctHolders(partials).slice(0, 2).map((p) => p.partial));
  return tally.ok ? ok(tally.value) : refuse('TALLY_NOT_VERIFIED', 'Le dépouillement combiné ne passe pas la vérification.', tally.error);
}

/**
 * An unsealing done away from the station (`scrutin-urn combine`): the urn is checked here like any
 * other, the tally file is re-verified against it (both partial proofs, the combination, every number),
 * then recorded with source UNSEALING.
 */
export async function importUrnTally(db: Db, actor: Actor, urnPath: string, tallyInput: unknown, options: UrnCheckOptions = {}): Promise<Result<{ urns: number; ballots: number; holders: number[] }, CountingError>> {
  const checked = await checkUrnForStation(db, urnPath, options);
  if (!checked.ok) return checked;
  const { integrity, session } = checked.value;
  if (!integrity.valid) return refuse('URN_REJECTED', 'Urne rejetée par le contrôle d’intégrité : dépouillement refusé.', integrity.problems);
  const tally = await compute<Result<UrnElectronicTally, CountingError>>('verifyTallyFile', session, tallyInput);
  if (!tally.ok) return tally;
  const holders = tally.value.holders;
  const recorded = await recordElectronicTally(db, actor, {
    source: 'UNSEALING',
    verification: `descellement par les détenteurs ${holders.join(' et ')} hors du poste, revérifié au poste sur l’urne (racine de Merkle ${session.merkleRoot})`,
    fileSha256: session.fileSha256,
    urns: tally.value.urns.map((u) => ({ urnId: u.urnId, ballots: u.ballots, blank: u.blank, votes: u.votes })),
    details: { merkleRoot: session.merkleRoot, manifestFingerprint: session.header.manifestFingerprint, holders, tallyDigest: digestOf(tally.value) },
  });
  if (!recorded.ok) return recorded;
  return ok({ urns: recorded.value.urns, ballots: recorded.value.ballots, holders });
}
