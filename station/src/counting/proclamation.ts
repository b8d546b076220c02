/**
 * COUNTING → RESULTS_PROCLAIMED: allowed once every urn's count is validated, the electronic tally is
 * loaded and no dual vote awaits the president's confirmation. The ReportData is assembled and stored
 * in the same transaction: the PV, the export and the bundle all sign this one snapshot.
 */
import type { Db, Queryable } from '@scrutin/db';
import type { Actor, Role } from '@scrutin/domain/roles.js';
import { canonicalJson, sha256Hex } from '@scrutin/basics/canonical-json.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { transition, type Election, type ElectionError } from '../election/election.js';
import { reportDataSchema, type ReportData } from '../reports/index.js';
import { assembleReportData } from '../results/report-data.js';

export async function proclamationRefusal(tx: Queryable): Promise<string | null> {
  const pending = await tx.query<{ id: string }>('SELECT id FROM urn u WHERE NOT EXISTS (SELECT 1 FROM count_validation v WHERE v.urn_id = u.id) ORDER BY id');
  if (pending.rows.length > 0) return `Dépouillement non validé pour ${pending.rows.length} urne(s) : ${pending.rows.map((r) => r.id).join(', ')}.`;
  const tally = await tx.query('SELECT 1 FROM electronic_tally_import');
  if (tally.rows.length === 0) return 'Le dépouillement électronique n’est pas chargé.';
  const dual = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM scan s WHERE s.verdict = 'ELECTRONIC_PRIORITY' AND s.mode = 'EMARGEMENT' AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.scan_id = s.id AND d.kind = 'CONFIRM')`,
  );
  if (dual.rows[0]!.n > 0) return `${dual.rows[0]!.n} pli(s) de votants par internet attendent la confirmation du président.`;
  return null;
}

export async function proclaimResults(db: Db, actor: Omit<Actor, 'role'>, roles: readonly Role[]): Promise<Result<Election, ElectionError>> {
  return transition(db, actor, roles, 'RESULTS_PROCLAIMED', {
    precondition: proclamationRefusal,
    effect: async (tx, _election, acting) => {
      const data = await assembleReportData(tx);
      const text = canonicalJson(data);
      const digest = sha256Hex(text);
      await tx.query('INSERT INTO proclamation (report_data, results_digest, proclaimed_by) VALUES ($1, $2, $3)', [text, digest, acting.userId]);
      return { resultsDigest: digest };
    },
  });
}

export async function getProclamation(db: Queryable): Promise<Result<{ data: ReportData; digest: string; proclaimedAt: string }, { code: string; message: string }>> {
  const { rows } = await db.query<{ report_data: string; results_digest: string; proclaimed_at: Date }>('SELECT report_data, results_digest, proclaimed_at FROM proclamation');
  const r = rows[0];
  if (!r) return err({ code: 'NOT_PROCLAIMED', message: 'Les résultats ne sont pas encore proclamés (scrutin election advance RESULTS_PROCLAIMED).' });
  return ok({ data: reportDataSchema.parse(JSON.parse(r.report_data)), digest: r.results_digest, proclaimedAt: new Date(r.proclaimed_at).toISOString() });
}
