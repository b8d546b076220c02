import type { Db, Queryable } from '@scrutin/db';
import { isUniqueViolation, retryOnConnectionLoss } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '@scrutin/domain/roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { normaliseRead } from '@scrutin/domain/read-text.js';
import { classifyBarcode } from '@scrutin/domain/barcode.js';
import { decideVerdict, describeVerdict, PHYSICAL_DEFECTS, type PhysicalDefect, type ScanRef, type UrnRef, type Verdict } from '@scrutin/domain/verdict.js';
import { scanModeOf, STATE_LABELS, type ElectionState } from '@scrutin/domain/lifecycle.js';
import { timeZoneOf } from '@scrutin/contract/election-definition.js';
import { digestOf } from '@scrutin/basics/canonical-json.js';
import { appendJournal } from '../journal/journal.js';
import * as store from '../store/index.js';
import type { RightRow, ScanRow } from '../store/scans.js';

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
  /** The read this answer decided, as the scan log keeps it (normalised, controls made visible). */
  barcode: string;
  /** The right the verdict is about; null when the barcode names none (malformed, unknown, other election). */
  rightId: number | null;
  verdict: Verdict['kind'];
  detail: Verdict;
  message: string;
  urns?: UrnRef[];
  firstScan?: { stationId: string; agent: string; at: string };
  stationId: string;
  at: string;
  replayed: boolean;
};

export type ScanError = { code: 'SCANNING_CLOSED' | 'NO_ELECTION' | 'REQUEST_ID_REUSED'; message: string; details?: unknown };

/** Markup characters, each shown as its full-width form: the read stays legible and inert in any page. */
const INERT: Record<string, string> = { '<': '\uff1c', '>': '\uff1e', '&': '\uff06', '"': '\uff02', "'": '\uff07', '`': '\uff40' };

/**
 * The read as kept in the scan log and named in the answer: normalised like every read (PostgreSQL
 * text cannot hold the NUL byte that normaliseRead removes; a bad read with one used to fail with a
 * 500) and bounded; a lone surrogate, which jsonb refuses, becomes U+FFFD; markup characters become
 * their full-width forms (the answer to `<script>…` must carry no markup of it).
 */
const storedRead = (raw: string): string =>
  normaliseRead(raw)
    .slice(0, 200)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[<>&"'`]/g, (c) => INERT[c]!);

/**
 * What makes two requests "the same" for idempotency: every field of the body, absent and default
 * values made equal. The scanner bridge and the dashboard resend a read byte for byte.
 */
const requestDigest = (request: ScanRequest): string =>
  digestOf({
    barcode: request.barcode,
    defect: request.defect ?? null,
    late: request.late ?? false,
    symbology: request.symbology ?? null,
    source: request.source ?? null,
    readAt: request.readAt ?? null,
  });

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

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
    // Reads, and a transaction keyed by the requestId: after a lost connection (a terminated backend,
    // a restarted server) both run again on a fresh one instead of failing the scan.
    const context = await retryOnConnectionLoss(() => loadScanContext(db, request.requestId));
    if (!context) return err({ code: 'NO_ELECTION', message: "Aucune élection n'est configurée." });
    if (context.replay) return sameRequest(context.replay, request) ? ok(context.replay.answer) : err(reusedRequestId(context.replay.answer, request));
    const { election, secret } = context;
    const mode = scanModeOf(election.state);
    if (!mode) return err({ code: 'SCANNING_CLOSED', message: `Numérisation fermée dans l'état « ${STATE_LABELS[election.state]} ».` });
    const acceptsPreprinted = await retryOnConnectionLoss(() => hasPreprinted(db));
    try {
      return ok(
        await db.transaction(async (tx) => {
          // A shared lock on the election row: a lifecycle step (FOR UPDATE) waits for scans in
          // flight, and a scan that waited sees the new state, so no scan lands after the close of scanning.
          if ((await store.scans.lockElectionStateForScan(tx)) !== election.state) throw new StateChanged();
          const barcode = classifyBarcode(request.barcode, { code: election.code, secret, acceptsPreprinted });
          const right =
            barcode.kind === 'RIGHT' ? await store.scans.loadRight(tx, 'id', barcode.rightId) : barcode.kind === 'PREPRINTED' ? await store.scans.loadRight(tx, 'barcode', barcode.barcode) : null;
          const acceptedBy: ScanRef | null =
            right?.first_scan_id != null ? { scanId: Number(right.first_scan_id), stationId: right.first_station!, agent: right.first_agent!, at: iso(right.first_at)! } : null;
          const at = new Date().toISOString();
          // Only when this station holds the acceptance (the rare path) is its latest acceptance looked up.
          const lastAccepted = acceptedBy?.stationId === actor.stationId ? await store.scans.lastAcceptedAtStation(tx, actor.stationId, acceptedBy.scanId) : null;
          const verdict = decideVerdict({
            barcode,
            mode,
            defect: request.defect ?? null,
            markedLate: request.late ?? false,
            voteClosesAt: election.voteClosesAt.toISOString(),
            station: { id: actor.stationId, now: at, lastAccepted },
            right: right && {
              withdrawal: right.withdrawal,
              receivedAt: iso(right.received_at),
              electronicVoteAt: iso(right.voted_at),
              acceptedBy,
              urns: right.urns,
            },
          });
          const answer: Omit<ScanAnswer, 'scanId'> = {
            requestId: request.requestId,
            barcode: storedRead(request.barcode),
            rightId: right ? Number(right.id) : null,
            verdict: verdict.kind,
            detail: verdict,
            message: describeVerdict(verdict, election.timeZone),
            ...(verdict.kind === 'ACCEPTED' ? { urns: verdict.urns } : {}),
            ...(verdict.kind === 'ALREADY_EMARGED' || verdict.kind === 'REREAD' ? { firstScan: { stationId: verdict.first.stationId, agent: verdict.first.agent, at: verdict.first.at } } : {}),
            stationId: actor.stationId,
            at,
            replayed: false,
          };
          const scanId = await store.scans.insertScan(tx, {
            requestId: request.requestId,
            stationId: actor.stationId,
            agentId: actor.userId,
            agentLogin: actor.login,
            mode,
            barcode: storedRead(request.barcode),
            rightId: right?.id ?? null,
            verdict: verdict.kind,
            defect: request.defect ?? null,
            answer: JSON.stringify(answer),
            scannedAt: at,
            requestSha256: requestDigest(request),
          });
          if (scanId === null) throw new LostRace(); // the same requestId committed meanwhile: replay it
          if (verdict.kind === 'ACCEPTED') {
            await store.emargements.insertPostalEmargement(tx, { rightId: right!.id, generation: right!.generation, scanId, emargedAt: at });
          }
          if (verdict.kind === 'RECEIVED') {
            await store.scans.insertReception(tx, right!.id, scanId, at);
          }
          // Invariant 9: the journal names the right and the verdict, never anything about a ballot.
          await appendJournal(tx, actor, 'scan', { scanId, requestId: request.requestId, rightId: right?.id ?? null, verdict: verdict.kind, defect: request.defect ?? null });
          return { ...answer, scanId };
        }, { idempotent: true }),
      );
    } catch (e) {
      // Another station accepted the same right, or sent the same requestId, between our read
      // and our insert: run again, and the verdict becomes ALREADY_EMARGED or a replay.
      if ((e instanceof LostRace || e instanceof StateChanged || isUniqueViolation(e)) && attempt < 3) continue;
      throw e;
    }
  }
}

/** A scan already recorded under a requestId: its answer, and what identifies the request that made it. */
type Recorded = { answer: ScanAnswer; requestSha256: string | null };
type ScanContext = { election: { code: string; state: ElectionState; voteClosesAt: Date; timeZone: string }; secret: Uint8Array; replay: Recorded | null };

/**
 * The right `rightId` as a scan's verdict reads it (withdrawal, reception, electronic vote, live acceptance with
 * its first scan, urns), or null when the roll has none: the statement `scan` runs, on the caller's executor. For
 * bench/scan's baseline, which measures the database work of one scan with the station's own read.
 */
export function readRightForScan(q: Queryable, rightId: number): Promise<RightRow | null> {
  return store.scans.loadRight(q, 'id', rightId);
}

export type { ScanRow } from '../store/scans.js';

/**
 * A stored scan's answer, `replayed` when it answers a request sent again; barcode and right come
 * from their columns, so that answers stored before they named them name them too.
 */
export const storedAnswer = (row: ScanRow, replayed: boolean): ScanAnswer => ({
  ...row.answer,
  barcode: row.barcode,
  rightId: row.right_id === null ? null : Number(row.right_id),
  scanId: Number(row.id),
  replayed,
});

/** Same body as the recorded request (scans recorded before the digest: same stored barcode). */
const sameRequest = (recorded: Recorded, request: ScanRequest): boolean =>
  recorded.requestSha256 === null ? recorded.answer.barcode === storedRead(request.barcode) : recorded.requestSha256 === requestDigest(request);

/**
 * The refusal of a requestId sent again with another body (another barcode, defect or flag): it
 * names the read refused and the read, right and verdict the requestId already stands for.
 */
const reusedRequestId = (first: ScanAnswer, request: ScanRequest): ScanError => ({
  code: 'REQUEST_ID_REUSED',
  message:
    `Lecture « ${storedRead(request.barcode)} » non enregistrée : l’identifiant de requête ${first.requestId} a déjà servi pour une lecture différente ` +
    `(code-barres « ${first.barcode} », ${first.rightId === null ? 'aucune qualité' : `qualité n° ${first.rightId}`} : ${first.message}). ` +
    'Renvoyez cette lecture avec un nouvel identifiant.',
  details: { requestId: first.requestId, scanId: first.scanId, barcode: first.barcode, rightId: first.rightId, verdict: first.verdict },
});

/** The election and any earlier scan under this requestId, in one round trip (the scan path's hot spot). */
async function loadScanContext(db: Queryable, requestId: string): Promise<ScanContext | null> {
  const r = await store.scans.loadScanContext(db, requestId);
  if (!r) return null;
  return {
    election: { code: r.code, state: r.state, voteClosesAt: new Date(r.vote_closes_at), timeZone: timeZoneOf(r.definition) },
    secret: new Uint8Array(r.barcode_secret),
    replay:
      r.replay_id !== null && r.replay_answer
        ? { answer: storedAnswer({ id: r.replay_id, answer: r.replay_answer, barcode: r.replay_barcode!, right_id: r.replay_right_id }, true), requestSha256: r.replay_sha256 }
        : null,
  };
}

const preprintedCache = new WeakMap<Queryable, { at: number; value: boolean }>();
/** Pre-printed barcodes are fixed once the roll is validated; cache the answer briefly. */
async function hasPreprinted(db: Queryable): Promise<boolean> {
  const cached = preprintedCache.get(db);
  if (cached && Date.now() - cached.at < 5000) return cached.value;
  const value = await store.scans.hasPreprintedBarcodes(db);
  preprintedCache.set(db, { at: Date.now(), value });
  return value;
}
