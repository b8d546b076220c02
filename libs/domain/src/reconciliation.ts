/**
 * Invariant 4: for each urn, ballots found = envelopes accepted for that urn, or the difference is
 * recorded on the PV. And the combination of the postal count with the electronic tally, keeping both
 * sources side by side so that the screen and the PV show them before and after combination.
 */
import type { CountSheet } from './count-sheet.js';
import type { CandidateId } from './seats.js';

export type UrnId = string;

export type UrnReconciliation = {
  envelopesAccepted: number;
  envelopesFound: number;
  /** found − accepted: positive means more envelopes in the urn than scans accepted. */
  difference: number;
  /** A non-zero difference must be explained in writing on the PV. */
  needsNote: boolean;
};

export function reconcileUrn(input: { envelopesAccepted: number; sheet: Pick<CountSheet, 'envelopesFound'> }): UrnReconciliation {
  const difference = input.sheet.envelopesFound - input.envelopesAccepted;
  return {
    envelopesAccepted: input.envelopesAccepted,
    envelopesFound: input.sheet.envelopesFound,
    difference,
    needsNote: difference !== 0,
  };
}

/** The electronic tally of one urn; an electronic ballot can be blank but never null (its proof bounds the marks). */
export type ElectronicTally = { ballots: number; blank: number; votes: Record<CandidateId, number> };

export type CombinedCandidate = { postal: number; electronic: number; combined: number };

export type CombinedUrn = {
  postal: CountSheet | null;
  electronic: ElectronicTally | null;
  ballots: { postal: number; electronic: number; combined: number };
  valid: { postal: number; electronic: number; combined: number };
  blank: { postal: number; electronic: number; combined: number };
  null: { postal: number; electronic: number; combined: number };
  votes: Record<CandidateId, CombinedCandidate>;
};

const triple = (postal: number, electronic: number) => ({ postal, electronic, combined: postal + electronic });

/** Combines per urn; an urn present on one side only is kept with zeros on the other side. */
export function combineResults(
  postal: Readonly<Record<UrnId, CountSheet>>,
  electronic: Readonly<Record<UrnId, ElectronicTally>>,
): Record<UrnId, CombinedUrn> {
  const combined: Record<UrnId, CombinedUrn> = {};
  const urnIds = [...new Set([...Object.keys(postal), ...Object.keys(electronic)])].sort();
  for (const urnId of urnIds) {
    const p = postal[urnId] ?? null;
    const e = electronic[urnId] ?? null;
    const votes: Record<CandidateId, CombinedCandidate> = {};
    const candidateIds = new Set([...Object.keys(p?.votes ?? {}), ...Object.keys(e?.votes ?? {})]);
    for (const id of [...candidateIds].sort()) votes[id] = triple(p?.votes[id] ?? 0, e?.votes[id] ?? 0);
    combined[urnId] = {
      postal: p,
      electronic: e,
      ballots: triple(p?.envelopesFound ?? 0, e?.ballots ?? 0),
      valid: triple(p?.ballotsValid ?? 0, (e?.ballots ?? 0) - (e?.blank ?? 0)),
      blank: triple(p?.ballotsBlank ?? 0, e?.blank ?? 0),
      null: triple(p?.ballotsNull ?? 0, 0),
      votes,
    };
  }
  return combined;
}
