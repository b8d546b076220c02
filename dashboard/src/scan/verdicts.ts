import { PHYSICAL_DEFECTS, type PhysicalDefect, type VerdictKind } from '@scrutin/domain/verdict.js';
import { capitalised } from '../format.js';

/** Sound classes: one tone pattern each, learnt in a minute and told apart without looking. */
export type SoundClass = 'accepted' | 'set-aside' | 'president' | 'rescan' | 'received';

/** How each verdict looks and sounds: a word, an icon and a colour, so that colour is never the only signal. */
export type VerdictLook = { word: string; icon: string; tone: 'ok' | 'aside' | 'president' | 'error' | 'info'; sound: SoundClass; destination: string };

// Icons are characters DejaVu Sans draws (the station ships no icon font under its strict CSP): no tofu boxes.
export const VERDICT_LOOKS: Record<VerdictKind, VerdictLook> = {
  ACCEPTED: { word: 'ACCEPTÉ', icon: '✔', tone: 'ok', sound: 'accepted', destination: 'Enveloppe de scrutin dans l’urne' },
  MALFORMED: { word: 'ILLISIBLE', icon: '↻', tone: 'error', sound: 'rescan', destination: 'Relire le pli ou saisir le code à la main' },
  OTHER_ELECTION: { word: 'AUTRE ÉLECTION', icon: '↩', tone: 'aside', sound: 'set-aside', destination: 'Bac « retour préfecture »' },
  UNKNOWN: { word: 'INCONNU', icon: '✖', tone: 'aside', sound: 'set-aside', destination: 'Bac des plis mis à part' },
  WITHDRAWN: { word: 'RADIÉ', icon: '✖', tone: 'aside', sound: 'set-aside', destination: 'Bac des plis mis à part' },
  LATE: { word: 'HORS DÉLAI', icon: '◷', tone: 'aside', sound: 'set-aside', destination: 'Bac des plis mis à part' },
  ELECTRONIC_PRIORITY: { word: 'A VOTÉ PAR INTERNET', icon: '⚑', tone: 'president', sound: 'president', destination: 'Au président, pli fermé' },
  REREAD: { word: 'RELECTURE', icon: '↺', tone: 'ok', sound: 'accepted', destination: 'Pli qui vient d’être accepté : rien à faire' },
  ALREADY_EMARGED: { word: 'DÉJÀ ÉMARGÉ', icon: '☑', tone: 'aside', sound: 'set-aside', destination: 'Bac des plis mis à part' },
  DEFECT: { word: 'MIS À PART', icon: '⚠', tone: 'aside', sound: 'set-aside', destination: 'Bac des plis mis à part' },
  RECEIVED: { word: 'REÇU', icon: '✉', tone: 'info', sound: 'received', destination: 'Pli à conserver jusqu’au dépouillement' },
};

export const VERDICT_NAMES: Record<VerdictKind, string> = {
  ACCEPTED: 'Accepté',
  MALFORMED: 'Illisible',
  OTHER_ELECTION: 'Autre élection',
  UNKNOWN: 'Qualité inconnue',
  WITHDRAWN: 'Radié',
  LATE: 'Hors délai',
  ELECTRONIC_PRIORITY: 'Vote électronique prioritaire',
  REREAD: 'Relecture du pli accepté',
  ALREADY_EMARGED: 'Déjà émargé',
  DEFECT: 'Défaut physique',
  RECEIVED: 'Reçu (mode réception)',
};

/** Alt+letter arms a physical defect for the next envelope; the labels are the station's own. */
const DEFECT_KEYS: Record<PhysicalDefect, string> = { NO_SIGNATURE: 's', SEVERAL_INNER_ENVELOPES: 'p', DAMAGED: 'o', ILLEGIBLE_NAME: 'n' };

export const DEFECTS = (Object.keys(DEFECT_KEYS) as PhysicalDefect[]).map((code) => ({ code, key: DEFECT_KEYS[code], label: capitalised(PHYSICAL_DEFECTS[code]) }));

export const lookOf = (verdict: string): VerdictLook => VERDICT_LOOKS[verdict as VerdictKind] ?? VERDICT_LOOKS.MALFORMED;
