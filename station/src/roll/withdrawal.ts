import type { Db } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '@scrutin/domain/roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { isAtLeast } from '@scrutin/domain/lifecycle.js';
import { getElection } from '../election/election.js';
import { appendJournal } from '../journal/journal.js';
import * as store from '../store/index.js';

export const withdrawalSchema = z.object({
  rightId: z.number().int().positive(),
  decisionReference: z.string().trim().min(3, 'référence de la décision de justice obligatoire').max(200),
  reason: z.string().trim().min(3).max(2000),
  approvalId: z.number().int().positive().optional(),
});

/** A court-ordered withdrawal after validation (WITHDRAWN verdict); after sealing it needs an oversight approval. */
export async function withdrawRight(db: Db, actor: Actor, input: z.infer<typeof withdrawalSchema>): Promise<Result<{ rightId: number }, { code: string; message: string }>> {
  return db.transaction(async (tx) => {
    const election = await getElection(tx);
    if (!election || !isAtLeast(election.state, 'LISTS_VALIDATED') || isAtLeast(election.state, 'COUNTING')) {
      return err({ code: 'WRONG_STATE', message: 'Une radiation se saisit entre la validation des listes et le dépouillement.' });
    }
    if (isAtLeast(election.state, 'SEALED')) {
      if (!input.approvalId) return err({ code: 'APPROVAL_REQUIRED', message: 'Poste scellé : une approbation de la cellule de contrôle est requise (approvalId).' });
      if (!(await store.roll.approvalExists(tx, input.approvalId))) return err({ code: 'APPROVAL_REQUIRED', message: `Approbation n° ${input.approvalId} introuvable.` });
    }
    if (!(await store.roll.rightExists(tx, input.rightId))) return err({ code: 'NOT_FOUND', message: `Qualité n° ${input.rightId} introuvable.` });
    if (!(await store.roll.insertWithdrawal(tx, input, actor.userId))) return err({ code: 'ALREADY_EXISTS', message: `La qualité n° ${input.rightId} est déjà radiée.` });
    await appendJournal(tx, actor, 'right.withdraw', input);
    return ok({ rightId: input.rightId });
  });
}
