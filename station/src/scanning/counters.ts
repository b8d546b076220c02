import type { Queryable } from '@scrutin/db';
import { csvLine } from '../basics/csv.js';
import { SET_ASIDE_REASON_OF_VERDICT, type SetAsideReason } from '../reports/report-data.js';
import type { Counters, UrnCounters } from '@scrutin/contract/scanning-types.js';

type Unit = { category_code: string; subcategory_code: string | null };
const unitKey = (u: Unit) => `${u.category_code}\u0000${u.subcategory_code ?? ''}`;

/** Registered and electronic counts per unit never change once the electronic emargement is loaded. */
const FIXED_STATES = new Set(['EMARGEMENT_LOADED', 'COUNTING', 'RESULTS_PROCLAIMED', 'ARCHIVED']);
const fixedCache = new WeakMap<Queryable, Map<string, { registered: number; electronic: number }>>();

/**
 * Per-urn counters. The screens ask for them every 250 ms during scanning: a scan of the whole
 * roll each time (1,000,000 rights) took seconds and, piling up, starved the scans of database
 * connections (bench/scan). The fixed part is read once; the postal part grows with the scans only.
 */
async function urnCounts(db: Queryable): Promise<UrnCounters[]> {
  const [urns, state, postal] = await Promise.all([
    db.query<{ id: string; label: string; contest_code: string; category_code: string; subcategory_code: string | null; seats: number }>(
      'SELECT id, label, contest_code, category_code, subcategory_code, seats FROM urn ORDER BY contest_code, category_code, subcategory_code NULLS FIRST',
    ),
    db.query<{ state: string }>('SELECT state FROM election'),
    db.query<Unit & { n: number }>(
      `SELECT r.category_code, r.subcategory_code, count(*)::int AS n
       FROM postal_emargement pe JOIN voting_right r ON r.id = pe.right_id
       WHERE NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)
       GROUP BY r.category_code, r.subcategory_code`,
    ),
  ]);
  let fixed = fixedCache.get(db);
  if (!fixed) {
    const { rows } = await db.query<Unit & { registered: number; electronic: number }>(
      `SELECT r.category_code, r.subcategory_code, count(*)::int AS registered, count(e.right_id)::int AS electronic
       FROM voting_right r LEFT JOIN electronic_emargement e ON e.right_id = r.id GROUP BY r.category_code, r.subcategory_code`,
    );
    fixed = new Map(rows.map((r) => [unitKey(r), { registered: r.registered, electronic: r.electronic }]));
    if (FIXED_STATES.has(state.rows[0]?.state ?? '')) fixedCache.set(db, fixed);
  }
  const postalByUnit = new Map(postal.rows.map((r) => [unitKey(r), r.n]));
  return urns.rows.map((u) => ({
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
    db.query<{ state: string }>('SELECT state FROM election'),
    db.query<{ verdict: string; n: number }>(`SELECT verdict, count(*)::int AS n FROM scan GROUP BY verdict`),
    db.query<{ station_id: string; scans: number; accepted: number }>(
      `SELECT station_id, count(*)::int AS scans, count(*) FILTER (WHERE verdict = 'ACCEPTED')::int AS accepted FROM scan WHERE mode = 'EMARGEMENT' GROUP BY station_id ORDER BY station_id`,
    ),
    urnCounts(db),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM scan s WHERE s.verdict = 'ELECTRONIC_PRIORITY' AND s.mode = 'EMARGEMENT' AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.scan_id = s.id AND d.kind = 'CONFIRM')`,
    ),
  ]);
  const byVerdict = Object.fromEntries(verdicts.rows.map((r) => [r.verdict, r.n]));
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
    state: state.rows[0]?.state ?? 'SETUP',
    byVerdict,
    byStation: stations.rows.map((r) => ({ stationId: r.station_id, scans: r.scans, accepted: r.accepted })),
    urns: urnRows,
    pendingElectronicPriority: pending.rows[0]?.n ?? 0,
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
  const { rows } = await db.query<{ id: number; voter_number: string; last_name: string; first_names: string; category_code: string; subcategory_code: string | null; channel: 'POSTAL' | 'ELECTRONIC'; at: Date; station_id: string | null }>(
    `SELECT r.id, v.voter_number, v.last_name, v.first_names, r.category_code, r.subcategory_code, x.channel, x.at, x.station_id
     FROM (
       SELECT pe.right_id, 'POSTAL' AS channel, pe.emarged_at AS at, s.station_id FROM postal_emargement pe JOIN scan s ON s.id = pe.scan_id
       WHERE NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)
       UNION ALL SELECT right_id, 'ELECTRONIC', voted_at, NULL FROM electronic_emargement) x
     JOIN voting_right r ON r.id = x.right_id JOIN voter v ON v.id = r.voter_id
     ORDER BY r.id LIMIT $1 OFFSET $2`,
    [options.limit ?? 1_000_000, options.offset ?? 0],
  );
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
