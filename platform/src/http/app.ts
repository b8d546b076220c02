import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { DatabaseUnavailableError } from '@scrutin/db';
import { z } from 'zod';
import { HttpError, badRequest, errorHandler, fromServiceError } from '@scrutin/station/http/errors.js';
import { attemptSucceeded, type ThrottleKey } from '@scrutin/station/auth/login-throttle.js';
import { chargeAttempt } from '@scrutin/station/http/login-limiter.js';
import { trustedProxySetting } from '@scrutin/station/http/trusted-proxy.js';
import { jsonBody, refuseNulCharacters } from '@scrutin/station/http/request-guards.js';
import type { RouteInput } from '@scrutin/station/http/route.js';
import { readCookie } from '@scrutin/station/http/cookies.js';
import { requestLog } from '@scrutin/station/http/request-log.js';
import { keyFingerprint } from '@scrutin/station/scanning/seal.js';
import { currentPhase, unitsOfRight, type PlatformContext } from '../context.js';
import { closeVote } from '../close/close.js';
import { latestEvents, recordEvent } from '../events.js';
import { staffLoginKeys, voterLoginKeys } from './login-limits.js';
import { checkStaff, createStaffSession, DEFAULT_SUSPENSION_MESSAGE, endStaffSession, findStaffSession, openVote, resumeVote, STAFF_ROLE_LABELS, suspendVote, type Staff } from '../operations.js';
import { castVote, rightsOfVoter } from '../voting/ballot-box.js';
import { batchHead, findOnBoard, listBoard } from '../voting/board.js';
import * as store from '../store/index.js';
import { verifyReceipt } from '../voting/receipt.js';
import { endVoterSession, findVoterSession, LOGIN_REFUSED, loginVoter, VOTER_COOKIE, type VoterSession } from '../voting/sessions.js';

const STAFF_COOKIE = 'scrutin_plateforme_agent';
/** Enough for the staff page's journal; the whole log is digested into the closing seal. */
const JOURNAL_LENGTH = 100;
/** Below the proxy's check timeout (2 s in docker/haproxy.cfg). */
const HEALTH_TIMEOUT_MS = 1500;

// Everything comes from this origin: no CDN, no inline script, no framing (the booth must work when
// every third-party host is unreachable, and an injected script could read the voter's choice).
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const loginSchema = z.object({ identifier: z.string().max(40), password: z.string().max(64), birthDate: z.iso.date('date de naissance au format AAAA-MM-JJ') });
const voteSchema = z.object({ rightId: z.number().int().positive(), ballots: z.array(z.unknown()).min(1).max(8) });
const staffLoginSchema = z.object({ login: z.string().max(40), password: z.string().max(200) });
const suspendSchema = z.object({ reason: z.string().min(3).max(2000), message: z.string().max(2000).optional() });
const resumeSchema = z.object({ decision: z.enum(['BALLOTS_KEPT', 'REFERRED_TO_COMMISSION']), decisionText: z.string().min(3).max(4000) });
// listBoard clamps the limit to 1–1000; a limit that is not an integer is refused, not read as NaN.
const boardQuery = z.object({ fingerprint: z.string().max(200).optional(), after: z.string().max(200).optional(), limit: z.coerce.number().int().optional() });
const receiptBody = z.object({ receipt: z.unknown() });

const parse = <S extends z.ZodType>(schema: S, value: unknown): z.infer<S> => {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw badRequest(r.error);
  return r.data;
};
const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } }): T => {
  if (!r.ok) throw fromServiceError(r.error);
  return r.value;
};

type Handler = (req: Request, res: Response) => Promise<unknown>;

/**
 * One route of the platform's API as declared: who may call it (nobody signed in, a voter, a staff member)
 * and the zod schemas its handler parses (the same constants). The fuzz test (test/src/fuzz.test.ts) walks them.
 */
export type PlatformRoute = { method: 'get' | 'post'; path: string; access: 'public' | 'voter' | 'staff'; input?: RouteInput };

/** The routes createPlatformApp declared on `app`, in order. */
export function declaredRoutes(app: express.Express): PlatformRoute[] {
  return (app.locals as { routes?: PlatformRoute[] }).routes ?? [];
}

export function createPlatformApp(ctx: PlatformContext, options: { log: Logger; trustedProxy?: string | undefined; boothDir?: string; secureCookies?: boolean; extend?: ((app: express.Express) => void) | undefined }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustedProxySetting(options.trustedProxy));
  app.use(requestLog(options.log));
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    next();
  });
  options.extend?.(app);
  app.use('/api', jsonBody('1mb'), refuseNulCharacters);
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const routes: PlatformRoute[] = [];
  app.locals.routes = routes;
  const route = (method: 'get' | 'post', path: string, declared: Omit<PlatformRoute, 'method' | 'path'>, handler: Handler) => {
    routes.push({ method, path, ...declared });
    app[method](path, (req: Request, res: Response, next: NextFunction) => {
      handler(req, res).then((body) => (res.headersSent || body === undefined ? undefined : res.json(body)), next);
    });
  };
  const PUBLIC = { access: 'public' } as const;
  const VOTER = { access: 'voter' } as const;
  const STAFF = { access: 'staff' } as const;

  const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, secure: options.secureCookies ?? false, path: '/' };

  /** Double submit: the CSRF token stored with the session must come back in a header no other site can set. */
  async function voter(req: Request, csrf: boolean): Promise<VoterSession> {
    const token = readCookie(req, VOTER_COOKIE);
    const session = token ? await findVoterSession(ctx.db, token, ctx.now()) : null;
    if (!session) throw new HttpError(401, 'UNAUTHENTICATED', 'Session expirée : reconnectez-vous avec votre identifiant.');
    if (csrf && req.headers['x-csrf-token'] !== session.csrfToken) throw new HttpError(403, 'CSRF', 'Jeton anti-falsification absent ou invalide : rechargez la page.');
    return session;
  }
  async function staff(req: Request): Promise<Staff & { csrfToken: string }> {
    const token = readCookie(req, STAFF_COOKIE);
    const s = token ? await findStaffSession(ctx.db, token) : null;
    if (!s) throw new HttpError(401, 'UNAUTHENTICATED', 'Session expirée : reconnectez-vous.');
    if (req.method !== 'GET' && req.headers['x-csrf-token'] !== s.csrfToken) throw new HttpError(403, 'CSRF', 'Jeton anti-falsification absent ou invalide : rechargez la page.');
    return s;
  }
  /**
   * Charges the attempt to its counters before any password is checked; runs `check` only if none of them
   * makes it wait. A failure that starts a wait goes to the operations log (which counter, how long).
   */
  async function throttled<T>(res: Response, keys: ThrottleKey[], check: () => Promise<T | null>): Promise<T | null> {
    const delaysIfFailed = await chargeAttempt(ctx.db, res, 'platform.login_attempt', keys, ctx.now());
    const outcome = await check();
    if (outcome !== null) await attemptSucceeded(ctx.db, 'platform.login_attempt', keys);
    else if (delaysIfFailed.length > 0)
      await recordEvent(ctx.db, 'systeme', 'login.delayed', delaysIfFailed.map((d) => ({ counter: d.key, seconds: Math.ceil(d.delayMs / 1000) })));
    return outcome;
  }

  // The reverse proxy's health check (docs/deployment.md): 200 while this node reaches a database that takes
  // writes, a French 503 otherwise, within HEALTH_TIMEOUT_MS, so that the proxy stops sending voters here
  // quickly instead of waiting out the reconnection delays an ordinary request is given.
  route('get', '/api/health', PUBLIC, async () => {
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
  });

  route('get', '/api/status', PUBLIC, async () => {
    const e = await ctx.election();
    const phase = await currentPhase(ctx.db, ctx.now());
    return { ...phase, election: e ? { code: e.code, name: e.name, chamber: e.chamber, timeZone: e.timeZone } : null };
  });

  route('post', '/api/login', { access: 'public', input: { body: loginSchema } }, async (req, res) => {
    const body = parse(loginSchema, req.body);
    const session = await throttled(res, voterLoginKeys(req.ip, body.identifier), async () => {
      const r = await loginVoter(ctx.db, body, ctx.now());
      return r.ok ? r.value : null;
    });
    if (!session) throw new HttpError(401, 'BAD_CREDENTIALS', LOGIN_REFUSED);
    res.cookie(VOTER_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
    return { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  });

  route('post', '/api/logout', VOTER, async (req, res) => {
    const token = readCookie(req, VOTER_COOKIE);
    if (token) {
      await voter(req, true);
      await endVoterSession(ctx.db, token);
    }
    res.clearCookie(VOTER_COOKIE, { path: '/' });
    return { ok: true };
  });

  route('get', '/api/ballot', VOTER, async (req) => {
    const session = await voter(req, false);
    const e = await ctx.election();
    if (!e) throw new HttpError(409, 'NOT_LOADED', 'La plateforme n’est pas chargée.');
    const person = await store.voters.findVoterName(ctx.db, session.voterId);
    const rights = await rightsOfVoter(ctx, session.voterId);
    return {
      voter: { name: [person?.civility, person?.first_names, person?.last_name].filter(Boolean).join(' ') },
      election: { code: e.code, name: e.name, chamber: e.chamber, closesAt: e.closesAt.toISOString(), timeZone: e.timeZone },
      manifest: e.manifest,
      electionKey: e.header.electionKey,
      manifestFingerprint: e.header.manifestFingerprint,
      rights: rights.map((r) => ({
        id: r.id,
        label: r.label,
        voted: r.voted,
        withdrawn: r.withdrawn,
        contests: unitsOfRight(e, r).map((u) => ({
          urnId: u.urnId,
          contestName: u.contestName,
          label: u.label,
          seats: u.seats,
          candidates: e.candidates.filter((c) => c.urnId === u.urnId).map((c) => ({ index: c.position, name: `${c.lastName} ${c.firstNames}`, profession: c.profession, substitute: c.substitute })),
        })),
      })),
    };
  });

  route('post', '/api/vote', { access: 'voter', input: { body: voteSchema } }, async (req) => {
    const session = await voter(req, true);
    const body = parse(voteSchema, req.body);
    const r = await castVote(ctx, session.voterId, body);
    if (!r.ok) throw new HttpError(r.error.code === 'ALREADY_VOTED' || r.error.code === 'CLOSED' || r.error.code === 'DUPLICATE_BALLOT' ? 409 : 422, r.error.code, r.error.message, r.error.details);
    return { receipt: r.value };
  });

  route('get', '/api/board', { access: 'public', input: { query: boardQuery } }, async (req) => {
    const query = parse(boardQuery, req.query);
    if (query.fingerprint !== undefined) return { entry: await findOnBoard(ctx.db, query.fingerprint.trim().toLowerCase()) };
    return listBoard(ctx.db, { after: query.after ?? '', limit: query.limit ?? 100 });
  });

  route('get', '/api/platform-key', PUBLIC, async () => {
    const key = await ctx.signingKey();
    return { publicKey: key.publicKey, fingerprint: keyFingerprint(key.publicKey) };
  });

  route('post', '/api/receipts/verify', { access: 'public', input: { body: receiptBody } }, async (req) => {
    const key = await ctx.signingKey();
    const r = verifyReceipt(parse(receiptBody, req.body).receipt, key.publicKey);
    if (!r.ok) return { valid: false, message: r.error, ballots: [] };
    const ballots = await Promise.all(r.value.ballots.map(async (b) => ({ ...b, onBoard: (await findOnBoard(ctx.db, b.fingerprint)) !== null })));
    const all = ballots.every((b) => b.onBoard);
    if (!all) return { valid: false, message: 'Reçu signé, mais un bulletin est absent du tableau public : signalez-le à la cellule de contrôle.', ballots };
    // The batch chain (issue 13, item 5): the head the receipt names must still be the stored one.
    if ((await batchHead(ctx.db, r.value.batch)) !== r.value.batchHead) return { valid: false, message: 'Reçu signé, mais la chaîne de l’urne ne passe plus par la tête de son lot : signalez-le à la cellule de contrôle.', ballots };
    return { valid: true, message: 'Reçu authentique : chaque bulletin figure sur le tableau public, dans le lot enregistré.', ballots };
  });

  route('post', '/api/staff/login', { access: 'public', input: { body: staffLoginSchema } }, async (req, res) => {
    const body = parse(staffLoginSchema, req.body);
    const s = await throttled(res, staffLoginKeys(req.ip, body.login), () => checkStaff(ctx.db, body.login, body.password));
    if (!s) throw new HttpError(401, 'BAD_CREDENTIALS', 'Identifiant ou mot de passe incorrect.');
    const session = await createStaffSession(ctx.db, s);
    res.cookie(STAFF_COOKIE, session.token, cookieOptions);
    return { csrfToken: session.csrfToken, login: s.login, role: s.role };
  });
  // The CSRF token comes back so that a reloaded staff page can act again; no other site can read this answer.
  route('get', '/api/staff/me', STAFF, async (req) => {
    const s = await staff(req);
    return { login: s.login, role: s.role, roleLabel: STAFF_ROLE_LABELS[s.role], csrfToken: s.csrfToken, defaultSuspensionMessage: DEFAULT_SUSPENSION_MESSAGE };
  });
  route('post', '/api/staff/logout', STAFF, async (req, res) => {
    const token = readCookie(req, STAFF_COOKIE);
    if (token) {
      await staff(req);
      await endStaffSession(ctx.db, token);
    }
    res.clearCookie(STAFF_COOKIE, { path: '/' });
    return { ok: true };
  });
  route('get', '/api/staff/events', STAFF, async (req) => {
    await staff(req);
    return { events: await latestEvents(ctx.db, JOURNAL_LENGTH) };
  });
  route('post', '/api/staff/open', STAFF, async (req) => unwrap(await openVote(ctx.db, await staff(req))));
  route('post', '/api/staff/suspend', { access: 'staff', input: { body: suspendSchema } }, async (req) => unwrap(await suspendVote(ctx, await staff(req), parse(suspendSchema, req.body))));
  route('post', '/api/staff/resume', { access: 'staff', input: { body: resumeSchema } }, async (req) => unwrap(await resumeVote(ctx, await staff(req), parse(resumeSchema, req.body))));
  route('post', '/api/staff/close', STAFF, async (req) => ({ seal: unwrap(await closeVote(ctx, await staff(req))).seal }));

  app.use('/api', (_req, _res, next) => next(new HttpError(404, 'NOT_FOUND', 'Adresse d’API inconnue.')));

  const booth = options.boothDir;
  if (booth && existsSync(join(booth, 'index.html'))) {
    app.use(express.static(booth, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(booth, 'index.html')));
  }

  app.use(errorHandler(options.log, 'de la plateforme'));
  return app;
}
