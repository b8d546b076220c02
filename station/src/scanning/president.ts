import type { Db, Queryable } from '@scrutin/db';
import { isUniqueViolation } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '@scrutin/domain/roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { NOT_SET_ASIDE } from '@scrutin/domain/verdict.js';
import { appendJournal } from '../journal/journal.js';
import type { Decision, Incident, SetAsideEnvelope } from '@scrutin/contract/scanning-types.js';
import * as store from '../store/index.js';

/** Set-aside envelopes: every emargement-mode scan that did not accept (MALFORMED ones are rescanned, re-reads are the accepted envelope itself: NOT_SET_ASIDE). */
export async function listSetAside(db: Queryable, filter: { verdict?: string } = {}): Promise<SetAsideEnvelope[]> {
  const rows = await store.decisions.listSetAside(db, filter.verdict ?? null, NOT_SET_ASIDE);
  return rows.map((r) => ({
    scanId: Number(r.id),
    verdict: r.verdict,
    defect: r.defect,
    barcode: r.barcode,
    rightId: r.right_id === null ? null : Number(r.right_id),
    quality: r.category === null ? null : r.subcategory ? `${r.category} — ${r.subcategory}` : r.category,
    stationId: r.station_id,
    agent: r.agent_login,
    scannedAt: new Date(r.scanned_at).toISOString(),
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
    reversed: r.reversed,
    message: r.message,
  }));
}

export const confirmSchema = z.union([
  z.object({ scanIds: z.array(z.number().int().positive()).min(1).max(10_000) }),
  z.object({ batch: z.object({ verdict: z.literal('ELECTRONIC_PRIORITY'), expectedCount: z.number().int().positive() }) }),
]);

export type DecisionError = { code: string; message: string };

/**
 * The president confirms dual votes set aside unopened: one by one, or all pending at once
 * when the physical pile counts exactly what the screen says (a counted batch).
 */
export async function confirmElectronicPriority(db: Db, actor: Actor, input: z.infer<typeof confirmSchema>): Promise<Result<{ confirmed: number }, DecisionError>> {
  return db.transaction(async (tx) => {
    const pendingIds = new Set(await store.decisions.lockPendingElectronicPriority(tx));
    let ids: number[];
    if ('batch' in input) {
      if (input.batch.expectedCount !== pendingIds.size) {
        return err({ code: 'COUNT_MISMATCH', message: `Le lot compte ${input.batch.expectedCount} plis, le poste en attend ${pendingIds.size} : recomptez avant de confirmer.` });
      }
      ids = [...pendingIds];
    } else {
      const notPending = input.scanIds.filter((id) => !pendingIds.has(id));
      if (notPending.length > 0) return err({ code: 'NOT_PENDING', message: `Plis non en attente de confirmation : ${notPending.join(', ')}.` });
      ids = input.scanIds;
    }
    const batchId = 'batch' in input ? Date.now() : null;
    await store.decisions.insertConfirmations(tx, { scanIds: ids, reason: 'vote électronique prioritaire (art. 13)', batchId, decidedBy: actor.userId, stationId: actor.stationId });
    await appendJournal(tx, actor, 'president.confirm', { scanIds: ids, batch: batchId !== null });
    return ok({ confirmed: ids.length });
  });
}

export const reversalSchema = z.object({
  scanId: z.number().int().positive(),
  action: z.enum(['ACCEPT', 'CANCEL_ACCEPTANCE']),
  reason: z.string().trim().min(10, 'motif écrit obligatoire (10 caractères au moins)').max(2000),
});

/**
 * Reverses a decision as a new entry, never an edit: ACCEPT emarges a set-aside envelope
 * (still subject to invariants 1 and 2 in the database), CANCEL_ACCEPTANCE records the
 * cancellation of an acceptance, after which the right may be accepted again.
 */
export async function reverseDecision(db: Db, actor: Actor, input: z.infer<typeof reversalSchema>): Promise<Result<{ decisionId: number }, DecisionError>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await reverseOnce(db, actor, input);
    } catch (e) {
      // A station or another decision changed this right's emargement between our read and
      // our insert (the primary keys refused the second write): run again, and the checks
      // now see the committed state and refuse with their reason instead of a 500.
      if (isUniqueViolation(e) && attempt < 3) continue;
      throw e;
    }
  }
}

async function reverseOnce(db: Db, actor: Actor, input: z.infer<typeof reversalSchema>): Promise<Result<{ decisionId: number }, DecisionError>> {
  return db.transaction(async (tx) => {
    const s = await store.decisions.findScan(tx, input.scanId);
    if (!s) return err({ code: 'NOT_FOUND', message: `Lecture n° ${input.scanId} introuvable.` });
    if (s.mode !== 'EMARGEMENT') return err({ code: 'INVALID', message: 'Une lecture en mode réception ne se révise pas.' });
    if (s.right_id === null) return err({ code: 'INVALID', message: 'Ce pli ne correspond à aucune qualité : il ne peut pas être émargé.' });
    const rightId = Number(s.right_id);
    const current = await store.emargements.lockLivePostalEmargement(tx, rightId);
    let generation = 0;
    if (input.action === 'ACCEPT') {
      if (current) return err({ code: 'ALREADY_EMARGED', message: `Cette qualité est déjà émargée (lecture n° ${current.scan_id}) : annulez d'abord cet émargement.` });
      if (await store.emargements.hasElectronicEmargement(tx, rightId)) return err({ code: 'ELECTRONIC_PRIORITY', message: 'Cette qualité a voté par internet : le vote électronique prime, le pli ne peut pas être émargé.' });
      // A read emarges at most once (postal_emargement.scan_id is unique): an acceptance cancelled by the
      // president is not restored through the same read, the envelope is read again instead.
      if (await store.emargements.isScanEmarged(tx, s.id)) return err({ code: 'INVALID', message: "Cette lecture a déjà servi à un émargement, annulé depuis : pour émarger de nouveau, faites relire le pli (nouvelle lecture)." });
      generation = await store.emargements.countCancellations(tx, rightId);
    } else if (!current || Number(current.scan_id) !== Number(s.id)) {
      return err({ code: 'INVALID', message: "Cette lecture n'est pas l'émargement en vigueur de la qualité." });
    }
    // Checks first, writes after: an error value returned here must leave nothing behind.
    const decisionId = await store.decisions.insertDecision(tx, { scanId: s.id, kind: input.action, reason: input.reason, decidedBy: actor.userId, stationId: actor.stationId });
    if (input.action === 'ACCEPT') {
      await store.emargements.insertPostalEmargementNow(tx, { rightId, generation, scanId: s.id });
    } else {
      await store.emargements.insertCancellation(tx, { rightId, generation: current!.generation, decisionId });
    }
    await appendJournal(tx, actor, 'president.reverse', { decisionId, scanId: Number(s.id), action: input.action, reason: input.reason });
    return ok({ decisionId });
  });
}

export const incidentSchema = z.object({ description: z.string().trim().min(5, 'décrivez l’incident').max(4000) });

export async function recordIncident(db: Db, actor: Actor, input: z.infer<typeof incidentSchema>): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const id = await store.decisions.insertIncident(tx, { description: input.description, reportedBy: actor.userId, stationId: actor.stationId });
    await appendJournal(tx, actor, 'incident.record', { id, description: input.description });
    return { id };
  });
}

export async function listIncidents(db: Queryable): Promise<Incident[]> {
  const rows = await store.decisions.listIncidents(db);
  return rows.map((r) => ({ id: Number(r.id), description: r.description, reportedBy: r.login, stationId: r.station_id, reportedAt: new Date(r.reported_at).toISOString() }));
}

export async function listDecisions(db: Queryable): Promise<Decision[]> {
  const rows = await store.decisions.listDecisions(db);
  return rows.map((r) => ({ id: Number(r.id), scanId: Number(r.scan_id), kind: r.kind, reason: r.reason, decidedBy: r.login, decidedAt: new Date(r.decided_at).toISOString() }));
}
