import '@scrutin/basics/french-messages.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { retryOnConnectionLoss } from '@scrutin/db';
import type { Role } from '@scrutin/domain/roles.js';
import { findSession, tokenHash } from '../auth/users.js';
import { SESSION_COOKIE, readCookie } from '@scrutin/server-kit/cookies.js';
import { findStationByToken } from '../scanning/stations.js';
import { mountStationConsole, type StationConsole } from './station-console.js';
import { errorHandler, HttpError } from '@scrutin/server-kit/errors.js';
import { requestLog } from '@scrutin/server-kit/request-log.js';
import { trustedProxySetting } from '@scrutin/server-kit/trusted-proxy.js';
import { jsonBody, refuseNulCharacters } from '@scrutin/server-kit/request-guards.js';
import { mountRoutes, type Authenticator } from '@scrutin/server-kit/route.js';
import type { Caller, Context } from './station-route.js';
import { allRoutes } from './routes/index.js';


/**
 * How a station request is authenticated: a scanner bridge's station token (Bearer, on the scan route only),
 * else the session cookie. An account still holding its one-time password may only replace it; a cookie
 * session needs a CSRF token on every state-changing request (double submit: the token travels in a header
 * that another site cannot set); bearer tokens need none.
 */
const stationAuthenticator: Authenticator<Context, Caller, Role> = {
  async identify(req, route, ctx) {
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
  },
  unauthenticated: () => new HttpError(401, 'UNAUTHENTICATED', 'Session absente ou expirée : reconnectez-vous.'),
  admit(req, caller) {
    if (caller.session && caller.session.user.mustChangePassword && !req.path.startsWith('/api/auth/') && req.path !== '/api/session') {
      throw new HttpError(403, 'PASSWORD_CHANGE_REQUIRED', 'Changez d’abord votre mot de passe provisoire.');
    }
  },
  rolesOf: (caller) => caller.roles,
  actingAs: (caller, role) => ({ ...caller, actor: { ...caller.actor, role } }),
  checkRequest(req, caller) {
    if (req.method === 'GET' || !caller.session) return;
    const given = req.headers['x-csrf-token'];
    if (typeof given !== 'string' || given !== caller.session.csrfToken) {
      throw new HttpError(403, 'CSRF', 'Jeton anti-falsification (CSRF) absent ou invalide : rechargez la page.');
    }
  },
  logName: (caller) => caller.actor.login,
};

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

  mountRoutes(app, allRoutes, ctx, stationAuthenticator, (route) => [...(route.rawBody ? [] : [route.bodyLimit ? jsonBody(route.bodyLimit) : json]), refuseNulCharacters]);

  app.use('/api', (_req, _res, next) => next(new HttpError(404, 'NOT_FOUND', 'Adresse d’API inconnue.')));

  const dashboard = options.dashboardDir;
  if (dashboard && existsSync(join(dashboard, 'index.html'))) {
    app.use(express.static(dashboard, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(dashboard, 'index.html')));
  }

  app.use(errorHandler(ctx.log, 'du poste'));
  return app;
}

