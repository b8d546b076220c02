/**
 * What the scanning services hand to the screens. Pure (zod only), so that the dashboard type-checks
 * against them without taking in the station's Node and database types.
 */
import { z } from 'zod';

/** Why an envelope was set aside unopened: the reasons the PV counts (station/src/reports/report-data.ts). */
export const setAsideReasonSchema = z.enum([
  'UNKNOWN',
  'WITHDRAWN',
  'LATE',
  'ELECTRONIC_PRIORITY',
  'ALREADY_EMARGED',
  'PHYSICAL_DEFECT',
  'OTHER_ELECTION',
]);
export type SetAsideReason = z.infer<typeof setAsideReasonSchema>;

export type UrnCounters = { urnId: string; label: string; contest: string; seats: number; registered: number; postalAccepted: number; electronic: number };
export type Counters = {
  at: string;
  state: string;
  byVerdict: Record<string, number>;
  byStation: { stationId: string; scans: number; accepted: number }[];
  urns: UrnCounters[];
  pendingElectronicPriority: number;
  /** `setAside` is the sum of `setAsideByReason` (scans whose verdict puts the envelope aside, reversals included). */
  totals: { registered: number; postalAccepted: number; electronic: number; setAside: number; setAsideByReason: Partial<Record<SetAsideReason, number>>; received: number };
};

export type SetAsideEnvelope = {
  scanId: number;
  verdict: string;
  defect: string | null;
  barcode: string;
  rightId: number | null;
  /** The right's category and sub-category as the roll names them (« Commerce — Moins de 10 salariés »); null for an unknown barcode. */
  quality: string | null;
  stationId: string;
  agent: string;
  scannedAt: string;
  confirmedAt: string | null;
  reversed: boolean;
  message: string;
};

/** A president's decision on a scan: a confirmation of a dual vote or a reversal, never edited. */
export type Decision = { id: number; scanId: number; kind: string; reason: string; decidedBy: string; decidedAt: string };

export type Incident = { id: number; description: string; reportedBy: string; stationId: string; reportedAt: string };
