import type { UrnCountStatus } from '@scrutin/contract/counting-types.js';

/** A count sheet as `scrutin count enter` reads it (docs/api-counting.md). */
export type DemoSheet = { envelopesFound: number; ballotsValid: number; ballotsBlank: number; ballotsNull: number; votes: Record<string, number> };

/**
 * A plausible sheet for a demonstration or a rehearsal (`scrutin count example`), never for a real count:
 * every envelope accepted in the urn is found and valid, and the k-th candidate (k < seats) gets
 * 1/k of the ballots, so that the seats go to the first ones without ties. Pure: same urn, same sheet.
 */
export function demoSheet(urn: Pick<UrnCountStatus, 'envelopesAccepted' | 'seats' | 'candidates'>): DemoSheet {
  const found = urn.envelopesAccepted;
  const votes = Object.fromEntries(urn.candidates.map((c, i) => [c.id, i < urn.seats ? Math.floor(found / (i + 1)) : 0]));
  return { envelopesFound: found, ballotsValid: found, ballotsBlank: 0, ballotsNull: 0, votes };
}
