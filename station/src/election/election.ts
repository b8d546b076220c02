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

export type UrnRow = { id: string; contest_code: string; category_code: string; subcategory_code: string | null; seats: number; label: string };

export type ElectionError = { code: string; message: string; details?: string[] };

type ElectionRow = {
  code: string;
  name: string;
  chamber: string;
  state: ElectionState;
  vote_opens_at: Date;
  vote_closes_at: Date;
  appeal_deadline: CalendarDate; // 'YYYY-MM-DD' from the database layer
  definition: ElectionDefinition;
  definition_digest: string;
  barcode_secret: Uint8Array;
};

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
  const { rows } = await db.query<ElectionRow>('SELECT * FROM election');
  return rows[0] ? toElection(rows[0]) : null;
}

/** The election with its barcode secret, for the services that make or check barcodes. */
export async function getElectionSecret(db: Queryable): Promise<{ election: Election; secret: Uint8Array } | null> {
  const { rows } = await db.query<ElectionRow>('SELECT * FROM election');
  const r = rows[0];
  return r ? { election: toElection(r), secret: new Uint8Array(r.barcode_secret) } : null;
}

export async function listUrns(db: Queryable): Promise<UrnRow[]> {
  const { rows } = await db.query<UrnRow>('SELECT * FROM urn ORDER BY contest_code, category_code, subcategory_code NULLS FIRST');
  return rows;
}

/** Creates the station's one election from its definition file (examples/election.json). */
export async function createElection(db: Db, actor: Actor, input: unknown): Promise<Result<Election, ElectionError>> {
  const parsed = electionDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return err({ code: 'INVALID_DEFINITION', message: "Fichier d'élection invalide.", details: formatIssues(parsed.error) });
  }
  const d = parsed.data;
  return db.transaction(async (tx) => {
    const existing = await tx.query('SELECT code FROM election FOR UPDATE');
    if (existing.rows.length > 0) {
      return err({ code: 'ALREADY_EXISTS', message: 'Une élection est déjà configurée sur ce poste (un poste sert une seule élection).' });
    }
    const digest = digestOf(d);
    await tx.query(
      `INSERT INTO election (code, name, chamber, definition, definition_digest, barcode_secret, vote_opens_at, vote_closes_at, appeal_deadline)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [d.code, d.name, d.chamber, JSON.stringify(d), digest, randomBytes(32), d.voteOpensAt, d.voteClosesAt, d.appealDeadline],
    );
    for (const c of d.categories) {
      await tx.query('INSERT INTO category (code, name) VALUES ($1, $2)', [c.code, c.name]);
      for (const sc of c.subcategories) await tx.query('INSERT INTO subcategory (category_code, code, name) VALUES ($1, $2, $3)', [c.code, sc.code, sc.name]);
    }
    for (const c of d.contests) await tx.query('INSERT INTO contest (code, kind, name) VALUES ($1, $2, $3)', [c.code, c.kind, c.name]);
    for (const u of urnsOf(d)) {
      await tx.query('INSERT INTO urn (id, contest_code, category_code, subcategory_code, seats, label) VALUES ($1, $2, $3, $4, $5, $6)', [
        u.id,
        u.contestCode,
        u.categoryCode,
        u.subcategoryCode,
        u.seats,
        u.label,
      ]);
    }
    await appendJournal(tx, actor, 'election.create', { code: d.code, definitionDigest: digest });
    await anchorChains(tx, actor, 'election.create');
    const { rows } = await tx.query<ElectionRow>('SELECT * FROM election');
    return ok(toElection(rows[0]!));
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
    const { rows } = await tx.query<ElectionRow>('SELECT * FROM election FOR UPDATE');
    if (!rows[0]) return err({ code: 'NO_ELECTION', message: "Aucune élection n'est configurée." });
    const election = toElection(rows[0]);
    const checked = checkTransition(election.state, to, roles);
    if (!checked.ok) return checked;
    const refusal = (await options.precondition?.(tx, election)) ?? null;
    if (refusal) return err({ code: 'PRECONDITION', message: refusal });
    const acting: Actor = { ...actor, role: checked.value.role };
    const effect = await options.effect?.(tx, election, acting);
    await tx.query('UPDATE election SET state = $1', [to]);
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
