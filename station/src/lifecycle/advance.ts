import type { Db } from '@scrutin/db';
import { z } from 'zod';
import type { Actor, Role } from '@scrutin/domain/roles.js';
import { err, type Result } from '@scrutin/basics/result.js';
import { ELECTION_STATES } from '@scrutin/domain/lifecycle.js';
import { closeVote, sealStation, sealRequestSchema } from '../scanning/seal.js';
import { proclaimResults } from '../counting/proclamation.js';
import { purgePersonalData, type StorageScrub } from '../counting/purge.js';
import { transition, type Election, type ElectionError } from '../election/election.js';
import * as store from '../store/index.js';

// The lifecycle's transitions call into scanning (sealing, closing) and counting (proclaiming, purging), so
// they sit above both, apart from election/, which both read (issue 16: election/ ↔ counting/ was a ring).
export const advanceSchema = z.object({
  to: z.enum(ELECTION_STATES),
  platformPublicKey: z.string().optional(),
});

/**
 * The one entry point for lifecycle steps (API and CLI alike): each target state has its
 * own precondition or effect; the roles allowed come from the lifecycle table. To PURGED, with
 * `storage`: what the rewriting of the files achieved (counting/purge.ts).
 */
export async function advanceElection(db: Db, actor: Omit<Actor, 'role'>, roles: readonly Role[], input: z.infer<typeof advanceSchema>): Promise<Result<Election & { storage?: StorageScrub }, ElectionError>> {
  switch (input.to) {
    case 'LISTS_VALIDATED':
      return transition(db, actor, roles, 'LISTS_VALIDATED', {
        precondition: async (tx) => {
          if (!(await store.roll.isRollValidated(tx))) return 'La liste électorale doit d’abord être importée et son rapport de conformité validé.';
          if (!(await store.candidates.areCandidatesValidated(tx))) return 'Les candidatures doivent d’abord être validées par la préfecture.';
          return null;
        },
      });
    case 'SEALED': {
      const parsed = sealRequestSchema.safeParse(input);
      if (!parsed.success) return err({ code: 'INVALID', message: 'Le scellement exige la clé publique Ed25519 de la plateforme de vote (64 caractères hexadécimaux).' });
      return sealStation(db, actor, roles, parsed.data);
    }
    case 'VOTE_CLOSED':
      return closeVote(db, actor, roles);
    case 'EMARGEMENT_LOADED':
      return err({ code: 'FORBIDDEN_TRANSITION', message: "Cet état s'atteint en chargeant l'émargement électronique signé." });
    case 'RESULTS_PROCLAIMED':
      return proclaimResults(db, actor, roles);
    case 'ARCHIVED':
      return err({ code: 'FORBIDDEN_TRANSITION', message: 'Cet état s’atteint en figeant le scrutin : scrutin freeze (ou POST /api/freeze), qui écrit le scellé.' });
    case 'PURGED':
      return purgePersonalData(db, actor, roles);
    default:
      return transition(db, actor, roles, input.to);
  }
}
