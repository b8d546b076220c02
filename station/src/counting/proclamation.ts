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
import * as store from '../store/index.js';

export async function proclamationRefusal(tx: Queryable): Promise<string | null> {
  const pending = await store.countSheets.unvalidatedUrns(tx);
  if (pending.length > 0) return `Dépouillement non validé pour ${pending.length} urne(s) : ${pending.join(', ')}.`;
  if (!(await store.tally.isTallyImported(tx))) return 'Le dépouillement électronique n’est pas chargé.';
  const dual = await store.scans.countPendingElectronicPriority(tx);
  if (dual > 0) return `${dual} pli(s) de votants par internet attendent la confirmation du président.`;
  return null;
}

export async function proclaimResults(db: Db, actor: Omit<Actor, 'role'>, roles: readonly Role[]): Promise<Result<Election, ElectionError>> {
  return transition(db, actor, roles, 'RESULTS_PROCLAIMED', {
    precondition: proclamationRefusal,
    effect: async (tx, _election, acting) => {
      const data = await assembleReportData(tx);
      const text = canonicalJson(data);
      const digest = sha256Hex(text);
      await store.proclamations.insertProclamation(tx, text, digest, acting.userId);
      return { resultsDigest: digest };
    },
  });
}

export async function getProclamation(db: Queryable): Promise<Result<{ data: ReportData; digest: string; proclaimedAt: string }, { code: string; message: string }>> {
  const r = await store.proclamations.getProclamation(db);
  if (!r) return err({ code: 'NOT_PROCLAIMED', message: 'Les résultats ne sont pas encore proclamés (scrutin election advance RESULTS_PROCLAIMED).' });
  return ok({ data: reportDataSchema.parse(JSON.parse(r.report_data)), digest: r.results_digest, proclaimedAt: new Date(r.proclaimed_at).toISOString() });
}
