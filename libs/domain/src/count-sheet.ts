/**
 * The manual count sheet of one physical urn (contest × category), as the tellers fill it in.
 *
 * Rule applied for `envelopesFound = ballotsValid + ballotsBlank + ballotsNull`: each inner envelope
 * found in the urn yields exactly one outcome. We apply Code électoral L.65 by analogy (the CCI texts
 * we hold do not restate it; to be confirmed by the prefecture): an envelope with no ballot counts as blank; an envelope
 * with several ballots bearing different names is null, with identical ballots it counts once; a ballot
 * with more names than seats is null (L.713-16 as stated in the brief). So no envelope is left over.
 * A valid ballot carries at least one name (a ballot with every name struck out is blank), hence
 * Σ votes ≥ valid ballots whenever there are valid ballots, and Σ votes ≤ valid × seats.
 */
import { plural } from '@scrutin/basics/french.js';
import type { CandidateId } from './seats.js';

export type CountSheet = {
  envelopesFound: number;
  ballotsValid: number;
  ballotsBlank: number;
  ballotsNull: number;
  votes: Record<CandidateId, number>;
};

export type UrnShape = { seats: number; candidateIds: readonly CandidateId[] };

export type CountSheetProblem = {
  code:
    | 'NOT_A_COUNT'
    | 'UNKNOWN_CANDIDATE'
    | 'MISSING_CANDIDATE'
    | 'OUTCOMES_DIFFER_FROM_ENVELOPES'
    | 'VOTES_ABOVE_VALID'
    | 'TOTAL_ABOVE_VALID_TIMES_SEATS'
    | 'TOTAL_BELOW_VALID';
  /** `votes.<candidateId>` or a top-level field name. */
  field?: string;
  message: string;
};

const FIELD_LABELS = {
  envelopesFound: 'enveloppes trouvées',
  ballotsValid: 'bulletins valables',
  ballotsBlank: 'bulletins blancs',
  ballotsNull: 'bulletins nuls',
} as const;

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

export function checkCountSheet(sheet: CountSheet, urn: UrnShape): CountSheetProblem[] {
  const problems: CountSheetProblem[] = [];
  for (const field of Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]) {
    if (!isCount(sheet[field]))
      problems.push({ code: 'NOT_A_COUNT', field, message: `Le nombre de ${FIELD_LABELS[field]} doit être un entier positif ou nul.` });
  }
  const known = new Set(urn.candidateIds);
  for (const [id, n] of Object.entries(sheet.votes)) {
    if (!known.has(id))
      problems.push({ code: 'UNKNOWN_CANDIDATE', field: `votes.${id}`, message: `Le candidat « ${id} » n'appartient pas à cette urne.` });
    else if (!isCount(n))
      problems.push({ code: 'NOT_A_COUNT', field: `votes.${id}`, message: `Les voix du candidat « ${id} » doivent être un entier positif ou nul.` });
  }
  for (const id of urn.candidateIds)
    if (!(id in sheet.votes))
      problems.push({ code: 'MISSING_CANDIDATE', field: `votes.${id}`, message: `Les voix du candidat « ${id} » ne sont pas saisies (indiquer 0 le cas échéant).` });
  if (problems.length > 0) return problems;

  const outcomes = sheet.ballotsValid + sheet.ballotsBlank + sheet.ballotsNull;
  if (outcomes !== sheet.envelopesFound)
    problems.push({
      code: 'OUTCOMES_DIFFER_FROM_ENVELOPES',
      message: `Valables + blancs + nuls = ${outcomes}, mais ${plural(sheet.envelopesFound, 'enveloppe a été trouvée', 'enveloppes ont été trouvées')} dans l'urne (une enveloppe vide compte comme bulletin blanc).`,
    });
  let total = 0;
  for (const id of urn.candidateIds) {
    const n = sheet.votes[id]!;
    total += n;
    if (n > sheet.ballotsValid)
      problems.push({
        code: 'VOTES_ABOVE_VALID',
        field: `votes.${id}`,
        message: `Le candidat « ${id} » a plus de voix (${n}) que de bulletins valables (${sheet.ballotsValid}).`,
      });
  }
  if (total > sheet.ballotsValid * urn.seats)
    problems.push({
      code: 'TOTAL_ABOVE_VALID_TIMES_SEATS',
      message: `Le total des voix (${total}) dépasse ${plural(sheet.ballotsValid, 'bulletin valable', 'bulletins valables')} × ${plural(urn.seats, 'siège')} = ${sheet.ballotsValid * urn.seats}.`,
    });
  if (total < sheet.ballotsValid && urn.candidateIds.length > 0)
    problems.push({
      code: 'TOTAL_BELOW_VALID',
      message: `Le total des voix (${total}) est inférieur au nombre de bulletins valables (${sheet.ballotsValid}) : un bulletin valable porte au moins un nom, sinon il est blanc.`,
    });
  return problems;
}

export type EntryMismatch = { field: string; first: number | undefined; second: number | undefined; message: string };

/** Double entry by two tellers: every field where the two sheets differ blocks validation until resolved. */
export function compareEntries(first: CountSheet, second: CountSheet): EntryMismatch[] {
  const mismatches: EntryMismatch[] = [];
  for (const field of Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]) {
    if (first[field] !== second[field])
      mismatches.push({
        field,
        first: first[field],
        second: second[field],
        message: `Saisies différentes pour les ${FIELD_LABELS[field]} : ${first[field]} puis ${second[field]}.`,
      });
  }
  const ids = [...new Set([...Object.keys(first.votes), ...Object.keys(second.votes)])].sort();
  for (const id of ids) {
    const a = first.votes[id];
    const b = second.votes[id];
    if (a !== b)
      mismatches.push({
        field: `votes.${id}`,
        first: a,
        second: b,
        message: `Saisies différentes pour les voix du candidat « ${id} » : ${a ?? 'non saisi'} puis ${b ?? 'non saisi'}.`,
      });
  }
  return mismatches;
}
