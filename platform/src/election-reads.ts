import type { Queryable } from '@scrutin/db';
import type { LoadedElection, UrnUnit } from './context.js';
import { phaseAt, type Phase } from './domain/phase.js';
import * as store from './store/index.js';

// Reads of the loaded election shared by the voting desk (voting/) and the operators. Apart from
// context.ts, which builds the voting desk's verifier and so imports voting/: ballot-box.ts importing
// these from there closed a ring (issue 16, test/src/import-graph.test.ts).

export type PhaseInfo = { phase: Phase; suspensionMessage: string | null; opensAt: string | null; closesAt: string | null };

/** The platform's phase at `now` (platform/src/domain/phase.ts), with the suspension message and the opening hours. */
export async function currentPhase(tx: Queryable, now: Date): Promise<PhaseInfo> {
  const row = await store.election.findPhase(tx);
  if (!row) return { phase: 'NOT_LOADED', suspensionMessage: null, opensAt: null, closesAt: null };
  const phase = phaseAt({ state: row.state, opensAt: new Date(row.opens_at), closesAt: new Date(row.closes_at), suspended: row.message !== null }, now);
  return { phase, suspensionMessage: row.message, opensAt: new Date(row.opens_at).toISOString(), closesAt: new Date(row.closes_at).toISOString() };
}

/** The urns a right votes in: one per contest, for its category and sub-category. */
export function unitsOfRight(e: LoadedElection, right: { categoryCode: string; subcategoryCode: string | null }): UrnUnit[] {
  return e.units.filter((u) => u.categoryCode === right.categoryCode && u.subcategoryCode === right.subcategoryCode);
}
