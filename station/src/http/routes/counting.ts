import { join } from 'node:path';
import type { Response } from 'express';
import { z } from 'zod';
import { createCertificate, createCertificateSchema, getCertificate, importCertificate, importCertificateSchema, passphraseSchema } from '../../counting/certificate.js';
import { countStatus, enterCountSheet, enterSheetSchema, validateCountSchema, validateUrnCount } from '../../counting/count-sheets.js';
import { importSignedTally } from '../../counting/electronic-tally.js';
import { freezeElection, getFreeze } from '../../counting/freeze.js';
import { getProclamation } from '../../counting/proclamation.js';
import { purgePersonalData } from '../../counting/purge.js';
import { getElection } from '../../election/election.js';
import { consolidateExports, verifyResultsJson } from '../../reports/index.js';
import { exportResults, generateReport, latestDocument } from '../../counting/documents.js';
import { loadResults } from '../../results/results.js';
import type { PublishedResults } from '@scrutin/contract/results-types.js';
import { HttpError } from '@scrutin/server-kit/errors.js';
import { parse, unwrap } from '@scrutin/server-kit/route.js';
import { route, type StationRoute } from '../station-route.js';
import { compareSigner } from '../../reports/verification.js';
import { sealedPin, signerAnswer } from './verify.js';

const READERS = ['president', 'member', 'teller', 'prefecture', 'viewer', 'admin'] as const;
const passphraseBody = z.object({ passphrase: passphraseSchema });
const signedTallyBody = z.object({ file: z.string().min(2).max(1_500_000), signature: z.string().min(2).max(10_000) });
const consolidationBody = z.object({
  files: z.array(z.object({ name: z.string().min(1).max(200), content: z.string().min(2).max(1_800_000) })).min(1).max(200),
  // The certificates the prefecture was given by each commission (SHA-256 of the DER, hex): required, an export signed by any other key is refused.
  trustedFingerprints: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'empreinte SHA-256 (64 caractères hexadécimaux minuscules) attendue')).min(1, 'donnez au moins un certificat de commission de confiance').max(500),
});

async function readBody(stream: AsyncIterable<Buffer>, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'TOO_LARGE', 'Fichier trop volumineux.');
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function sendDocument(res: Response, bytes: Uint8Array, type: string, fileName: string, sha256: string): undefined {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('X-Content-SHA256', sha256);
  res.send(Buffer.from(bytes));
  return undefined;
}

/** Counting, results, signed documents, prefecture consolidation, freeze and purge (docs/api-counting.md). */
export const countingRoutes: StationRoute[] = [
  route({
    method: 'get',
    path: '/api/counting',
    access: READERS,
    async handle(_req, _res, _caller, ctx) {
      return { urns: await countStatus(ctx.db) };
    },
  }),
  route({
    method: 'post',
    path: '/api/counting/sheets',
    access: ['teller'],
    input: { body: enterSheetSchema },
    async handle(req, res, caller, ctx) {
      const status = unwrap(await enterCountSheet(ctx.db, caller.actor, parse(enterSheetSchema, req.body)));
      res.status(201);
      return status;
    },
  }),
  route({
    method: 'post',
    path: '/api/counting/validate',
    access: ['president'],
    input: { body: validateCountSchema },
    async handle(req, _res, caller, ctx) {
      return unwrap(await validateUrnCount(ctx.db, caller.actor, parse(validateCountSchema, req.body)));
    },
  }),
  route({
    method: 'post',
    path: '/api/tally',
    access: ['president'],
    input: { body: signedTallyBody },
    async handle(req, res, caller, ctx) {
      const body = parse(signedTallyBody, req.body);
      const result = unwrap(await importSignedTally(ctx.db, caller.actor, new TextEncoder().encode(body.file), body.signature));
      res.status(201);
      return result;
    },
  }),
  route({
    method: 'get',
    path: '/api/results',
    access: 'authenticated',
    async handle(_req, _res, _caller, ctx): Promise<PublishedResults> {
      const results = await loadResults(ctx.db);
      const proclamation = await getProclamation(ctx.db);
      return { ...results, proclamation: proclamation.ok ? { digest: proclamation.value.digest, proclaimedAt: proclamation.value.proclaimedAt } : null };
    },
  }),
  route({
    method: 'get',
    path: '/api/certificate',
    access: 'authenticated',
    async handle(_req, _res, _caller, ctx) {
      return { certificate: await getCertificate(ctx.db) };
    },
  }),
  route({
    method: 'post',
    path: '/api/certificate',
    access: ['president', 'admin'],
    input: { body: createCertificateSchema },
    async handle(req, res, caller, ctx) {
      const created = unwrap(await createCertificate(ctx.db, caller.actor, parse(createCertificateSchema, req.body)));
      res.status(201);
      return created;
    },
  }),
  route({
    method: 'post',
    path: '/api/certificate/import',
    access: ['president', 'admin'],
    input: { body: importCertificateSchema },
    async handle(req, res, caller, ctx) {
      const body = parse(importCertificateSchema, req.body);
      const imported = unwrap(await importCertificate(ctx.db, caller.actor, new Uint8Array(Buffer.from(body.p12Base64, 'base64')), body.passphrase));
      res.status(201);
      return imported;
    },
  }),
  route({
    method: 'post',
    path: '/api/report',
    access: ['president'],
    input: { body: passphraseBody },
    async handle(req, res, caller, ctx) {
      const { passphrase } = parse(passphraseBody, req.body);
      const doc = unwrap(await generateReport(ctx.db, caller.actor, passphrase));
      return sendDocument(res, doc.bytes, 'application/pdf', 'proces-verbal.pdf', doc.sha256);
    },
  }),
  route({
    method: 'get',
    path: '/api/report/latest',
    access: READERS,
    async handle(_req, res, _caller, ctx) {
      const doc = await latestDocument(ctx.db, 'PV');
      if (!doc) throw new HttpError(404, 'NOT_FOUND', 'Aucun procès-verbal signé n’a encore été édité.');
      return sendDocument(res, doc.bytes, 'application/pdf', 'proces-verbal.pdf', doc.sha256);
    },
  }),
  route({
    method: 'post',
    path: '/api/results/export',
    access: ['president'],
    input: { body: passphraseBody },
    async handle(req, res, caller, ctx) {
      const { passphrase } = parse(passphraseBody, req.body);
      const doc = unwrap(await exportResults(ctx.db, caller.actor, passphrase));
      return sendDocument(res, doc.bytes, 'application/json', 'resultats.json', doc.sha256);
    },
  }),
  route({
    method: 'get',
    path: '/api/results/export/latest',
    access: ['president', 'member', 'prefecture', 'admin'],
    async handle(_req, res, _caller, ctx) {
      const doc = await latestDocument(ctx.db, 'EXPORT');
      if (!doc) throw new HttpError(404, 'NOT_FOUND', 'Aucun export signé des résultats n’a encore été produit.');
      return sendDocument(res, doc.bytes, 'application/json', 'resultats.json', doc.sha256);
    },
  }),
  route({
    // Public like /api/verify: anyone holding the export may check it; the body is the file as is.
    method: 'post',
    path: '/api/verify/results',
    access: 'public',
    rawBody: true,
    async handle(req, _res, _caller, ctx) {
      const bytes = await readBody(req as AsyncIterable<Buffer>, 30 * 1024 * 1024);
      const result = verifyResultsJson(bytes);
      if (!result.ok) return { valid: false, errors: result.error, signer: null };
      const v = result.value;
      // Intact is not enough: valid only when signed by the certificate recorded at this station's sealing.
      const { signer, error } = signerAnswer(compareSigner(v.certificateFingerprint, await sealedPin(ctx.db)));
      return {
        valid: error === null,
        errors: error ? [error] : [],
        signer: { ...signer, subject: v.signer },
        digest: v.digest,
        election: { code: v.results.election.code, name: v.results.election.name, chamber: v.results.election.chamber },
        generatedAt: v.results.generatedAt,
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/prefecture/consolidate',
    access: ['prefecture'],
    input: { body: consolidationBody },
    async handle(req, _res, _caller) {
      const body = parse(consolidationBody, req.body);
      const result = consolidateExports(
        body.files.map((f) => ({ name: f.name, bytes: new TextEncoder().encode(f.content) })),
        { trustedFingerprints: body.trustedFingerprints },
      );
      if (!result.ok) throw new HttpError(422, 'EXPORT_REFUSED', 'Consolidation refusée : un fichier au moins ne se vérifie pas.', result.error);
      return result.value;
    },
  }),
  route({
    method: 'get',
    path: '/api/freeze',
    access: READERS,
    async handle(_req, _res, _caller, ctx) {
      return { freeze: await getFreeze(ctx.db) };
    },
  }),
  route({
    method: 'post',
    path: '/api/freeze',
    access: ['president'],
    input: { body: passphraseBody },
    async handle(req, res, caller, ctx) {
      const { passphrase } = parse(passphraseBody, req.body);
      const c = caller;
      const election = await getElection(ctx.db);
      // The folder is the station's, never a path from the request: the bundle is then copied to the medium.
      const directory = join(ctx.bundleDir, `scelle-${election?.code ?? 'scrutin'}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      const result = unwrap(await freezeElection(ctx.db, c.actor, c.roles, { passphrase, directory }));
      res.status(201);
      return result;
    },
  }),
  route({
    method: 'post',
    path: '/api/purge',
    access: ['admin'],
    async handle(_req, _res, caller, ctx) {
      const c = caller;
      const result = unwrap(await purgePersonalData(ctx.db, c.actor, c.roles));
      return { state: result.state, storage: result.storage };
    },
  }),
];
