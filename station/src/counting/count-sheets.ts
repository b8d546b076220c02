/**
 * Manual count of each physical urn (art. 13): two tellers type the same sheet; the two entries are
 * compared field by field and any difference blocks validation until a teller corrects (a new entry,
 * never an edit). The president validates once both agree and the checks pass; a difference between
 * envelopes found and envelopes accepted needs a written note, printed on the PV (invariant 4).
 */
import type { Db, Queryable } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '@scrutin/domain/roles.js';
import { digestOf } from '@scrutin/basics/canonical-json.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { checkCountSheet, compareEntries, type CountSheet } from '@scrutin/domain/count-sheet.js';
import { reconcileUrn } from '@scrutin/domain/reconciliation.js';
import { getElection, requireState } from '../election/election.js';
import { appendJournal } from '../journal/journal.js';
import { loadUrnBases } from '../results/results.js';
import type { UrnBase } from '@scrutin/contract/results-types.js';
import type { CountEntry, CountingError, UrnCountStatus } from '@scrutin/contract/counting-types.js';
import * as store from '../store/index.js';
import type { EntryRow } from '../store/count-sheets.js';

const count = z.number().int().nonnegative().max(10_000_000);

export const countSheetSchema = z.object({
  envelopesFound: count,
  ballotsValid: count,
  ballotsBlank: count,
  ballotsNull: count,
  /** Keyed by candidate id (as the station lists them in GET /api/counting). */
  votes: z.record(z.string().regex(/^\d{1,12}$/, 'identifiant de candidat numérique'), count),
});

export const enterSheetSchema = z.object({
  urnId: z.string().min(1).max(40),
  sheet: countSheetSchema,
  /** Required when the teller corrects an entry already typed. */
  reason: z.string().trim().min(5, 'motif de la correction (5 caractères au moins)').max(2000).optional(),
});

export const validateCountSchema = z.object({
  urnId: z.string().min(1).max(40),
  note: z.string().trim().min(10, 'explication écrite de l’écart (10 caractères au moins)').max(4000).optional(),
});

const toSheet = (r: EntryRow): CountSheet => ({
  envelopesFound: r.envelopes_found,
  ballotsValid: r.ballots_valid,
  ballotsBlank: r.ballots_blank,
  ballotsNull: r.ballots_null,
  votes: r.votes,
});

function statusOf(base: UrnBase, entries: EntryRow[], validation: UrnCountStatus['validation']): UrnCountStatus {
  const shape = { seats: base.seats, candidateIds: base.candidates.map((c) => c.id) };
  const sheets = entries.map(toSheet);
  const problems = entries.map((e, i) => ({ entryNumber: e.entry_number, problems: checkCountSheet(sheets[i]!, shape) })).filter((p) => p.problems.length > 0);
  const mismatches = sheets.length === 2 ? compareEntries(sheets[0]!, sheets[1]!) : [];
  const state: UrnCountStatus['state'] = validation
    ? 'VALIDATED'
    : sheets.length < 2
      ? 'AWAITING_ENTRIES'
      : mismatches.length > 0
        ? 'MISMATCH'
        : problems.length > 0
          ? 'INVALID'
          : 'READY';
  return {
    urnId: base.id,
    label: base.label,
    seats: base.seats,
    candidates: base.candidates.map((c) => ({ id: c.id, lastName: c.lastName, firstNames: c.firstNames })),
    envelopesAccepted: base.envelopesAccepted,
    entries: entries.map((e) => ({
      id: Number(e.id),
      entryNumber: e.entry_number as 1 | 2,
      teller: e.teller_login,
      enteredAt: new Date(e.entered_at).toISOString(),
      sheet: toSheet(e),
      reason: e.reason,
      corrections: e.corrections,
    })),
    problems,
    mismatches,
    reconciliation: sheets[0] ? reconcileUrn({ envelopesAccepted: base.envelopesAccepted, sheet: sheets[0] }) : null,
    state,
    validation,
  };
}

async function validations(db: Queryable): Promise<Map<string, NonNullable<UrnCountStatus['validation']>>> {
  const rows = await store.countSheets.listValidations(db);
  return new Map(rows.map((r) => [r.urn_id, { by: r.login, byName: r.display_name, at: new Date(r.validated_at).toISOString(), difference: r.difference, note: r.note, sheetDigest: r.sheet_digest }]));
}

export async function countStatus(db: Queryable): Promise<UrnCountStatus[]> {
  const [bases, entries, validated] = await Promise.all([loadUrnBases(db), store.countSheets.currentEntries(db), validations(db)]);
  return bases.map((b) => statusOf(b, entries.filter((e) => e.urn_id === b.id), validated.get(b.id) ?? null));
}

/**
 * A teller types an urn's sheet. The first teller takes entry 1, a different teller entry 2 (the
 * database's count_slot enforces two different tellers); typing again replaces one's own entry by a
 * new row, with a reason. Checks are reported, not refused: the tellers see what to recount.
 */
export async function enterCountSheet(db: Db, actor: Actor, input: z.infer<typeof enterSheetSchema>): Promise<Result<UrnCountStatus, CountingError>> {
  if (actor.userId === null) return err({ code: 'ROLE_NOT_ALLOWED', message: 'Une saisie de dépouillement est nominative : connectez-vous avec un compte d’assesseur.' });
  const tellerId = actor.userId;
  return db.transaction(async (tx) => {
    const election = await getElection(tx);
    const refusal = requireState(election, ['COUNTING'], 'saisir une feuille de dépouillement');
    if (refusal) return err(refusal);
    const base = (await loadUrnBases(tx)).find((u) => u.id === input.urnId);
    if (!base) return err({ code: 'NOT_FOUND', message: `Urne « ${input.urnId} » inconnue.` });
    if (await store.countSheets.isValidated(tx, input.urnId)) return err({ code: 'ALREADY_VALIDATED', message: `Le dépouillement de l’urne ${input.urnId} est déjà validé par le président : il ne se modifie plus.` });
    const known = new Set(base.candidates.map((c) => c.id));
    const unknown = Object.keys(input.sheet.votes).filter((id) => !known.has(id));
    if (unknown.length > 0) return err({ code: 'UNKNOWN_CANDIDATE', message: `Candidat(s) n’appartenant pas à l’urne ${input.urnId} : ${unknown.join(', ')}.` });

    // Serialises the two tellers of one urn: the slot rows are the lock.
    await store.countSheets.lockUrn(tx, input.urnId);
    const slots = await store.countSheets.listSlots(tx, input.urnId);
    const mine = slots.find((s) => Number(s.teller_id) === tellerId);
    let entryNumber: number;
    if (mine) {
      entryNumber = mine.entry_number;
      if (!input.reason) return err({ code: 'REASON_REQUIRED', message: 'Vous avez déjà saisi cette feuille : une correction exige un motif écrit.' });
    } else if (slots.length >= 2) {
      return err({ code: 'TWO_ENTRIES', message: `Deux assesseurs ont déjà saisi l’urne ${input.urnId} : seuls eux peuvent corriger leur saisie.` });
    } else {
      entryNumber = slots.some((s) => s.entry_number === 1) ? 2 : 1;
      await store.countSheets.insertSlot(tx, input.urnId, entryNumber, tellerId);
    }
    const sheetDigest = digestOf(input.sheet);
    const entryId = await store.countSheets.insertEntry(tx, {
      urnId: input.urnId,
      entryNumber,
      tellerId,
      tellerLogin: actor.login,
      stationId: actor.stationId,
      envelopesFound: input.sheet.envelopesFound,
      ballotsValid: input.sheet.ballotsValid,
      ballotsBlank: input.sheet.ballotsBlank,
      ballotsNull: input.sheet.ballotsNull,
      votes: JSON.stringify(input.sheet.votes),
      sheetDigest,
      reason: mine ? input.reason! : null,
    });
    await appendJournal(tx, actor, mine ? 'count.correct' : 'count.enter', { urnId: input.urnId, entryNumber, entryId, sheet: input.sheet, sheetDigest, reason: mine ? input.reason : undefined });
    const entries = await store.countSheets.currentEntries(tx, input.urnId);
    return ok(statusOf(base, entries, null));
  });
}

/** The president validates an urn's count: both entries equal, checks passed, any reconciliation difference explained. */
export async function validateUrnCount(db: Db, actor: Actor, input: z.infer<typeof validateCountSchema>): Promise<Result<UrnCountStatus, CountingError>> {
  return db.transaction(async (tx) => {
    const election = await getElection(tx);
    const refusal = requireState(election, ['COUNTING'], 'valider un dépouillement');
    if (refusal) return err(refusal);
    const base = (await loadUrnBases(tx)).find((u) => u.id === input.urnId);
    if (!base) return err({ code: 'NOT_FOUND', message: `Urne « ${input.urnId} » inconnue.` });
    await store.countSheets.lockUrn(tx, input.urnId);
    if (await store.countSheets.isValidated(tx, input.urnId)) return err({ code: 'ALREADY_VALIDATED', message: `Le dépouillement de l’urne ${input.urnId} est déjà validé.` });
    const entries = await store.countSheets.currentEntries(tx, input.urnId);
    const status = statusOf(base, entries, null);
    if (status.state === 'AWAITING_ENTRIES')
      return err({ code: 'AWAITING_ENTRIES', message: `L’urne ${input.urnId} attend ${2 - entries.length} saisie(s) : deux assesseurs différents saisissent chaque feuille.` });
    if (status.state === 'MISMATCH')
      return err({ code: 'MISMATCH', message: `Les deux saisies de l’urne ${input.urnId} diffèrent : à corriger avant validation.`, details: status.mismatches.map((m) => m.message) });
    if (status.state === 'INVALID')
      return err({ code: 'INVALID_SHEET', message: `La feuille de l’urne ${input.urnId} ne passe pas les contrôles.`, details: status.problems.flatMap((p) => p.problems.map((x) => x.message)) });
    const sheet = status.entries[0]!.sheet;
    const reconciliation = reconcileUrn({ envelopesAccepted: base.envelopesAccepted, sheet });
    if (reconciliation.needsNote && !input.note)
      return err({
        code: 'NOTE_REQUIRED',
        message: `${reconciliation.envelopesFound} enveloppes trouvées pour ${reconciliation.envelopesAccepted} plis acceptés (écart ${reconciliation.difference > 0 ? '+' : ''}${reconciliation.difference}) : une explication écrite est obligatoire, elle figurera au procès-verbal.`,
      });
    const sheetDigest = digestOf(sheet);
    const note = reconciliation.needsNote ? input.note! : (input.note ?? null);
    const [first, second] = status.entries as [CountEntry, CountEntry];
    await store.countSheets.insertValidation(tx, {
      urnId: input.urnId,
      firstEntryId: first.id,
      secondEntryId: second.id,
      sheet: JSON.stringify(sheet),
      sheetDigest,
      envelopesAccepted: reconciliation.envelopesAccepted,
      envelopesFound: reconciliation.envelopesFound,
      difference: reconciliation.difference,
      note,
      validatedBy: actor.userId,
      stationId: actor.stationId,
    });
    await appendJournal(tx, actor, 'count.validate', { urnId: input.urnId, sheetDigest, envelopesAccepted: reconciliation.envelopesAccepted, envelopesFound: reconciliation.envelopesFound, difference: reconciliation.difference, note });
    // Read back as every status is (validations): the president's printed name comes from the accounts.
    return ok(statusOf(base, entries, (await validations(tx)).get(input.urnId) ?? null));
  });
}
