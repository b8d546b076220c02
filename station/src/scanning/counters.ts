import type { Queryable } from '@scrutin/db';

export type UrnCounters = { urnId: string; label: string; contest: string; seats: number; registered: number; postalAccepted: number; electronic: number };
export type Counters = {
  at: string;
  state: string;
  byVerdict: Record<string, number>;
  byStation: { stationId: string; scans: number; accepted: number }[];
  urns: UrnCounters[];
  pendingElectronicPriority: number;
  totals: { registered: number; postalAccepted: number; electronic: number; setAside: number; received: number };
};

/** Live counters for the screens: per verdict, per station and per urn, read in one consistent snapshot. */
export async function readCounters(db: Queryable): Promise<Counters> {
  const [state, verdicts, stations, urns, pending] = await Promise.all([
    db.query<{ state: string }>('SELECT state FROM election'),
    db.query<{ verdict: string; n: number }>(`SELECT verdict, count(*)::int AS n FROM scan GROUP BY verdict`),
    db.query<{ station_id: string; scans: number; accepted: number }>(
      `SELECT station_id, count(*)::int AS scans, count(*) FILTER (WHERE verdict = 'ACCEPTED')::int AS accepted FROM scan WHERE mode = 'EMARGEMENT' GROUP BY station_id ORDER BY station_id`,
    ),
    db.query<{ id: string; label: string; contest_code: string; seats: number; registered: number; postal: number; electronic: number }>(
      `WITH per_unit AS (
         SELECT r.category_code, r.subcategory_code, count(*)::int AS registered,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM postal_emargement pe WHERE pe.right_id = r.id
             AND NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)))::int AS postal,
           count(e.right_id)::int AS electronic
         FROM voting_right r LEFT JOIN electronic_emargement e ON e.right_id = r.id
         GROUP BY r.category_code, r.subcategory_code)
       SELECT u.id, u.label, u.contest_code, u.seats, coalesce(p.registered, 0) AS registered, coalesce(p.postal, 0) AS postal, coalesce(p.electronic, 0) AS electronic
       FROM urn u LEFT JOIN per_unit p ON p.category_code = u.category_code AND p.subcategory_code IS NOT DISTINCT FROM u.subcategory_code
       ORDER BY u.contest_code, u.category_code, u.subcategory_code NULLS FIRST`,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM scan s WHERE s.verdict = 'ELECTRONIC_PRIORITY' AND s.mode = 'EMARGEMENT' AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.scan_id = s.id AND d.kind = 'CONFIRM')`,
    ),
  ]);
  const byVerdict = Object.fromEntries(verdicts.rows.map((r) => [r.verdict, r.n]));
  const urnRows: UrnCounters[] = urns.rows.map((r) => ({
    urnId: r.id,
    label: r.label,
    contest: r.contest_code,
    seats: r.seats,
    registered: r.registered,
    postalAccepted: r.postal,
    electronic: r.electronic,
  }));
  // Rights are counted once whatever the number of contests: take one contest's urns.
  const firstContest = urnRows[0]?.contest;
  const one = urnRows.filter((u) => u.contest === firstContest);
  const setAside = Object.entries(byVerdict)
    .filter(([v]) => !['ACCEPTED', 'MALFORMED', 'RECEIVED'].includes(v))
    .reduce((n, [, c]) => n + c, 0);
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

export function emargementCsv(entries: EmargementEntry[]): string {
  const esc = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = entries.map((e) => [e.rightId, e.voterNumber, e.lastName, e.firstNames, e.category, e.subcategory ?? '', e.channel === 'POSTAL' ? 'correspondance' : 'internet', e.at, e.stationId ?? ''].map((v) => esc(String(v))).join(';'));
  return ['qualite;numero_electeur;nom;prenoms;categorie;sous_categorie;canal;horodatage;poste', ...lines].join('\n') + '\n';
}
