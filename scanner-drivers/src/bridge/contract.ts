import { z } from 'zod';

/** The station's scan API as the bridge sees it (station/src/http, `POST /api/scans`). */
export const scanAnswerSchema = z.object({
  requestId: z.string(),
  // A verdict this bridge does not know yet is still an acknowledgement: it must not be resent.
  verdict: z.string(),
  message: z.string(),
  urns: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
  firstScan: z.object({ stationId: z.string(), agent: z.string(), at: z.string() }).partial().optional(),
  replayed: z.boolean().default(false),
});
export type ScanAnswer = z.infer<typeof scanAnswerSchema>;

export const errorAnswerSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface ScanRequest {
  requestId: string;
  barcode: string;
  symbology?: string;
  readAt?: string;
  source?: string;
}
