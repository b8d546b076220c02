import { DatabaseUnavailableError } from '@scrutin/db';
import { parse } from '@scrutin/server-kit/route.js';
import { keyFingerprint } from '@scrutin/contract/key-fingerprint.js';
import { z } from 'zod';
import { currentPhase } from '../../context.js';
import { batchHead, findOnBoard, listBoard } from '../../voting/board.js';
import { verifyReceipt } from '../../voting/receipt.js';
import { route, type PlatformRoute } from '../platform-route.js';
import * as store from '../../store/index.js';

/** Below the proxy's check timeout (2 s in docker/haproxy.cfg). */
const HEALTH_TIMEOUT_MS = 1500;

// listBoard clamps the limit to 1–1000; a limit that is not an integer is refused, not read as NaN.
const boardQuery = z.object({ fingerprint: z.string().max(200).optional(), after: z.string().max(200).optional(), limit: z.coerce.number().int().optional() });
const receiptBody = z.object({ receipt: z.unknown() });

/** What anyone may read without signing in: health, phase, the public board, the platform's key, receipt checks. */
export const healthRoutes: PlatformRoute[] = [
  // The reverse proxy's health check (docs/deployment.md): 200 while this node reaches a database that takes
  // writes, a French 503 otherwise, within HEALTH_TIMEOUT_MS, so that the proxy stops sending voters here
  // quickly instead of waiting out the reconnection delays an ordinary request is given.
  route({
    method: 'get',
    path: '/api/health',
    access: 'public',
    async handle(_req, _res, _caller, { ctx }) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new DatabaseUnavailableError(new Error(`pas de réponse en ${HEALTH_TIMEOUT_MS} ms`), { waitedOut: true })), HEALTH_TIMEOUT_MS);
      });
      try {
        await Promise.race([store.health.ping(ctx.db), late]);
      } finally {
        clearTimeout(timer);
      }
      return { status: 'ok', database: ctx.db.kind };
    },
  }),
  route({
    method: 'get',
    path: '/api/status',
    access: 'public',
    async handle(_req, _res, _caller, { ctx }) {
      const e = await ctx.election();
      const phase = await currentPhase(ctx.db, ctx.now());
      return { ...phase, election: e ? { code: e.code, name: e.name, chamber: e.chamber, timeZone: e.timeZone } : null };
    },
  }),
];

export const boardRoutes: PlatformRoute[] = [
  route({
    method: 'get',
    path: '/api/board',
    access: 'public',
    input: { query: boardQuery },
    async handle(req, _res, _caller, { ctx }) {
      const query = parse(boardQuery, req.query);
      if (query.fingerprint !== undefined) return { entry: await findOnBoard(ctx.db, query.fingerprint.trim().toLowerCase()) };
      return listBoard(ctx.db, { after: query.after ?? '', limit: query.limit ?? 100 });
    },
  }),
  route({
    method: 'get',
    path: '/api/platform-key',
    access: 'public',
    async handle(_req, _res, _caller, { ctx }) {
      const key = await ctx.signingKey();
      return { publicKey: key.publicKey, fingerprint: keyFingerprint(key.publicKey) };
    },
  }),
  route({
    method: 'post',
    path: '/api/receipts/verify',
    access: 'public',
    input: { body: receiptBody },
    async handle(req, _res, _caller, { ctx }) {
      const key = await ctx.signingKey();
      const r = verifyReceipt(parse(receiptBody, req.body).receipt, key.publicKey);
      if (!r.ok) return { valid: false, message: r.error, ballots: [] };
      const ballots = await Promise.all(r.value.ballots.map(async (b) => ({ ...b, onBoard: (await findOnBoard(ctx.db, b.fingerprint)) !== null })));
      const all = ballots.every((b) => b.onBoard);
      if (!all) return { valid: false, message: 'Reçu signé, mais un bulletin est absent du tableau public : signalez-le à la cellule de contrôle.', ballots };
      // The batch chain (issue 13, item 5): the head the receipt names must still be the stored one.
      if ((await batchHead(ctx.db, r.value.batch)) !== r.value.batchHead) return { valid: false, message: 'Reçu signé, mais la chaîne de l’urne ne passe plus par la tête de son lot : signalez-le à la cellule de contrôle.', ballots };
      return { valid: true, message: 'Reçu authentique : chaque bulletin figure sur le tableau public, dans le lot enregistré.', ballots };
    },
  }),
];
