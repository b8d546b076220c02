import type { Queryable } from '@scrutin/db';
import { csvLine } from '../basics/csv.js';
import { SET_ASIDE_REASON_OF_VERDICT, type SetAsideReason } from '../reports/report-data.js';
import type { Counters, UrnCounters } from '@scrutin/contract/scanning-types.js';
import * as store from '../store/index.js';
import type { UnitRow } from '../store/counters.js';

const unitKey = (u: UnitRow) => `${u.category_code}\u0000${u.subcategory_code ?? ''}`;

/** Registered and electronic counts per unit never change once the electronic emargement is loaded. */
const FIXED_STATES = new Set(['EMARGEMENT_LOADED', 'COUNTING', 'RESULTS_PROCLAIMED', 'ARCHIVED']);
const fixedCache = new WeakMap<Queryable, Map<string, { registered: number; electronic: number }>>();

/**
 * Per-urn counters. The screens ask for them every 250 ms during scanning: a scan of the whole
 * roll each time (1,000,000 rights) took seconds and, piling up, starved the scans of database
 * connections (bench/scan). The fixed part is read once; the postal part grows with the scans only.
 */
async function urnCounts(db: Queryable): Promise<UrnCounters[]> {
  const [urns, state, postal] = await Promise.all([store.counters.listUrns(db), store.counters.electionState(db), store.counters.postalAcceptedPerUnit(db)]);
  let fixed = fixedCache.get(db);
  if (!fixed) {
    const rows = await store.counters.registeredAndElectronicPerUnit(db);
    fixed = new Map(rows.map((r) => [unitKey(r), { registered: r.registered, electronic: r.electronic }]));
    if (FIXED_STATES.has(state ?? '')) fixedCache.set(db, fixed);
  }
  const postalByUnit = new Map(postal.map((r) => [unitKey(r), r.n]));
  return urns.map((u) => ({
    urnId: u.id,
    label: u.label,
    contest: u.contest_code,
    seats: u.seats,
    registered: fixed.get(unitKey(u))?.registered ?? 0,
    postalAccepted: postalByUnit.get(unitKey(u)) ?? 0,
    electronic: fixed.get(unitKey(u))?.electronic ?? 0,
  }));
}

/** Live counters for the screens: per verdict, per station and per urn, read in one consistent snapshot. */
export async function readCounters(db: Queryable): Promise<Counters> {
  const [state, verdicts, stations, urns, pending] = await Promise.all([
    store.counters.electionState(db),
    store.counters.scansPerVerdict(db),
    store.counters.scansPerStation(db),
    urnCounts(db),
    store.scans.countPendingElectronicPriority(db),
  ]);
  const byVerdict = Object.fromEntries(verdicts.map((r) => [r.verdict, r.n]));
  const urnRows: UrnCounters[] = urns;
  // Rights are counted once whatever the number of contests: take one contest's urns.
  const firstContest = urnRows[0]?.contest;
  const one = urnRows.filter((u) => u.contest === firstContest);
  // One list of set-aside verdicts for the total and its breakdown, so the two always add up.
  const setAsideByReason: Partial<Record<SetAsideReason, number>> = {};
  for (const [verdict, n] of Object.entries(byVerdict)) {
    const reason = SET_ASIDE_REASON_OF_VERDICT[verdict];
    if (reason) setAsideByReason[reason] = (setAsideByReason[reason] ?? 0) + n;
  }
  const setAside = Object.values(setAsideByReason).reduce((n, c) => n + c, 0);
  return {
    at: new Date().toISOString(),
    state: state ?? 'SETUP',
    byVerdict,
    byStation: stations.map((r) => ({ stationId: r.station_id, scans: r.scans, accepted: r.accepted })),
    urns: urnRows,
    pendingElectronicPriority: pending,
    totals: {
      registered: one.reduce((n, u) => n + u.registered, 0),
      postalAccepted: one.reduce((n, u) => n + u.postalAccepted, 0),
      electronic: one.reduce((n, u) => n + u.electronic, 0),
      setAside,
      setAsideByReason,
      received: byVerdict.RECEIVED ?? 0,
    },
  };
}

export type EmargementEntry = { rightId: number; voterNumber: string; lastName: string; firstNames: string; category: string; subcategory: string | null; channel: 'POSTAL' | 'ELECTRONIC'; at: string; stationId: string | null };

/** The emargement list, postal and electronic together (art. 11), in right order. */
export async function listEmargement(db: Queryable, options: { limit?: number; offset?: number } = {}): Promise<EmargementEntry[]> {
  const rows = await store.emargements.listEmargement(db, options.limit ?? 1_000_000, options.offset ?? 0);
  return rows.map((r) => ({
    rightId: Number(r.id),
    voterNumber: r.voter_number,
    lastName: r.last_name,
    firstNames: r.first_names,
    category: r.category_code,
    subcategory: r.subcategory_code,
    channel: r.channel,
    at: new Date(r.at).toISOString(),
    stationId: r.station_id,
  }));
}

/**
 * The emargement list as CSV for people (docs/formats/emargement-csv.md): « ; »-separated, one line per
 * emarged right, names neutralised against spreadsheet formulas by csvLine. The caller adds the BOM.
 */
export function emargementCsv(entries: EmargementEntry[]): string {
  const lines = entries.map((e) => csvLine([e.rightId, e.voterNumber, e.lastName, e.firstNames, e.category, e.subcategory, e.channel === 'POSTAL' ? 'correspondance' : 'internet', e.at, e.stationId]));
  return ['qualite;numero_electeur;nom;prenoms;categorie;sous_categorie;canal;horodatage;poste', ...lines].join('\n') + '\n';
}
