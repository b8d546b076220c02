import { formatInstant } from '@scrutin/basics/calendar.js';
import type { BarcodeClass } from './barcode.js';

export type UrnRef = { id: string; label: string };
export type ScanRef = { scanId: number; stationId: string; agent: string; at: string };

/**
 * The verdict table of docs/design.md, in order; RECEIVED is the reception mode's only answer. REREAD is
 * ALREADY_EMARGED when it is only the station that has just accepted the envelope reading it again.
 */
export const VERDICTS = [
  'MALFORMED',
  'OTHER_ELECTION',
  'UNKNOWN',
  'WITHDRAWN',
  'LATE',
  'ELECTRONIC_PRIORITY',
  'REREAD',
  'ALREADY_EMARGED',
  'ACCEPTED',
  'DEFECT',
  'RECEIVED',
] as const;
export type VerdictKind = (typeof VERDICTS)[number];

/** Verdicts whose envelope goes neither to the president nor to the set-aside tray. */
export const NOT_SET_ASIDE: readonly VerdictKind[] = ['ACCEPTED', 'MALFORMED', 'RECEIVED', 'REREAD'];

/**
 * How long after a station's acceptance the same envelope read again at that station is a re-read:
 * a scanner that fires twice or an agent who passes the envelope a second time to be sure, a few
 * seconds apart. Long enough for a second pass, short enough that a second envelope carrying the
 * same code (a copy) is very unlikely to be in the agent's hands in between unnoticed.
 */
export const REREAD_WINDOW_MS = 10_000;

export const PHYSICAL_DEFECTS = {
  NO_SIGNATURE: 'pli non signé',
  SEVERAL_INNER_ENVELOPES: 'plusieurs enveloppes de scrutin',
  DAMAGED: 'pli endommagé ou ouvert',
  ILLEGIBLE_NAME: 'nom illisible',
} as const;
export type PhysicalDefect = keyof typeof PHYSICAL_DEFECTS;

export type Verdict =
  | { kind: 'MALFORMED'; reason: string }
  | { kind: 'OTHER_ELECTION'; electionCode: string }
  | { kind: 'UNKNOWN' }
  | { kind: 'WITHDRAWN'; decisionReference: string }
  | { kind: 'LATE'; receivedAt: string | null }
  | { kind: 'ELECTRONIC_PRIORITY'; votedAt: string }
  | { kind: 'REREAD'; first: ScanRef; afterMs: number }
  | { kind: 'ALREADY_EMARGED'; first: ScanRef }
  | { kind: 'ACCEPTED'; urns: UrnRef[] }
  | { kind: 'DEFECT'; defect: PhysicalDefect }
  | { kind: 'RECEIVED' };

/** Everything the verdict depends on, loaded by the scanning service in its transaction. */
export type VerdictInput = {
  barcode: BarcodeClass;
  mode: 'RECEPTION' | 'EMARGEMENT';
  defect: PhysicalDefect | null;
  /** Declared late by the agent (postmark after the close), or received after the close. */
  markedLate: boolean;
  voteClosesAt: string;
  /**
   * The station scanning and when; `lastAccepted`: the scan id of its latest ACCEPTED verdict (null
   * when it has none, and only looked up when the right's acceptance is this station's own). An
   * acceptance by the president's reversal of a set-aside scan is never that, so never re-read.
   */
  station: { id: string; now: string; lastAccepted: number | null };
  right: null | {
    withdrawal: string | null;
    receivedAt: string | null;
    electronicVoteAt: string | null;
    acceptedBy: ScanRef | null;
    urns: UrnRef[];
  };
};

/** First match wins, exactly in the order of docs/design.md; pure, so that a property test can drive it. */
export function decideVerdict(input: VerdictInput): Verdict {
  const { barcode, right } = input;
  if (barcode.kind === 'MALFORMED') return { kind: 'MALFORMED', reason: barcode.reason };
  if (barcode.kind === 'OTHER_ELECTION') return { kind: 'OTHER_ELECTION', electionCode: barcode.electionCode };
  if (!right) return { kind: 'UNKNOWN' };
  if (input.mode === 'RECEPTION') return { kind: 'RECEIVED' };
  if (right.withdrawal !== null) return { kind: 'WITHDRAWN', decisionReference: right.withdrawal };
  const late = right.receivedAt !== null && Date.parse(right.receivedAt) > Date.parse(input.voteClosesAt);
  if (input.markedLate || late) return { kind: 'LATE', receivedAt: right.receivedAt };
  if (right.electronicVoteAt !== null) return { kind: 'ELECTRONIC_PRIORITY', votedAt: right.electronicVoteAt };
  if (right.acceptedBy !== null) {
    const first = right.acceptedBy;
    const afterMs = Date.parse(input.station.now) - Date.parse(first.at);
    // The envelope this station has just accepted, read again: not a second envelope, nothing to set aside.
    const reread = first.stationId === input.station.id && first.scanId === input.station.lastAccepted && afterMs >= 0 && afterMs <= REREAD_WINDOW_MS;
    return reread ? { kind: 'REREAD', first, afterMs } : { kind: 'ALREADY_EMARGED', first };
  }
  // A physical defect keeps an otherwise acceptable envelope out of the urn, unopened.
  if (input.defect !== null) return { kind: 'DEFECT', defect: input.defect };
  return { kind: 'ACCEPTED', urns: right.urns };
}

/** The sentence shown to the agent and printed by the CLI; its times in `timeZone` (the election's, IANA). */
export function describeVerdict(v: Verdict, timeZone: string): string {
  const time = (iso: string) => formatInstant(iso, timeZone, { seconds: true });
  switch (v.kind) {
    case 'MALFORMED':
      return `Code-barres illisible : ${v.reason}. Relisez le pli ou saisissez le code à la main.`;
    case 'OTHER_ELECTION':
      return `Pli d'une autre élection (${v.electionCode}) : à retourner à la préfecture.`;
    case 'UNKNOWN':
      return 'Qualité inconnue de la liste électorale : pli mis à part.';
    case 'WITHDRAWN':
      return `Qualité radiée par décision de justice (${v.decisionReference}) : pli mis à part.`;
    case 'LATE':
      return `Pli parvenu après la clôture du scrutin${v.receivedAt ? ` (reçu le ${time(v.receivedAt)})` : ''} : mis à part.`;
    case 'ELECTRONIC_PRIORITY':
      return `A voté par internet le ${time(v.votedAt)} : pli mis à part sans être ouvert (le vote électronique prime). Au président.`;
    case 'REREAD':
      return `Relecture du pli qui vient d'être accepté (il y a ${Math.round(v.afterMs / 1000)} s) : il est déjà émargé, rien à faire.`;
    case 'ALREADY_EMARGED':
      return `Déjà émargé au poste ${v.first.stationId} par ${v.first.agent} le ${time(v.first.at)} : pli mis à part.`;
    case 'ACCEPTED':
      return `Émargé. Enveloppe${v.urns.length > 1 ? 's' : ''} de scrutin dans l'urne : ${v.urns.map((u) => u.label).join(' ; ')}.`;
    case 'DEFECT':
      return `Pli mis à part, non émargé : ${PHYSICAL_DEFECTS[v.defect]}.`;
    case 'RECEIVED':
      return 'Arrivée du pli enregistrée (mode réception : aucun émargement avant la clôture).';
  }
}
