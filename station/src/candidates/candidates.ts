import type { Db, Queryable } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '@scrutin/domain/roles.js';
import type { CalendarDate } from '@scrutin/basics/calendar.js';
import { digestOf } from '@scrutin/basics/canonical-json.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { getElection, requireState } from '../election/election.js';
import { formatIssues } from '@scrutin/contract/election-definition.js';
import { appendJournal } from '../journal/journal.js';

const name = z.string().trim().min(1).max(100);
const date = z.iso.date({ message: 'date de naissance au format AAAA-MM-JJ' });

export const candidateInputSchema = z.object({
  urnId: z.string().min(1),
  lastName: name,
  firstNames: name,
  sex: z.enum(['F', 'M']),
  birthDate: date,
  profession: z.string().trim().max(200).default(''),
  titles: z.string().trim().max(300).default(''),
  delegation: z.string().trim().max(200).default(''),
  grouping: z.string().trim().max(200).default(''),
  substitute: z.object({ lastName: name, firstNames: name, sex: z.enum(['F', 'M']), birthDate: date }).nullable().default(null),
});
export type CandidateInput = z.infer<typeof candidateInputSchema>;
export type Candidate = CandidateInput & { id: number };

export type CandidateError = { code: string; message: string; details?: string[] };

type CandidateRow = {
  id: number;
  urn_id: string;
  last_name: string;
  first_names: string;
  sex: 'F' | 'M';
  birth_date: CalendarDate; // 'YYYY-MM-DD' from the database layer
  profession: string;
  titles: string;
  delegation: string;
  grouping: string;
  substitute: CandidateInput['substitute'];
};

const toCandidate = (r: CandidateRow): Candidate => ({
  id: Number(r.id),
  urnId: r.urn_id,
  lastName: r.last_name,
  firstNames: r.first_names,
  sex: r.sex,
  birthDate: r.birth_date,
  profession: r.profession,
  titles: r.titles,
  delegation: r.delegation,
  grouping: r.grouping,
  substitute: r.substitute,
});

export async function listCandidates(db: Queryable): Promise<Candidate[]> {
  const { rows } = await db.query<CandidateRow>('SELECT * FROM candidate ORDER BY urn_id, last_name, first_names, id');
  return rows.map(toCandidate);
}

async function refuseIfFrozen(tx: Queryable): Promise<CandidateError | null> {
  const election = await getElection(tx);
  const stateError = requireState(election, ['SETUP'], 'modifier les candidatures');
  if (stateError) return stateError;
  const v = await tx.query('SELECT 1 FROM candidates_validation');
  return v.rows.length > 0 ? { code: 'FROZEN', message: 'Les candidatures sont validées par la préfecture : elles sont figées.' } : null;
}

/** Checks of docs/design.md (« Files that come in »): a known urn, a birth date (ties go to the elder), a substitute of the other sex for a CCI de région. */
async function checkCandidate(tx: Queryable, c: CandidateInput): Promise<string[]> {
  const { rows } = await tx.query<{ kind: string }>('SELECT c.kind FROM urn u JOIN contest c ON c.code = u.contest_code WHERE u.id = $1', [c.urnId]);
  if (!rows[0]) return [`urne ${c.urnId} inconnue`];
  const problems: string[] = [];
  if (rows[0].kind === 'CCIR') {
    if (!c.substitute) problems.push('un suppléant est obligatoire pour la CCI de région');
    else if (c.substitute.sex === c.sex) problems.push('le suppléant doit être de l’autre sexe que le candidat');
  } else if (c.substitute) {
    problems.push('pas de suppléant pour une CCI territoriale');
  }
  return problems;
}

export async function addCandidate(db: Db, actor: Actor, input: unknown): Promise<Result<Candidate, CandidateError>> {
  const parsed = candidateInputSchema.safeParse(input);
  if (!parsed.success) return err({ code: 'INVALID', message: 'Candidature invalide.', details: formatIssues(parsed.error) });
  const c = parsed.data;
  return db.transaction(async (tx) => {
    const frozen = await refuseIfFrozen(tx);
    if (frozen) return err(frozen);
    const problems = await checkCandidate(tx, c);
    if (problems.length > 0) return err({ code: 'INVALID', message: 'Candidature refusée.', details: problems });
    const { rows } = await tx.query<CandidateRow>(
      `INSERT INTO candidate (urn_id, last_name, first_names, sex, birth_date, profession, titles, delegation, grouping, substitute, entered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [c.urnId, c.lastName, c.firstNames, c.sex, c.birthDate, c.profession, c.titles, c.delegation, c.grouping, c.substitute ? JSON.stringify(c.substitute) : null, actor.userId],
    );
    const candidate = toCandidate(rows[0]!);
    await appendJournal(tx, actor, 'candidate.add', candidate);
    return ok(candidate);
  });
}

export async function removeCandidate(db: Db, actor: Actor, id: number): Promise<Result<null, CandidateError>> {
  return db.transaction(async (tx) => {
    const frozen = await refuseIfFrozen(tx);
    if (frozen) return err(frozen);
    const { rows } = await tx.query<CandidateRow>('DELETE FROM candidate WHERE id = $1 RETURNING *', [id]);
    if (!rows[0]) return err({ code: 'NOT_FOUND', message: `Candidature n° ${id} introuvable.` });
    await appendJournal(tx, actor, 'candidate.remove', toCandidate(rows[0]));
    return ok(null);
  });
}

/** The prefecture validates all candidate lists at once; they are frozen from then on. */
export async function validateCandidates(db: Db, actor: Actor): Promise<Result<{ digest: string; candidates: number }, CandidateError>> {
  return db.transaction(async (tx) => {
    const frozen = await refuseIfFrozen(tx);
    if (frozen) return err(frozen);
    const empty = await tx.query<{ id: string; label: string }>('SELECT u.id, u.label FROM urn u WHERE NOT EXISTS (SELECT 1 FROM candidate c WHERE c.urn_id = u.id) ORDER BY u.id');
    if (empty.rows.length > 0) {
      return err({ code: 'MISSING', message: 'Des urnes n’ont aucun candidat.', details: empty.rows.map((r) => `${r.label} (${r.id})`) });
    }
    const candidates = await listCandidates(tx);
    const digest = digestOf(candidates);
    await tx.query('INSERT INTO candidates_validation (digest, validated_by) VALUES ($1, $2)', [digest, actor.userId]);
    await appendJournal(tx, actor, 'candidates.validate', { digest, candidates: candidates.length });
    return ok({ digest, candidates: candidates.length });
  });
}
