/** Shapes of the counting API (docs/api-counting.md), as the screens read them. */
export type CountSheet = { envelopesFound: number; ballotsValid: number; ballotsBlank: number; ballotsNull: number; votes: Record<string, number> };
export type CountEntry = { id: number; entryNumber: 1 | 2; teller: string; enteredAt: string; sheet: CountSheet; reason: string | null; corrections: number };
export type SheetProblem = { code: string; field?: string; message: string };
export type Mismatch = { field: string; first: number | undefined; second: number | undefined; message: string };
export type UrnState = 'AWAITING_ENTRIES' | 'MISMATCH' | 'INVALID' | 'READY' | 'VALIDATED';
export type Candidate = { id: string; lastName: string; firstNames: string };

export type UrnCount = {
  urnId: string;
  label: string;
  seats: number;
  candidates: Candidate[];
  envelopesAccepted: number;
  entries: CountEntry[];
  problems: { entryNumber: number; problems: SheetProblem[] }[];
  mismatches: Mismatch[];
  reconciliation: { envelopesAccepted: number; envelopesFound: number; difference: number; needsNote: boolean } | null;
  state: UrnState;
  validation: { by: string; at: string; difference: number; note: string | null; sheetDigest: string } | null;
};

type Outcome = { ballots: number; valid: number; blank: number; null: number };
export type ResultCandidate = Candidate & { birthDate: string; postal: number; electronic: number; combined: number; rank: number; elected: boolean; tieBrokenByAge: boolean };
export type UrnResult = {
  id: string;
  label: string;
  seats: number;
  registeredRights: number;
  envelopesAccepted: number;
  electronicVoters: number;
  status: { postalValidated: boolean; electronicLoaded: boolean };
  postal: Outcome;
  electronic: Outcome;
  combined: Outcome;
  reconciliation: { envelopesAccepted: number; envelopesFound: number; difference: number; note: string | null } | null;
  candidates: ResultCandidate[];
  elected: string[];
  drawOfLots: { candidateIds: string[]; seats: number } | null;
};
export type ResultsView = {
  electionCode: string;
  state: string;
  complete: boolean;
  proclamation: { digest: string; proclaimedAt: string } | null;
  contests: { code: string; kind: 'CCIR' | 'CCIT'; name: string; urns: UrnResult[] }[];
};

export type Certificate = { source: string; fingerprint: string; subject: string; createdAt: string };
export type Freeze = { manifestSha256: string; directory: string; frozenAt: string };

/** The sheet's top-level fields, in the order of the paper sheet. */
export const SHEET_FIELDS = [
  { key: 'envelopesFound', label: 'Enveloppes trouvées dans l’urne' },
  { key: 'ballotsValid', label: 'Bulletins valables' },
  { key: 'ballotsBlank', label: 'Bulletins blancs' },
  { key: 'ballotsNull', label: 'Bulletins nuls' },
] as const;

export const URN_STATES: Record<UrnState, { label: string; tone: string }> = {
  AWAITING_ENTRIES: { label: 'En attente de saisie', tone: 'tone-idle' },
  MISMATCH: { label: 'Écart entre les saisies', tone: 'tone-error' },
  INVALID: { label: 'Contrôles non satisfaits', tone: 'tone-aside' },
  READY: { label: 'Prête à valider', tone: 'tone-info' },
  VALIDATED: { label: 'Validée', tone: 'tone-ok' },
};

export const candidateName = (c: Candidate) => `${c.lastName.toUpperCase()} ${c.firstNames}`;

/** The station names candidates by id in its messages; on screen the tellers read names. */
export function withNames(message: string, candidates: readonly Candidate[]): string {
  return candidates.reduce((text, c) => text.split(`« ${c.id} »`).join(`« ${candidateName(c)} »`), message);
}

export function fieldLabel(field: string, candidates: readonly Candidate[]): string {
  const top = SHEET_FIELDS.find((f) => f.key === field);
  if (top) return top.label;
  const id = field.replace(/^votes\./, '');
  const c = candidates.find((x) => x.id === id);
  return c ? `Voix de ${candidateName(c)}` : field;
}
