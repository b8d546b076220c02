/**
 * What the counting services hand to the screens. Types only, without a runtime import, so that
 * the dashboard type-checks against them without taking in the station's Node and database types.
 */

export type CountingError = { code: string; message: string; details?: unknown };

export type UrnIntegrity = {
  valid: boolean;
  electionCode: string;
  manifestFingerprint: string;
  merkleRoot: string;
  ballotCount: number;
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
