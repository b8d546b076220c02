/**
 * The station journal's catalogue: every action `appendJournal` may write, what it records and why. The
 * action strings are part of the sealed record (verification, reports and existing journals read them):
 * never rename one, add a new action instead. docs/journal-events.md is generated from this file
 * (`npm run docs:journal`); a test fails when the two differ.
 *
 * Payload schemas are checked when the entry is written: a payload that does not match is a bug, caught by
 * the tests that write it. Large payloads whose shape another module owns are typed, not re-checked.
 */
import { z } from 'zod';
import type { CandidateInput } from '../candidates/candidates.js';
import type { CountSheet } from '@scrutin/domain/count-sheet.js';
import type { UnsealingSession } from '../counting/unseal-compute.js';
import type { PartialDecryption } from '@scrutin/evote';

/** One action of a journal: when it is written, what it serves (article, invariant) and its payload. */
export type JournalEventSpec = {
  /** When the entry is written, for the documentation. */
  when: string;
  /** The rule it serves when one is known: an article of the electoral code, an invariant of docs/design.md. */
  serves?: string;
  payload: z.ZodType;
};

const sha256 = z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256, hex');
const sessionsEnded = z.number().int().describe('sessions closed by the change');
const unsealSession = z.custom<UnsealingSession>().describe('the unsealing session: fileSha256, header, merkleRoot, ballotCount, perUrn, closedAt (counting/unseal-compute.ts)');
const partialEntry = z
  .custom<{ merkleRoot: string; holder: number; source: 'SHARE' | 'PARTIAL'; partial: PartialDecryption }>()
  .describe('merkleRoot, holder (number of the key holder), source (SHARE or PARTIAL), partial (the partial decryption with its proof)');

export const JOURNAL_EVENTS = {
  'journal.anchor': {
    when: 'at every election state transition and on the head sealer timer; only on the `anchor` chain',
    serves: 'invariant 6 (journal chained, edits detected)',
    payload: z.object({ reason: z.string().describe('the transition `FROM->TO`, or why the sealer anchored'), heads: z.array(z.object({ chainId: z.string(), seq: z.number(), hash: z.string() })).describe('every station chain head') }),
  },
  'election.create': { when: 'the election definition is loaded', payload: z.object({ code: z.string(), definitionDigest: sha256 }) },
  'election.transition': {
    when: 'the election changes state (with the president’s close, the electronic emargement load, …)',
    serves: 'invariant 6',
    payload: z.object({ from: z.string(), to: z.string(), closedAt: z.string().optional().describe('vote close, ISO 8601'), effect: z.unknown().optional().describe('what the transition did, when it did something') }),
  },
  'user.create': { when: 'an account is created', payload: z.object({ userId: z.number(), login: z.string(), roles: z.array(z.string()) }) },
  'user.password': { when: 'an account changes its own password', payload: z.object({ userId: z.number(), sessionsEnded }) },
  'user.password_reset': { when: 'an administrator gives an account a new one-time password', payload: z.object({ login: z.string(), sessionsEnded }) },
  'user.deactivate': { when: 'an account is deactivated', payload: z.object({ login: z.string(), sessionsEnded, stationTokensRevoked: z.number().nullable() }) },
  'session.open': { when: 'a user signs in', payload: z.object({ stationId: z.string() }) },
  'session.close': { when: 'a user signs out', payload: z.object({}) },
  'session.login_failed': {
    when: 'a sign-in fails (one entry each, up to a cap per minute), or the minute’s failures beyond the cap are summed up',
    payload: z.union([
      z.object({ ip: z.string().optional(), delays: z.array(z.object({ counter: z.string(), seconds: z.number() })).optional().describe('waits the failure imposes') }),
      z.object({
        window: z.object({ from: z.string(), to: z.string() }),
        failures: z.number(),
        journaledOneByOne: z.number(),
        notJournaledOneByOne: z.number(),
      }),
    ]),
  },
  'station.token': { when: 'a scanning station is given its token', payload: z.object({ stationId: z.string(), agentLogin: z.string() }) },
  'roll.import': { when: 'the electoral roll is imported', payload: z.object({ fileName: z.string(), fileSha256: sha256, voters: z.number(), rights: z.number() }) },
  'roll.validate': { when: 'the imported roll is validated', payload: z.object({ fileSha256: sha256 }) },
  'roll.envelopes_export': {
    when: 'the printer’s file of the outer envelopes’ barcodes is written (after validation)',
    payload: z.object({ rights: z.number(), withdrawn: z.number(), fileSha256: sha256 }),
  },
  'right.withdraw': {
    when: 'a voting right is withdrawn by a decision (after the lists are validated)',
    payload: z.object({ rightId: z.number(), decisionReference: z.string(), reason: z.string(), approvalId: z.number().optional() }),
  },
  'candidate.add': { when: 'a candidacy is recorded', payload: z.custom<CandidateInput & { id: number }>().describe('the candidacy as recorded (candidates/candidates.ts)') },
  'candidate.remove': { when: 'a candidacy is removed before validation', payload: z.custom<CandidateInput & { id: number }>().describe('the candidacy removed') },
  'candidates.validate': { when: 'the candidacies are validated', payload: z.object({ digest: sha256, candidates: z.number() }) },
  'approval.record': {
    when: 'the control cell approves a change after the station is sealed',
    payload: z.object({ id: z.number(), description: z.string() }),
  },
  scan: {
    when: 'an envelope is read by a scanning station, whatever the verdict',
    serves: 'invariants 1, 3 and 9 (the right and the verdict, never anything about a ballot)',
    payload: z.object({ scanId: z.number(), requestId: z.string(), rightId: z.number().nullable(), verdict: z.string(), defect: z.string().nullable() }),
  },
  'president.confirm': {
    when: 'the president confirms set-aside envelopes of voters who also voted electronically',
    serves: 'electronic vote has priority (art. 13), invariant 2',
    payload: z.object({ scanIds: z.array(z.number()), batch: z.boolean() }),
  },
  'president.reverse': {
    when: 'the president accepts or cancels an envelope’s emargement against the first verdict',
    payload: z.object({ decisionId: z.number(), scanId: z.number(), action: z.string(), reason: z.string() }),
  },
  'incident.record': { when: 'an incident is recorded for the PV', payload: z.object({ id: z.number(), description: z.string() }) },
  'emargement.import': {
    when: 'the platform’s signed electronic emargement is loaded',
    serves: 'invariant 2',
    payload: z.object({ fileSha256: sha256, count: z.number(), closedAt: z.string() }),
  },
  'count.enter': {
    when: 'a teller enters an urn’s count sheet (first entry of that teller)',
    serves: 'invariant 4 (two entries compared)',
    payload: z.object({ urnId: z.string(), entryNumber: z.number(), entryId: z.number(), sheet: z.custom<CountSheet>(), sheetDigest: sha256, reason: z.string().optional() }),
  },
  'count.correct': {
    when: 'a teller corrects their own entry, with a written reason',
    serves: 'invariant 4',
    payload: z.object({ urnId: z.string(), entryNumber: z.number(), entryId: z.number(), sheet: z.custom<CountSheet>(), sheetDigest: sha256, reason: z.string().optional() }),
  },
  'count.validate': {
    when: 'an urn’s count is validated (two matching entries)',
    serves: 'invariant 4 (a difference goes on the PV)',
    payload: z.object({ urnId: z.string(), sheetDigest: sha256, envelopesAccepted: z.number(), envelopesFound: z.number(), difference: z.number(), note: z.string().nullable() }),
  },
  'certificate.create': { when: 'the commission’s signing certificate is generated', serves: 'invariant 8', payload: z.object({ fingerprint: z.string(), subject: z.string() }) },
  'certificate.import': { when: 'the commission’s signing certificate is imported', serves: 'invariant 8', payload: z.object({ fingerprint: z.string(), subject: z.string() }) },
  'report.pv': {
    when: 'the signed PV is generated',
    serves: 'invariants 8 and 12',
    payload: z.object({ sha256, resultsDigest: z.string().nullable(), certificateFingerprint: z.string() }),
  },
  'report.export': {
    when: 'the signed results export (JSON for the prefecture) is generated',
    serves: 'invariants 8 and 12',
    payload: z.object({ sha256, resultsDigest: z.string().nullable(), certificateFingerprint: z.string() }),
  },
  'unseal.open': { when: 'a checked urn file opens the unsealing session', serves: 'invariant 7', payload: unsealSession },
  'unseal.partial': { when: 'a key holder brings a partial decryption', serves: 'invariant 7 (two of three holders)', payload: partialEntry },
  'tally.import': {
    when: 'the electronic tally is recorded (combined at the station, or imported with its verification)',
    serves: 'invariant 5',
    payload: z.object({ source: z.string(), verification: z.string(), fileSha256: z.string(), ballots: z.number(), urns: z.record(z.string(), z.unknown()), details: z.unknown().optional() }),
  },
} as const satisfies Record<string, JournalEventSpec>;

/** An action of the station journal: an unknown string is a compile error. */
export type JournalAction = keyof typeof JOURNAL_EVENTS;
/** The payload an action takes. */
export type JournalPayload<A extends JournalAction> = z.input<(typeof JOURNAL_EVENTS)[A]['payload']>;

/**
 * Checks a payload against its action's schema; throws (an internal error, not a user's) when it does not
 * match, so that the test writing it fails rather than the journal recording an undocumented shape.
 */
export function checkJournalPayload(action: JournalAction, payload: unknown): void {
  const checked = JOURNAL_EVENTS[action].payload.safeParse(payload);
  if (!checked.success) throw new Error(`journal : contenu de « ${action} » non conforme au catalogue (${checked.error.issues.map((i) => `${i.path.join('.') || '·'} : ${i.message}`).join(' ; ')})`);
}
