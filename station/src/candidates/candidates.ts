import type { Db, Queryable } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '@scrutin/domain/roles.js';
import { digestOf } from '@scrutin/basics/canonical-json.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { getElection, requireState } from '../election/election.js';
import { formatIssues } from '@scrutin/contract/election-definition.js';
import { appendJournal } from '../journal/journal.js';
import * as store from '../store/index.js';
import type { CandidateRow } from '../store/candidates.js';

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
  return (await store.candidates.listCandidateRows(db)).map(toCandidate);
}

async function refuseIfFrozen(tx: Queryable): Promise<CandidateError | null> {
  const election = await getElection(tx);
  const stateError = requireState(election, ['SETUP'], 'modifier les candidatures');
  if (stateError) return stateError;
  return (await store.candidates.areCandidatesValidated(tx)) ? { code: 'FROZEN', message: 'Les candidatures sont validées par la préfecture : elles sont figées.' } : null;
}

/** Checks of docs/design.md (« Files that come in »): a known urn, a birth date (ties go to the elder), a substitute of the other sex for a CCI de région. */
async function checkCandidate(tx: Queryable, c: CandidateInput): Promise<string[]> {
  const kind = await store.candidates.contestKindOfUrn(tx, c.urnId);
  if (kind === undefined) return [`urne ${c.urnId} inconnue`];
  const problems: string[] = [];
  if (kind === 'CCIR') {
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
    const candidate = toCandidate(await store.candidates.insertCandidate(tx, c, actor.userId));
    await appendJournal(tx, actor, 'candidate.add', candidate);
    return ok(candidate);
  });
}

export async function removeCandidate(db: Db, actor: Actor, id: number): Promise<Result<null, CandidateError>> {
  return db.transaction(async (tx) => {
    const frozen = await refuseIfFrozen(tx);
    if (frozen) return err(frozen);
    const removed = await store.candidates.deleteCandidate(tx, id);
    if (!removed) return err({ code: 'NOT_FOUND', message: `Candidature n° ${id} introuvable.` });
    await appendJournal(tx, actor, 'candidate.remove', toCandidate(removed));
    return ok(null);
  });
}

/** The prefecture validates all candidate lists at once; they are frozen from then on. */
export async function validateCandidates(db: Db, actor: Actor): Promise<Result<{ digest: string; candidates: number }, CandidateError>> {
  return db.transaction(async (tx) => {
    const frozen = await refuseIfFrozen(tx);
    if (frozen) return err(frozen);
    const empty = await store.candidates.urnsWithoutCandidate(tx);
    if (empty.length > 0) {
      return err({ code: 'MISSING', message: 'Des urnes n’ont aucun candidat.', details: empty.map((r) => `${r.label} (${r.id})`) });
    }
    const candidates = await listCandidates(tx);
    const digest = digestOf(candidates);
    await store.candidates.insertCandidatesValidation(tx, digest, actor.userId);
    await appendJournal(tx, actor, 'candidates.validate', { digest, candidates: candidates.length });
    return ok({ digest, candidates: candidates.length });
  });
}
