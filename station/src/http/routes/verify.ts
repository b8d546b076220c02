import { z } from 'zod';
import { personName } from '@scrutin/basics/french.js';
import { parseQrPayload, digestHex } from '../../reports/results-digest.js';
import { verifyReportPdf, type ReportVerification } from '../../reports/verify.js';
import { compareSigner, type PinnedCertificate, type SignerCheck } from '../../reports/verification.js';
import { getSeal } from '../../scanning/seal.js';
import type { Queryable } from '@scrutin/db';
import { DEFAULT_TIME_ZONE } from '@scrutin/basics/calendar.js';
import { HttpError } from '@scrutin/server-kit/errors.js';
import { parse } from '@scrutin/server-kit/route.js';
import { route, type StationRoute } from '../station-route.js';

const MAX_PDF_BYTES = 30 * 1024 * 1024;
// A QR text given twice or too long is ignored: the PDF is still checked.
const verifyQuery = z.object({ qr: z.string().max(2000).optional().catch(undefined) });
const qrBody = z.object({ qr: z.string().min(1).max(2000) });

async function readBody(stream: AsyncIterable<Buffer>, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'TOO_LARGE', 'Document trop volumineux (30 Mo au plus).');
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** What the page shows: the signer, the totals and each contest's elected, not the whole annex. */
function summary(v: ReportVerification) {
  const r = v.results;
  return {
    signer: v.signer,
    certificateFingerprint: v.certificateFingerprint,
    signingTime: v.signingTime,
    digest: v.digest,
    electionCode: v.electionCode,
    qrPayload: v.qrPayload,
    // The page shows the PV's times in the election's zone, known from the PV itself (no session here).
    election: { code: r.election.code, name: r.election.name, chamber: r.election.chamber, timeZone: r.election.timeZone ?? DEFAULT_TIME_ZONE },
    participation: r.participation,
    setAside: r.setAside.length,
    dualVotes: r.dualVotes.length,
    generatedAt: r.generatedAt,
    contests: r.contests.map((c) => ({
      code: c.code,
      name: c.name,
      urns: c.urns.map((u) => ({
        label: u.label,
        seats: u.seats,
        ballots: u.combined.ballots,
        valid: u.combined.valid,
        elected: u.candidates.filter((x) => x.elected).map((x) => personName(x.lastName, x.firstNames)),
      })),
    })),
  };
}

/**
 * The fingerprint this station trusts: the commission certificate recorded in its seal (the page is served by
 * the station, so the pin comes from there, never from the document). Null before sealing.
 */
export async function sealedPin(db: Queryable): Promise<PinnedCertificate | null> {
  const fingerprint = (await getSeal(db))?.commissionCertificateFingerprint ?? null;
  return fingerprint ? { fingerprint, source: 'SEAL' } : null;
}

/** The signer part of every verification answer, and the refusal when the signer is not the pinned one. */
export function signerAnswer(check: SignerCheck) {
  const signer = { fingerprint: check.signerFingerprint, pinnedFingerprint: check.pinnedFingerprint, pinSource: check.pinSource, outcome: check.outcome, verdict: check.verdict };
  if (check.outcome === 'PINNED') return { signer, error: null };
  const message =
    check.outcome === 'OTHER'
      ? `${check.verdict} : signé par le certificat ${check.signerFingerprint}, alors que le certificat enregistré au scellement de ce poste est ${check.pinnedFingerprint}.`
      : `${check.verdict} : ce poste n’a enregistré aucun certificat de la commission à son scellement ; le signataire (${check.signerFingerprint}) ne peut être reconnu.`;
  return { signer, error: { code: check.outcome === 'OTHER' ? 'OTHER_SIGNER' : 'NO_PINNED_CERTIFICATE', message } };
}

/** A QR text typed, pasted or read by a camera, compared with the digest the signed PDF carries. */
function compareQr(given: string, embedded: string | null) {
  const parsed = parseQrPayload(given);
  if (!parsed.ok) return { given, wellFormed: false, matches: false, message: parsed.error };
  const base = { given, wellFormed: true, electionCode: parsed.value.electionCode, digest: digestHex(parsed.value.digest) };
  if (embedded === null) return { ...base, matches: false, message: 'Sans procès-verbal valide, le QR code ne peut être rapproché de rien.' };
  const matches = given.trim() === embedded.trim();
  return {
    ...base,
    matches,
    message: matches ? 'Le QR code est celui du procès-verbal signé : les résultats correspondent.' : 'Le QR code ne correspond pas aux résultats de ce procès-verbal.',
  };
}

export const verifyRoutes: StationRoute[] = [
  route({
    // Public on purpose: anyone holding a PV may check it (art. 13, « édition sécurisée »).
    method: 'post',
    path: '/api/verify',
    access: 'public',
    rawBody: true,
    input: { query: verifyQuery },
    async handle(req, _res, _caller, ctx) {
      const { qr } = parse(verifyQuery, req.query);
      const bytes = await readBody(req as AsyncIterable<Buffer>, MAX_PDF_BYTES);
      if (bytes.length === 0) throw new HttpError(400, 'EMPTY', 'Aucun document reçu.');
      if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') {
        return { valid: false, errors: [{ code: 'NOT_PDF', message: 'Ce fichier n’est pas un PDF.' }], signer: null, report: null, qr: qr ? compareQr(qr, null) : null };
      }
      const result = await verifyReportPdf(bytes);
      if (!result.ok) return { valid: false, errors: result.error, signer: null, report: null, qr: qr ? compareQr(qr, null) : null };
      // Intact is not enough: valid only when signed by the certificate recorded at this station's sealing.
      const { signer, error } = signerAnswer(compareSigner(result.value.certificateFingerprint, await sealedPin(ctx.db)));
      if (error) return { valid: false, errors: [error], signer: { ...signer, subject: result.value.signer }, report: null, qr: qr ? compareQr(qr, null) : null };
      return { valid: true, errors: [], signer: { ...signer, subject: result.value.signer }, report: summary(result.value), qr: qr ? compareQr(qr, result.value.qrPayload) : null };
    },
  }),
  route({
    method: 'post',
    path: '/api/verify/qr',
    access: 'public',
    input: { body: qrBody },
    async handle(req) {
      const { qr } = parse(qrBody, req.body);
      return compareQr(qr, null);
    },
  }),
];
