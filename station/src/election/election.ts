import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '@scrutin/db';
import type { Actor, Role } from '@scrutin/domain/roles.js';
import type { CalendarDate } from '@scrutin/basics/calendar.js';
import { digestOf } from '@scrutin/basics/canonical-json.js';
import { deElided } from '@scrutin/basics/french.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { checkTransition, STATE_LABELS, type ElectionState } from '@scrutin/domain/lifecycle.js';
import { anchorChains, appendJournal } from '../journal/journal.js';
import { electionDefinitionSchema, formatIssues, timeZoneOf, urnsOf, type ElectionDefinition } from '@scrutin/contract/election-definition.js';
import * as store from '../store/index.js';
import type { ElectionRow, UrnRow } from '../store/election.js';

export type Election = {
  code: string;
  name: string;
  chamber: string;
  state: ElectionState;
  voteOpensAt: Date;
  voteClosesAt: Date;
  appealDeadline: CalendarDate;
  /** IANA zone every time of the election is shown in (timeZoneOf). */
  timeZone: string;
  definition: ElectionDefinition;
  definitionDigest: string;
};

export type ElectionError = { code: string; message: string; details?: string[] };

const toElection = (r: ElectionRow): Election => ({
  code: r.code,
  name: r.name,
  chamber: r.chamber,
  state: r.state,
  voteOpensAt: new Date(r.vote_opens_at),
  voteClosesAt: new Date(r.vote_closes_at),
  appealDeadline: r.appeal_deadline,
  timeZone: timeZoneOf(r.definition),
  definition: r.definition,
  definitionDigest: r.definition_digest,
});

export async function getElection(db: Queryable): Promise<Election | null> {
  const r = await store.election.findElection(db);
  return r ? toElection(r) : null;
}

/** The election with its barcode secret, for the services that make or check barcodes. */
export async function getElectionSecret(db: Queryable): Promise<{ election: Election; secret: Uint8Array } | null> {
  const r = await store.election.findElection(db);
  return r ? { election: toElection(r), secret: new Uint8Array(r.barcode_secret) } : null;
}

export async function listUrns(db: Queryable): Promise<UrnRow[]> {
  return store.election.listUrnRows(db);
}

/** Creates the station's one election from its definition file (examples/election.json). */
export async function createElection(db: Db, actor: Actor, input: unknown): Promise<Result<Election, ElectionError>> {
  const parsed = electionDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return err({ code: 'INVALID_DEFINITION', message: "Fichier d'élection invalide.", details: formatIssues(parsed.error) });
  }
  const d = parsed.data;
  return db.transaction(async (tx) => {
    if (await store.election.lockExistingElection(tx)) {
      return err({ code: 'ALREADY_EXISTS', message: 'Une élection est déjà configurée sur ce poste (un poste sert une seule élection).' });
    }
    const digest = digestOf(d);
    await store.election.insertElection(tx, d, digest, randomBytes(32));
    for (const c of d.categories) {
      await store.election.insertCategory(tx, c);
      for (const sc of c.subcategories) await store.election.insertSubcategory(tx, c.code, sc);
    }
    for (const c of d.contests) await store.election.insertContest(tx, c);
    for (const u of urnsOf(d)) await store.election.insertUrn(tx, u);
    await appendJournal(tx, actor, 'election.create', { code: d.code, definitionDigest: digest });
    await anchorChains(tx, actor, 'election.create');
    return ok(toElection((await store.election.findElection(tx))!));
  });
}

export type Precondition = (tx: Queryable, election: Election) => Promise<string | null>;

/**
 * Moves the election to `to` if the lifecycle allows it for one of the actor's roles and
 * the step's precondition holds; the state row is locked so that two requests cannot
 * both move it. `effect` runs in the same transaction (e.g. recording the seal).
 */
export async function transition(
  db: Db,
  actor: Omit<Actor, 'role'>,
  roles: readonly Role[],
  to: ElectionState,
  options: { precondition?: Precondition; effect?: (tx: Queryable, election: Election, actor: Actor) => Promise<unknown>; payload?: unknown } = {},
): Promise<Result<Election, ElectionError>> {
  return db.transaction(async (tx) => {
    const row = await store.election.lockElection(tx);
    if (!row) return err({ code: 'NO_ELECTION', message: "Aucune élection n'est configurée." });
    const election = toElection(row);
    const checked = checkTransition(election.state, to, roles);
    if (!checked.ok) return checked;
    const refusal = (await options.precondition?.(tx, election)) ?? null;
    if (refusal) return err({ code: 'PRECONDITION', message: refusal });
    const acting: Actor = { ...actor, role: checked.value.role };
    const effect = await options.effect?.(tx, election, acting);
    await store.election.setElectionState(tx, to);
    await appendJournal(tx, acting, 'election.transition', { from: election.state, to, ...(options.payload ?? {}), ...(effect ? { effect } : {}) });
    await anchorChains(tx, acting, `${election.state}->${to}`);
    return ok({ ...election, state: to });
  });
}

export function requireState(election: Election | null, allowed: readonly ElectionState[], what: string): ElectionError | null {
  if (!election) return { code: 'NO_ELECTION', message: "Aucune élection n'est configurée." };
  if (!allowed.includes(election.state)) {
    return {
      code: 'WRONG_STATE',
      message: `Impossible ${deElided(what)} dans l'état « ${STATE_LABELS[election.state]} » (possible en : ${allowed.map((s) => STATE_LABELS[s]).join(', ')}).`,
    };
  }
  return null;
}
