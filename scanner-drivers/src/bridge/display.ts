import type { VerdictKind } from '@scrutin/domain/verdict.js';
import type { QueueEntry } from './queue.js';

/** What the agent must do with the envelope, for the beeper/LED and the console colour. */
export type FeedbackClass = 'ok' | 'setAside' | 'error';

export function feedbackClass(verdict: string | undefined): FeedbackClass {
  switch (verdict as VerdictKind) {
    case 'ACCEPTED':
    case 'RECEIVED':
    case 'REREAD':
      return 'ok';
    case 'OTHER_ELECTION':
    case 'UNKNOWN':
    case 'WITHDRAWN':
    case 'LATE':
    case 'ELECTRONIC_PRIORITY':
    case 'ALREADY_EMARGED':
    case 'DEFECT':
      return 'setAside';
    default:
      return 'error';
  }
}

const labels: Record<VerdictKind, string> = {
  DEFECT: 'MIS À PART (DÉFAUT)',
  ACCEPTED: 'ACCEPTÉ',
  REREAD: 'RELECTURE (DÉJÀ ACCEPTÉ)',
  RECEIVED: 'REÇU',
  MALFORMED: 'ILLISIBLE',
  OTHER_ELECTION: 'AUTRE SCRUTIN',
  UNKNOWN: 'INCONNU',
  WITHDRAWN: 'RADIÉ',
  LATE: 'HORS DÉLAI',
  ELECTRONIC_PRIORITY: 'A VOTÉ PAR INTERNET',
  ALREADY_EMARGED: 'DÉJÀ ÉMARGÉ',
};

export function verdictLabel(verdict: string | undefined): string {
  return labels[verdict as VerdictKind] ?? verdict ?? 'REFUSÉ';
}

/** One console line per settled read, in French. */
export function formatVerdictLine(entry: QueueEntry, replayed = false): string {
  const mark = { ok: '✔', setAside: '⚠', error: '✖' }[feedbackClass(entry.status === 'refused' ? undefined : entry.verdict)];
  const time = entry.readAt.slice(11, 19);
  const label = entry.status === 'refused' ? `REFUSÉ (${entry.verdict ?? '?'})` : verdictLabel(entry.verdict);
  return `${mark} ${time} ${entry.barcode} — ${label} : ${entry.message ?? ''}${replayed ? ' (réponse déjà reçue)' : ''}`;
}
