import type { Role } from './roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';

/** The lifecycle of one election, in the order of docs/design.md (« What Scrutin does »). */
export const ELECTION_STATES = [
  'SETUP',
  'LISTS_VALIDATED',
  'SEALED',
  'VOTE_CLOSED',
  'EMARGEMENT_LOADED',
  'COUNTING',
  'RESULTS_PROCLAIMED',
  'ARCHIVED',
  'PURGED',
] as const;
export type ElectionState = (typeof ELECTION_STATES)[number];

export const STATE_LABELS: Record<ElectionState, string> = {
  SETUP: 'Préparation',
  LISTS_VALIDATED: 'Listes validées',
  SEALED: 'Scellé',
  VOTE_CLOSED: 'Vote clos',
  EMARGEMENT_LOADED: 'Émargement électronique chargé',
  COUNTING: 'Dépouillement',
  RESULTS_PROCLAIMED: 'Résultats proclamés',
  ARCHIVED: 'Archivé',
  PURGED: 'Données personnelles purgées',
};

/**
 * What reading an envelope does in each state: a receipt while the vote runs and until the electronic
 * emargement is loaded, an emargement once it is, nothing from the opening of counting on (docs/design.md).
 */
export function scanModeOf(state: ElectionState): 'RECEPTION' | 'EMARGEMENT' | null {
  if (state === 'SEALED' || state === 'VOTE_CLOSED') return 'RECEPTION';
  return state === 'EMARGEMENT_LOADED' ? 'EMARGEMENT' : null;
}

export type Transition = { from: ElectionState; to: ElectionState; roles: readonly Role[]; label: string };

/**
 * Each step names who may take it. EMARGEMENT_LOADED is reached only by importing the
 * sealed electronic emargement, never by a bare transition.
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'SETUP', to: 'LISTS_VALIDATED', roles: ['prefecture'], label: 'valider les listes' },
  { from: 'LISTS_VALIDATED', to: 'SEALED', roles: ['president', 'admin'], label: 'sceller le poste' },
  { from: 'SEALED', to: 'VOTE_CLOSED', roles: ['president'], label: 'constater la clôture du vote' },
  { from: 'EMARGEMENT_LOADED', to: 'COUNTING', roles: ['president'], label: 'ouvrir le dépouillement' },
  { from: 'COUNTING', to: 'RESULTS_PROCLAIMED', roles: ['president'], label: 'proclamer les résultats' },
  { from: 'RESULTS_PROCLAIMED', to: 'ARCHIVED', roles: ['president'], label: 'figer et archiver' },
  { from: 'ARCHIVED', to: 'PURGED', roles: ['admin'], label: 'purger les données personnelles' },
];

export type TransitionError =
  | { code: 'FORBIDDEN_TRANSITION'; message: string }
  | { code: 'ROLE_NOT_ALLOWED'; message: string };

/** Which transition `to` is, from `from`, for someone holding `roles`; the role that authorises it. */
export function checkTransition(from: ElectionState, to: ElectionState, roles: readonly Role[]): Result<{ transition: Transition; role: Role }, TransitionError> {
  const transition = TRANSITIONS.find((t) => t.from === from && t.to === to);
  if (!transition) {
    return err({
      code: 'FORBIDDEN_TRANSITION',
      message: `Passage de « ${STATE_LABELS[from]} » à « ${STATE_LABELS[to]} » impossible.`,
    });
  }
  const role = transition.roles.find((r) => roles.includes(r));
  if (!role) {
    return err({
      code: 'ROLE_NOT_ALLOWED',
      message: `Seul un compte ${transition.roles.join(' ou ')} peut ${transition.label}.`,
    });
  }
  return ok({ transition, role });
}

export const stateIndex = (s: ElectionState): number => ELECTION_STATES.indexOf(s);
export const isAtLeast = (s: ElectionState, min: ElectionState): boolean => stateIndex(s) >= stateIndex(min);
