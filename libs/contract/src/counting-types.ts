/**
 * What the counting services hand to the screens. Types only, without a runtime import, so that
 * the dashboard type-checks against them without taking in the station's Node and database types.
 */
import type { CountSheet, CountSheetProblem, EntryMismatch } from '@scrutin/domain/count-sheet.js';
import type { UrnReconciliation } from '@scrutin/domain/reconciliation.js';
import type { UrnCandidate } from './results-types.js';

export type CountingError = { code: string; message: string; details?: unknown };

export type UrnIntegrity = {
  valid: boolean;
  electionCode: string;
  manifestFingerprint: string;
  merkleRoot: string;
  ballotCount: number;
  /** The election's closing time (its definition): what « Clôture du vote » means on every screen. */
  voteClosesAt: string;
  /** The time written in the urn file's header by the platform that closed it; shown apart, never as the vote's close. */
  closedAt: string | null;
  platformKeyFingerprint: string;
  fileSha256: string;
  urns: { urnId: string; label: string; ballots: number; electronicVoters: number }[];
  problems: string[];
};

export type Contribution = { holder: number; login: string; at: string; source: 'SHARE' | 'PARTIAL' };

export type UnsealingState = 'NO_URN' | 'AWAITING_HOLDERS' | 'READY_TO_COMBINE' | 'COMBINED' | 'TALLY_FROM_FILE';

export type UnsealingStatus = {
  state: UnsealingState;
  /** Holders needed: two of the three (art. 12). */
  threshold: 2;
  integrity: UrnIntegrity | null;
  contributions: Contribution[];
  /** Only once the combined tally is recorded: one partial alone never shows any count (invariant 7). */
  tally: null | {
    holders: number[];
    urns: { urnId: string; label: string; ballots: number; blank: number; candidates: { id: string; name: string; votes: number }[] }[];
  };
  combinationError?: CountingError;
};

export type CountEntry = { id: number; entryNumber: 1 | 2; teller: string; enteredAt: string; sheet: CountSheet; reason: string | null; corrections: number };

/** READY: both entries agree and the checks pass, the president may validate. */
export type UrnCountState = 'AWAITING_ENTRIES' | 'MISMATCH' | 'INVALID' | 'READY' | 'VALIDATED';

export type UrnCountStatus = {
  urnId: string;
  label: string;
  seats: number;
  candidates: Pick<UrnCandidate, 'id' | 'lastName' | 'firstNames'>[];
  envelopesAccepted: number;
  entries: CountEntry[];
  problems: { entryNumber: number; problems: CountSheetProblem[] }[];
  mismatches: EntryMismatch[];
  reconciliation: UrnReconciliation | null;
  state: UrnCountState;
  /** by: the president's login; byName: their name as printed above their signature. */
  validation: { by: string; byName: string; at: string; difference: number; note: string | null; sheetDigest: string } | null;
};
