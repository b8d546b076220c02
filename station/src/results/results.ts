/**
 * The results as the screens and the PV show them, read from the database: per urn the validated
 * postal count, the electronic tally, their combination and the seats (domain rules, no I/O there).
 */
import type { Queryable } from '@scrutin/db';
import type { CountSheet } from '@scrutin/domain/count-sheet.js';
import { combineResults, reconcileUrn, type ElectronicTally } from '@scrutin/domain/reconciliation.js';
import { attributeSeats } from '@scrutin/domain/seats.js';
import type { Outcome, ResultsView, UrnBase, UrnResults } from '@scrutin/contract/results-types.js';
import * as store from '../store/index.js';

/** Every urn with its candidates (in entry order), registered rights, accepted envelopes and electronic voters. */
export async function loadUrnBases(db: Queryable): Promise<UrnBase[]> {
  const urns = await store.results.urnBases(db);
  const candidates = await store.results.candidates(db);
  return urns.map((u) => ({
    id: u.id,
    contestCode: u.contest_code,
    categoryCode: u.category_code,
    subcategoryCode: u.subcategory_code,
    label: u.label,
    seats: u.seats,
    registeredRights: u.registered,
    envelopesAccepted: u.postal,
    electronicVoters: u.electronic,
    candidates: candidates
      .filter((c) => c.urn_id === u.id)
      .map((c) => ({ id: String(c.id), lastName: c.last_name, firstNames: c.first_names, birthDate: c.birth_date, sex: c.sex })),
  }));
}

export async function loadValidatedSheets(db: Queryable): Promise<Map<string, { sheet: CountSheet; difference: number; envelopesAccepted: number; note: string | null }>> {
  const rows = await store.results.validatedSheets(db);
  return new Map(rows.map((r) => [r.urn_id, { sheet: r.sheet, difference: r.difference, envelopesAccepted: r.envelopes_accepted, note: r.note }]));
}

export async function loadElectronicTallies(db: Queryable): Promise<Map<string, ElectronicTally>> {
  const rows = await store.results.electronicTallies(db);
  return new Map(rows.map((r) => [r.urn_id, { ballots: r.ballots, blank: r.blank, votes: r.votes }]));
}

/** Pure: one urn's results from its base, validated sheet and electronic tally (either may be missing yet). */
export function urnResults(
  base: UrnBase,
  postal: { sheet: CountSheet; note: string | null } | undefined,
  electronic: ElectronicTally | undefined,
): UrnResults {
  const combined = combineResults(postal ? { [base.id]: postal.sheet } : {}, electronic ? { [base.id]: electronic } : {})[base.id];
  const zero = { postal: 0, electronic: 0, combined: 0 };
  const pick = (k: 'postal' | 'electronic' | 'combined'): Outcome => ({
    ballots: (combined?.ballots ?? zero)[k],
    valid: (combined?.valid ?? zero)[k],
    blank: (combined?.blank ?? zero)[k],
    null: (combined?.null ?? zero)[k],
  });
  const votesOf = (id: string) => combined?.votes[id] ?? zero;
  const attribution = attributeSeats({
    seats: base.seats,
    candidates: base.candidates.map((c) => ({ id: c.id, birthDate: c.birthDate, votes: votesOf(c.id).combined })),
  });
  const byId = new Map(base.candidates.map((c) => [c.id, c]));
  const reconciliation = postal ? reconcileUrn({ envelopesAccepted: base.envelopesAccepted, sheet: postal.sheet }) : null;
  return {
    ...base,
    status: { postalValidated: !!postal, electronicLoaded: !!electronic },
    postal: pick('postal'),
    electronic: pick('electronic'),
    combined: pick('combined'),
    reconciliation: reconciliation
      ? { envelopesAccepted: reconciliation.envelopesAccepted, envelopesFound: reconciliation.envelopesFound, difference: reconciliation.difference, note: postal!.note }
      : null,
    candidates: attribution.ranking.map((r) => ({
      ...byId.get(r.id)!,
      postal: votesOf(r.id).postal,
      electronic: votesOf(r.id).electronic,
      combined: r.votes,
      rank: r.rank,
      elected: r.elected,
      tieBrokenByAge: r.tieBrokenByAge,
    })),
    elected: attribution.elected,
    drawOfLots: attribution.drawOfLots,
  };
}

/** The results screen: partial while counting (urns not yet validated show zeros and their status). */
export async function loadResults(db: Queryable): Promise<ResultsView> {
  const [election, contests, bases, sheets, tallies] = await Promise.all([
    store.results.electionCodeAndState(db),
    store.results.contests(db),
    loadUrnBases(db),
    loadValidatedSheets(db),
    loadElectronicTallies(db),
  ]);
  const urns = bases.map((b) => urnResults(b, sheets.get(b.id), tallies.get(b.id)));
  return {
    electionCode: election?.code ?? '',
    state: election?.state ?? 'SETUP',
    complete: urns.length > 0 && urns.every((u) => u.status.postalValidated && u.status.electronicLoaded),
    contests: contests.map((c) => ({ ...c, urns: urns.filter((u) => u.contestCode === c.code) })),
  };
}
