/**
 * The results the screens show. Types only, without a runtime import, so that the dashboard
 * type-checks against them without taking in the station's Node and database types.
 */
import type { DrawOfLots } from '@scrutin/domain/seats.js';

export type UrnCandidate = { id: string; lastName: string; firstNames: string; birthDate: string; sex: string };

export type UrnBase = {
  id: string;
  contestCode: string;
  categoryCode: string;
  subcategoryCode: string | null;
  label: string;
  seats: number;
  registeredRights: number;
  envelopesAccepted: number;
  electronicVoters: number;
  candidates: UrnCandidate[];
};

export type Outcome = { ballots: number; valid: number; blank: number; null: number };

export type UrnResults = Omit<UrnBase, 'candidates'> & {
  status: { postalValidated: boolean; electronicLoaded: boolean };
  postal: Outcome;
  electronic: Outcome;
  combined: Outcome;
  reconciliation: { envelopesAccepted: number; envelopesFound: number; difference: number; note: string | null } | null;
  candidates: (UrnCandidate & { postal: number; electronic: number; combined: number; rank: number; elected: boolean; tieBrokenByAge: boolean })[];
  elected: string[];
  drawOfLots: DrawOfLots | null;
};

export type ResultsView = {
  electionCode: string;
  state: string;
  complete: boolean;
  contests: { code: string; kind: 'CCIR' | 'CCIT'; name: string; urns: UrnResults[] }[];
};

/** GET /api/results: the results with the proclamation that froze them, once made. */
export type PublishedResults = ResultsView & { proclamation: { digest: string; proclaimedAt: string } | null };
