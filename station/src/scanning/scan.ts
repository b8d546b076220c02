import type { Db, Queryable } from '@scrutin/db';
import { isUniqueViolation } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '../auth/roles.js';
import { err, ok, type Result } from '../basics/result.js';
import { classifyBarcode, normaliseRead } from '../domain/barcode.js';
import { decideVerdict, describeVerdict, PHYSICAL_DEFECTS, type PhysicalDefect, type ScanRef, type UrnRef, type Verdict } from '../domain/verdict.js';
import { scanModeOf, STATE_LABELS, type ElectionState } from '../domain/lifecycle.js';
import { appendJournal } from '../journal/journal.js';

export const scanRequestSchema = z.object({
  requestId: z.uuid({ message: 'requestId doit être un UUID' }),
  barcode: z.string().max(4096, 'code-barres trop long'),
  defect: z.enum(Object.keys(PHYSICAL_DEFECTS) as [PhysicalDefect, ...PhysicalDefect[]]).nullable().optional(),
  late: z.boolean().optional(),
  symbology: z.string().max(40).optional(),
  source: z.string().max(80).optional(),
  readAt: z.iso.datetime({ offset: true }).optional(),
});
export type ScanRequest = z.infer<typeof scanRequestSchema>;

export type ScanAnswer = {
  requestId: string;
  scanId: number;
  verdict: Verdict['kind'];
  detail: Verdict;
  message: string;
  urns?: UrnRef[];
  firstScan?: { stationId: string; agent: string; at: string };
  stationId: string;
  at: string;
  replayed: boolean;
};

export type ScanError = { code: 'SCANNING_CLOSED' | 'NO_ELECTION'; message: string };

type RightRow = {
  id: number;
  withdrawal: string | null;
  received_at: Date | null;
  voted_at: Date | null;
  generation: number;
  first_scan_id: number | null;
  first_station: string | null;
  first_agent: string | null;
  first_at: Date | null;
  urns: UrnRef[];
};

/**
 * The read as kept in the scan log: PostgreSQL text cannot hold a NUL byte (a bad read
 * then failed with a 500), so C0 controls are stored as their visible pictures (U+2400…).
 */
const storedRead = (raw: string): string =>
  normaliseRead(raw)
    .slice(0, 200)
    .replace(/[\u0000-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Everything a verdict needs about one right, in one statement: withdrawal, reception,
 * electronic vote, live postal acceptance (with its first scan) and the right's urns.
 * bench/scan's baseline runs the same statement.
 */
export const loadRightStatement = (where: 'id' | 'barcode'): string =>
  `SELECT r.id,
     w.decision_reference AS withdrawal,
     rc.received_at,
     e.voted_at,
     (SELECT count(*)::int FROM emargement_cancellation c WHERE c.right_id = r.id) AS generation,
     live.scan_id AS first_scan_id, s.station_id AS first_station, s.agent_login AS first_agent, s.scanned_at AS first_at,
     (SELECT coalesce(json_agg(json_build_object('id', u.id, 'label', u.label) ORDER BY u.contest_code), '[]'::json)
        FROM urn u WHERE u.category_code = r.category_code AND u.subcategory_code IS NOT DISTINCT FROM r.subcategory_code) AS urns
   FROM voting_right r
   LEFT JOIN right_withdrawal w ON w.right_id = r.id
   LEFT JOIN envelope_reception rc ON rc.right_id = r.id
   LEFT JOIN electronic_emargement e ON e.right_id = r.id
   LEFT JOIN postal_emargement live ON live.right_id = r.id
     AND NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = live.right_id AND c.generation = live.generation)
   LEFT JOIN scan s ON s.id = live.scan_id
   WHERE r.${where === 'id' ? 'id' : 'barcode'} = $1`;

async function loadRight(tx: Queryable, where: 'id' | 'barcode', key: number | string): Promise<RightRow | null> {
  const { rows } = await tx.query<RightRow>(loadRightStatement(where), [key]);
  return rows[0] ?? null;
}

class LostRace extends Error {}
class StateChanged extends Error {}

/**
 * One scan, one transaction: replay by requestId, verdict by the pure rule, then the
 * scan row, the emargement (the primary key refuses a second live acceptance from any
 * station) and the journal entry. The answer exists only once all of it is committed.
 */
export async function scan(db: Db, actor: Actor, request: ScanRequest): Promise<Result<ScanAnswer, ScanError>> {
  for (let attempt = 0; ; attempt++) {
    // The replay check runs before every attempt: a lost race on the requestId (below) comes back here.
    const context = await loadScanContext(db, request.requestId);
    if (!context) return err({ code: 'NO_ELECTION', message: "Aucune élection n'est configurée." });
    if (context.replay) return ok(context.replay);
    const { election, secret } = context;
    const mode = scanModeOf(election.state);
    if (!mode) return err({ code: 'SCANNING_CLOSED', message: `Numérisation fermée dans l'état « ${STATE_LABELS[election.state]} ».` });
    const acceptsPreprinted = await hasPreprinted(db);
    try {
      return ok(
        await db.transaction(async (tx) => {
          // A shared lock on the election row: a lifecycle step (FOR UPDATE) waits for scans in
          // flight, and a scan that waited sees the new state, so no scan lands after the close of scanning.
          const locked = await tx.query<{ state: ElectionState }>('SELECT state FROM election FOR SHARE');
          if (locked.rows[0]?.state !== election.state) throw new StateChanged();
          const barcode = classifyBarcode(request.barcode, { code: election.code, secret, acceptsPreprinted });
          const right =
            barcode.kind === 'RIGHT' ? await loadRight(tx, 'id', barcode.rightId) : barcode.kind === 'PREPRINTED' ? await loadRight(tx, 'barcode', barcode.barcode) : null;
          const acceptedBy: ScanRef | null =
            right?.first_scan_id != null ? { scanId: Number(right.first_scan_id), stationId: right.first_station!, agent: right.first_agent!, at: iso(right.first_at)! } : null;
          const verdict = decideVerdict({
            barcode,
            mode,
            defect: request.defect ?? null,
            markedLate: request.late ?? false,
            voteClosesAt: election.voteClosesAt.toISOString(),
            right: right && {
              withdrawal: right.withdrawal,
              receivedAt: iso(right.received_at),
              electronicVoteAt: iso(right.voted_at),
              acceptedBy,
              urns: right.urns,
            },
          });
          const at = new Date().toISOString();
          const answer: Omit<ScanAnswer, 'scanId'> = {
            requestId: request.requestId,
            verdict: verdict.kind,
            detail: verdict,
            message: describeVerdict(verdict),
            ...(verdict.kind === 'ACCEPTED' ? { urns: verdict.urns } : {}),
            ...(verdict.kind === 'ALREADY_EMARGED' ? { firstScan: { stationId: verdict.first.stationId, agent: verdict.first.agent, at: verdict.first.at } } : {}),
            stationId: actor.stationId,
            at,
            replayed: false,
          };
          const inserted = await tx.query<{ id: number }>(
            `INSERT INTO scan (request_id, station_id, agent_id, agent_login, mode, barcode, right_id, verdict, defect, answer, scanned_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (request_id) DO NOTHING RETURNING id`,
            [
              request.requestId,
              actor.stationId,
              actor.userId,
              actor.login,
              mode,
              storedRead(request.barcode),
              right?.id ?? null,
              verdict.kind,
              request.defect ?? null,
              JSON.stringify(answer),
              at,
            ],
          );
          if (!inserted.rows[0]) throw new LostRace(); // the same requestId committed meanwhile: replay it
          const scanId = Number(inserted.rows[0].id);
          if (verdict.kind === 'ACCEPTED') {
            await tx.query('INSERT INTO postal_emargement (right_id, generation, scan_id, emarged_at) VALUES ($1, $2, $3, $4)', [right!.id, right!.generation, scanId, at]);
          }
          if (verdict.kind === 'RECEIVED') {
            await tx.query('INSERT INTO envelope_reception (right_id, scan_id, received_at) VALUES ($1, $2, $3) ON CONFLICT (right_id) DO NOTHING', [right!.id, scanId, at]);
          }
          // Invariant 9: the journal names the right and the verdict, never anything about a ballot.
          await appendJournal(tx, actor, 'scan', { scanId, requestId: request.requestId, rightId: right?.id ?? null, verdict: verdict.kind, defect: request.defect ?? null });
          return { ...answer, scanId };
        }),
      );
    } catch (e) {
      // Another station accepted the same right, or sent the same requestId, between our read
      // and our insert: run again, and the verdict becomes ALREADY_EMARGED or a replay.
      if ((e instanceof LostRace || e instanceof StateChanged || isUniqueViolation(e)) && attempt < 3) continue;
      throw e;
    }
  }
}

type ScanContext = { election: { code: string; state: ElectionState; voteClosesAt: Date }; secret: Uint8Array; replay: ScanAnswer | null };

/** The election and any earlier answer to this requestId, in one round trip (the scan path's hot spot). */
async function loadScanContext(db: Queryable, requestId: string): Promise<ScanContext | null> {
  const { rows } = await db.query<{ code: string; state: ElectionState; vote_closes_at: Date; barcode_secret: Uint8Array; replay_id: number | null; replay_answer: Omit<ScanAnswer, 'scanId'> | null }>(
    `SELECT e.code, e.state, e.vote_closes_at, e.barcode_secret, s.id AS replay_id, s.answer AS replay_answer
     FROM election e LEFT JOIN scan s ON s.request_id = $1`,
    [requestId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    election: { code: r.code, state: r.state, voteClosesAt: new Date(r.vote_closes_at) },
    secret: new Uint8Array(r.barcode_secret),
    replay: r.replay_id !== null && r.replay_answer ? { ...r.replay_answer, scanId: Number(r.replay_id), replayed: true } : null,
  };
}

export async function findByRequestId(db: Queryable, requestId: string): Promise<ScanAnswer | null> {
  const { rows } = await db.query<{ id: number; answer: Omit<ScanAnswer, 'scanId'> }>('SELECT id, answer FROM scan WHERE request_id = $1', [requestId]);
  const r = rows[0];
  return r ? { ...r.answer, scanId: Number(r.id), replayed: true } : null;
}

const preprintedCache = new WeakMap<Queryable, { at: number; value: boolean }>();
/** Pre-printed barcodes are fixed once the roll is validated; cache the answer briefly. */
async function hasPreprinted(db: Queryable): Promise<boolean> {
  const cached = preprintedCache.get(db);
  if (cached && Date.now() - cached.at < 5000) return cached.value;
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM roll_import WHERE (report->>'preprintedBarcodes')::int > 0`);
  const value = rows[0]!.n > 0;
  preprintedCache.set(db, { at: Date.now(), value });
  return value;
}
