import '../basics/french-messages.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { retryOnConnectionLoss } from '@scrutin/db';
import type { Role } from '../auth/roles.js';
import { findSession, tokenHash } from '../auth/users.js';
import { SESSION_COOKIE, readCookie } from './cookies.js';
import { findStationByToken } from '../scanning/stations.js';
import { mountStationConsole, type StationConsole } from './console.js';
import { errorHandler, HttpError } from './errors.js';
import { requestLog } from './request-log.js';
import { trustedProxySetting } from './trusted-proxy.js';
import { jsonBody, refuseNulCharacters } from './request-guards.js';
import type { Caller, Context, RouteSpec } from './route.js';
import { allRoutes } from './routes/index.js';


async function resolveCaller(req: Request, ctx: Context, route: RouteSpec): Promise<Caller | null> {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    if (!route.allowStationToken) throw new HttpError(403, 'TOKEN_NOT_ALLOWED', 'Un jeton de poste ne sert qu’à transmettre des lectures de code-barres.');
    // A read: run again after a lost connection, so that a scanner's scan retries itself end to end.
    const station = await retryOnConnectionLoss(() => findStationByToken(ctx.db, tokenHash(auth.slice(7).trim())));
    if (!station) throw new HttpError(401, 'BAD_TOKEN', 'Jeton de poste inconnu ou révoqué.');
    return {
      session: null,
      actor: { userId: station.agentId, login: station.agentLogin, role: 'scanning_agent', stationId: station.id },
      roles: ['scanning_agent'],
      viaToken: true,
    };
  }
  const token = readCookie(req, SESSION_COOKIE);
  if (!token) return null;
  const session = await findSession(ctx.db, token);
  if (!session) return null;
  return {
    session,
    actor: { userId: session.user.id, login: session.user.login, role: session.user.roles[0]!, stationId: session.stationId },
    roles: session.user.roles,
    viaToken: false,
  };
}

function authorise(route: RouteSpec, caller: Caller | null, req: Request): void {
  if (route.access === 'public') return;
  if (!caller) throw new HttpError(401, 'UNAUTHENTICATED', 'Session absente ou expirée : reconnectez-vous.');
  if (caller.session && caller.session.user.mustChangePassword && !req.path.startsWith('/api/auth/') && req.path !== '/api/session') {
    throw new HttpError(403, 'PASSWORD_CHANGE_REQUIRED', 'Changez d’abord votre mot de passe provisoire.');
  }
  if (route.access === 'authenticated') return;
  const allowed = route.access as readonly Role[];
  if (!allowed.some((r) => caller.roles.includes(r))) {
    throw new HttpError(403, 'FORBIDDEN', 'Action réservée aux rôles : ' + allowed.join(', ') + '.');
  }
}

/**
 * Cookie sessions need a CSRF token on every state-changing request (double submit:
 * the token travels in a header that another site cannot set); bearer tokens need none.
 */
function checkCsrf(req: Request, caller: Caller | null): void {
  if (req.method === 'GET' || !caller?.session) return;
  const given = req.headers['x-csrf-token'];
  if (typeof given !== 'string' || given !== caller.session.csrfToken) {
    throw new HttpError(403, 'CSRF', 'Jeton anti-falsification (CSRF) absent ou invalide : rechargez la page.');
  }
}

/**
 * The station's HTTP application; `trustedProxy` lists the reverse proxies whose X-Forwarded-For is believed
 * (`scrutin serve` gives SCRUTIN_TRUSTED_PROXY; default none).
 */
export function createApp(
  ctx: Context,
  options: { dashboardDir?: string; console?: StationConsole | undefined; url?: () => string; trustedProxy?: string | undefined } = {},
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustedProxySetting(options.trustedProxy));
  app.use(requestLog(ctx.log));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    next();
  });
  const json = jsonBody('2mb');
  if (options.console) mountStationConsole(app, ctx, options.console, options.url ?? (() => ''));

  for (const route of allRoutes) {
    const handlers = [
      ...(route.rawBody ? [] : [route.bodyLimit ? jsonBody(route.bodyLimit) : json]),
      refuseNulCharacters,
      async (req: Request, res: Response, next: NextFunction) => {
        try {
          const caller = await resolveCaller(req, ctx, route);
          if (caller) res.locals.actor = caller.actor.login;
          authorise(route, caller, req);
          checkCsrf(req, caller);
          const result = await route.handle(req, res, caller, ctx);
          if (!res.headersSent && result !== undefined) res.json(result);
        } catch (e) {
          next(e);
        }
      },
    ];
    (app[route.method] as (path: string, ...h: unknown[]) => void).call(app, route.path, ...handlers);
  }

  app.use('/api', (_req, _res, next) => next(new HttpError(404, 'NOT_FOUND', 'Adresse d’API inconnue.')));

  const dashboard = options.dashboardDir;
  if (dashboard && existsSync(join(dashboard, 'index.html'))) {
    app.use(express.static(dashboard, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(dashboard, 'index.html')));
  }

  app.use(errorHandler(ctx.log, 'du poste'));
  return app;
}

