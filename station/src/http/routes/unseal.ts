import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Request } from 'express';
import { z } from 'zod';
import { checkUrnForStation, combineUnsealing, contributeToUnsealing, openUnsealing, unsealedTallyFile, unsealingStatus } from '../../counting/unseal.js';
import { HttpError } from '@scrutin/server-kit/errors.js';
import { parse, unwrap } from '@scrutin/server-kit/route.js';
import { route, type StationRoute } from '../station-route.js';

const HOLDERS = ['key_holder', 'president'] as const;
const READERS = ['president', 'member', 'teller', 'prefecture', 'viewer', 'admin', 'key_holder', 'oversight_cell'] as const;
/** A 100,000-ballot urn of 10 candidates is ~560 MB (docs/formats/urn.md). */
const MAX_URN_BYTES = 2 * 1024 ** 3;

/** The urn is streamed to a private temporary folder, checked there, then deleted: nothing of it is kept but the journal. */
async function withUploadedUrn<T>(req: Request, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'scrutin-urne-'));
  const path = join(dir, 'urne.jsonl');
  try {
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(size > MAX_URN_BYTES ? new HttpError(413, 'TOO_LARGE', 'Fichier d’urne trop volumineux.') : null, chunk);
      },
    });
    await pipeline(req, limit, createWriteStream(path, { mode: 0o600 }));
    if (size === 0) throw new HttpError(400, 'EMPTY_URN', 'Fichier d’urne vide : envoyez le fichier (JSON Lines) dans le corps de la requête.');
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// The passphrase only travels in this body; nothing here logs a body, and the service never stores it.
const contributionSchema = z.union([
  z.object({ share: z.record(z.string(), z.unknown()), passphrase: z.string().min(1).max(1000) }).strict(),
  z.object({ partial: z.record(z.string(), z.unknown()) }).strict(),
]);

/** Unsealing of the electronic urn (docs/unsealing.md). */
export const unsealRoutes: StationRoute[] = [
  route({
    method: 'get',
    path: '/api/unseal',
    access: READERS,
    async handle(_req, _res, _caller, ctx) {
      return await unsealingStatus(ctx.db);
    },
  }),
  route({
    method: 'post',
    path: '/api/unseal/check',
    access: 'authenticated',
    rawBody: true,
    async handle(req, _res, _caller, ctx) {
      // Public integrity check (art. 12): anyone signed in may run it; it changes nothing.
      return { integrity: unwrap(await withUploadedUrn(req, (path) => checkUrnForStation(ctx.db, path, { workers: ctx.urnWorkers }))).integrity };
    },
  }),
  route({
    method: 'post',
    path: '/api/unseal/urn',
    access: HOLDERS,
    rawBody: true,
    async handle(req, res, caller, ctx) {
      const actor = caller.actor;
      const status = unwrap(await withUploadedUrn(req, (path) => openUnsealing(ctx.db, actor, path, { workers: ctx.urnWorkers })));
      ctx.events.publish('counters');
      res.status(201);
      return status;
    },
  }),
  route({
    method: 'post',
    path: '/api/unseal/contributions',
    access: HOLDERS,
    input: { body: contributionSchema },
    async handle(req, res, caller, ctx) {
      const body = parse(contributionSchema, req.body);
      const status = unwrap(await contributeToUnsealing(ctx.db, caller.actor, body));
      ctx.events.publish('counters');
      res.status(201);
      return status;
    },
  }),
  route({
    method: 'post',
    path: '/api/unseal/combine',
    access: ['president'],
    async handle(_req, _res, caller, ctx) {
      const status = unwrap(await combineUnsealing(ctx.db, caller.actor));
      ctx.events.publish('counters');
      return status;
    },
  }),
  route({
    method: 'get',
    path: '/api/unseal/tally',
    access: READERS,
    async handle(_req, res, _caller, ctx) {
      const tally = unwrap(await unsealedTallyFile(ctx.db));
      res.setHeader('Content-Disposition', 'attachment; filename="depouillement-electronique.json"');
      return tally;
    },
  }),
];
