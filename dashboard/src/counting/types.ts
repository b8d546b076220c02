import { personName } from '@scrutin/basics/french.js';
import type { UrnCountState } from '@scrutin/contract/counting-types.js';
import type { UrnCandidate } from '@scrutin/contract/results-types.js';

type Named = Pick<UrnCandidate, 'id' | 'lastName' | 'firstNames'>;

export type Certificate = { source: string; fingerprint: string; subject: string; createdAt: string };
export type Freeze = { manifestSha256: string; directory: string; frozenAt: string };

/** The sheet's top-level fields, in the order of the paper sheet. */
export const SHEET_FIELDS = [
  { key: 'envelopesFound', label: 'Enveloppes trouvées dans l’urne' },
  { key: 'ballotsValid', label: 'Bulletins valables' },
  { key: 'ballotsBlank', label: 'Bulletins blancs' },
  { key: 'ballotsNull', label: 'Bulletins nuls' },
] as const;

export const URN_STATES: Record<UrnCountState, { label: string; tone: string }> = {
  AWAITING_ENTRIES: { label: 'En attente de saisie', tone: 'tone-idle' },
  MISMATCH: { label: 'Écart entre les saisies', tone: 'tone-error' },
  INVALID: { label: 'Contrôles non satisfaits', tone: 'tone-aside' },
  READY: { label: 'Prête à valider', tone: 'tone-info' },
  VALIDATED: { label: 'Validée', tone: 'tone-ok' },
};

export const candidateName = (c: Pick<UrnCandidate, 'lastName' | 'firstNames'>) => personName(c.lastName, c.firstNames);

/** The station names candidates by id in its messages; on screen the tellers read names. */
export function withNames(message: string, candidates: readonly Named[]): string {
  return candidates.reduce((text, c) => text.split(`« ${c.id} »`).join(`« ${candidateName(c)} »`), message);
}

export function fieldLabel(field: string, candidates: readonly Named[]): string {
  const top = SHEET_FIELDS.find((f) => f.key === field);
  if (top) return top.label;
  const id = field.replace(/^votes\./, '');
  const c = candidates.find((x) => x.id === id);
  return c ? `Voix de ${candidateName(c)}` : field;
}
