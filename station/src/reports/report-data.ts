/**
 * Everything the procès-verbal shows, as one value. The same value, in canonical JSON, is embedded
 * in the PDF, exported for the prefecture and covered by the signed results digest: a verifier needs
 * nothing else to recompute what the PV claims.
 *
 * Only integers and strings: canonical JSON of floats is a trap, so rates are computed when rendering.
 */
import { z } from 'zod';
import { setAsideReasonSchema, type SetAsideReason } from '@scrutin/contract/scanning-types.js';
import { signedHeadSchema } from '../journal/signed-head.js';
import { formatInstant } from '@scrutin/basics/calendar.js';
import { PHYSICAL_DEFECTS } from '@scrutin/domain/verdict.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date attendue au format AAAA-MM-JJ');
const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/, 'horodatage ISO 8601 UTC attendu');
const count = z.number().int().nonnegative();
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'empreinte SHA-256 hexadécimale attendue');

export { setAsideReasonSchema, type SetAsideReason };

/**
 * The set-aside reason of each scan verdict that puts an envelope aside (docs/design.md, verdict table); the
 * other verdicts (ACCEPTED, MALFORMED: read again, RECEIVED: reception mode) set nothing aside.
 */
export const SET_ASIDE_REASON_OF_VERDICT: Readonly<Record<string, SetAsideReason>> = {
  UNKNOWN: 'UNKNOWN',
  WITHDRAWN: 'WITHDRAWN',
  LATE: 'LATE',
  ELECTRONIC_PRIORITY: 'ELECTRONIC_PRIORITY',
  ALREADY_EMARGED: 'ALREADY_EMARGED',
  DEFECT: 'PHYSICAL_DEFECT',
  OTHER_ELECTION: 'OTHER_ELECTION',
};

export const SET_ASIDE_REASON_LABELS: Record<SetAsideReason, string> = {
  UNKNOWN: 'Qualité inconnue',
  WITHDRAWN: 'Qualité retirée par décision de justice',
  LATE: 'Parvenu après la clôture du scrutin',
  ELECTRONIC_PRIORITY: 'Électeur ayant voté par internet (vote électronique retenu)',
  ALREADY_EMARGED: 'Qualité déjà émargée',
  PHYSICAL_DEFECT: 'Défaut matériel du pli',
  OTHER_ELECTION: 'Pli d’un autre scrutin (retourné à la préfecture)',
};

/**
 * The « Précision » of a set-aside envelope, as the PV prints it (French, for a reader): the physical defect's
 * label (PHYSICAL_DEFECTS; a code this version does not know is kept as is), else the president's confirmation
 * of a dual vote with its time to the second in `timeZone` (IANA) and its offset, like every time of the PV
 * (formatInstant); null when there is nothing to add. `confirmedAt`: an ISO 8601 instant, or null.
 */
export function setAsideDetail(defect: string | null, confirmedAt: string | null, timeZone: string): string | null {
  if (defect !== null) return (PHYSICAL_DEFECTS as Record<string, string>)[defect] ?? defect;
  return confirmedAt ? `confirmé par le président le ${formatInstant(confirmedAt, timeZone, { seconds: true })}` : null;
}

export const candidateResultSchema = z.object({
  id: z.string().min(1),
  lastName: z.string().min(1),
  firstNames: z.string().min(1),
  birthDate: isoDate,
  postalVotes: count,
  electronicVotes: count,
  combinedVotes: count,
  rank: z.number().int().positive(),
  elected: z.boolean(),
  tieBrokenByAge: z.boolean(),
});

const outcomeSchema = z.object({ ballots: count, valid: count, blank: count, null: count });

export const urnResultSchema = z.object({
  code: z.string().min(1),
  category: z.string().min(1),
  subcategory: z.string().nullable(),
  label: z.string().min(1),
  seats: z.number().int().positive(),
  registeredRights: count,
  postal: outcomeSchema,
  electronic: outcomeSchema,
  combined: outcomeSchema,
  reconciliation: z.object({
    envelopesAccepted: count,
    envelopesFound: count,
    difference: z.number().int(),
    note: z.string().nullable(),
  }),
  candidates: z.array(candidateResultSchema),
  drawOfLots: z.object({ candidateIds: z.array(z.string()), seats: z.number().int().positive() }).nullable(),
});

export const contestResultSchema = z.object({
  code: z.string().min(1),
  kind: z.enum(['CCIR', 'CCIT']),
  name: z.string().min(1),
  urns: z.array(urnResultSchema),
});

const eventBase = { at: isoDateTime, by: z.string().min(1), station: z.string().min(1) };
const correctionSchema = z.object({ ...eventBase, subject: z.string().min(1), before: z.string(), after: z.string(), reason: z.string().min(1) });

export const reportDataSchema = z.object({
  format: z.literal('scrutin-pv/1'),
  election: z.object({
    code: z.string().regex(/^[A-Z0-9-]{2,32}$/, 'code de scrutin : majuscules, chiffres et tirets'),
    name: z.string().min(1),
    chamber: z.string().min(1),
    votingOpensAt: isoDateTime,
    votingClosesAt: isoDateTime,
    countingStartedAt: isoDateTime,
    place: z.string().min(1),
    // IANA zone the PV shows its times in (the election's); absent from PVs made before it existed, which used Europe/Paris.
    timeZone: z.string().min(1).optional(),
  }),
  seal: z.object({
    sealedAt: isoDateTime,
    sealedBy: z.string().min(1),
    softwareVersion: z.string().min(1),
    platformKeyFingerprint: z.string().min(1),
    // SHA-256 of the DER of the commission's certificate recorded at sealing; absent from PVs made before it was recorded.
    commissionCertificateFingerprint: sha256Hex.optional(),
    digests: z.array(z.object({ label: z.string().min(1), sha256: sha256Hex })),
  }),
  participation: z.object({
    registeredRights: count,
    postalAccepted: count,
    electronicVoters: count,
  }),
  contests: z.array(contestResultSchema),
  setAside: z.array(
    z.object({ barcode: z.string().min(1), reason: setAsideReasonSchema, detail: z.string().nullable(), station: z.string().min(1), at: isoDateTime }),
  ),
  dualVotes: z.array(
    z.object({ barcode: z.string().min(1), electronicVotedAt: isoDateTime, scannedAt: isoDateTime, station: z.string().min(1), confirmedBy: z.string().min(1) }),
  ),
  /** The president's decisions only: reversals of a verdict, each with its written reason. */
  corrections: z.array(correctionSchema),
  /** Tellers' corrections of their own count-sheet entries (a new entry with a reason): not decisions of the president. */
  sheetCorrections: z.array(correctionSchema),
  incidents: z.array(z.object({ ...eventBase, description: z.string().min(1), action: z.string() })),
  oversightApprovals: z.array(z.object({ at: isoDateTime, by: z.string().min(1), subject: z.string().min(1), decision: z.string().min(1) })),
  /** `signedHead`: the station's last signed journal head (issue 14, item 3), absent on older PVs. */
  journal: z.object({ headHash: sha256Hex, entries: count, signedHead: signedHeadSchema.optional() }),
  commission: z.array(z.object({ role: z.enum(['president', 'member', 'teller', 'prefecture']), name: z.string().min(1) })),
  generatedAt: isoDateTime,
});

export type ReportData = z.infer<typeof reportDataSchema>;
export type ContestResult = z.infer<typeof contestResultSchema>;
export type UrnResult = z.infer<typeof urnResultSchema>;
export type CandidateResult = z.infer<typeof candidateResultSchema>;

export const COMMISSION_ROLE_LABELS: Record<ReportData['commission'][number]['role'], string> = {
  president: 'Président de la commission',
  member: 'Membre de la commission',
  teller: 'Assesseur',
  prefecture: 'Représentant du préfet',
};
