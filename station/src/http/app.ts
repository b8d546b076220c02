import '../basics/french-messages.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Role } from '../auth/roles.js';
import { findSession, tokenHash } from '../auth/users.js';
import { SESSION_COOKIE, readCookie } from './cookies.js';
import { findStationByToken } from '../scanning/stations.js';
import { mountStationConsole } from './console.js';
import { HttpError } from './errors.js';
import { requestLog } from './request-log.js';
import type { Caller, Context, RouteSpec } from './route.js';
import { allRoutes } from './routes/index.js';


async function resolveCaller(req: Request, ctx: Context, route: RouteSpec): Promise<Caller | null> {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    if (!route.allowStationToken) throw new HttpError(403, 'TOKEN_NOT_ALLOWED', 'Un jeton de poste ne sert qu’à transmettre des lectures de code-barres.');
    const station = await findStationByToken(ctx.db, tokenHash(auth.slice(7).trim()));
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

export function createApp(ctx: Context, options: { dashboardDir?: string; consoleToken?: string | undefined; url?: () => string } = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
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
  const json = express.json({ limit: '2mb' });
  if (options.consoleToken) mountStationConsole(app, ctx, options.consoleToken, options.url ?? (() => ''));

  for (const route of allRoutes) {
    const handlers = [
      ...(route.rawBody ? [] : [route.bodyLimit ? express.json({ limit: route.bodyLimit }) : json]),
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

  app.use((e: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (e instanceof HttpError) {
      res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });
      return;
    }
    const bodyError = e as { type?: string; status?: number; code?: string };
    if (bodyError.code === 'P0002') {
      // The freeze trigger (article 11): the database itself refuses every write.
      res.status(409).json({ error: { code: 'FROZEN', message: 'Scrutin figé (article 11) : plus aucune modification n’est possible.' } });
      return;
    }
    if (bodyError.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'INVALID_JSON', message: 'Corps de requête JSON illisible.' } });
      return;
    }
    if (bodyError.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'TOO_LARGE', message: 'Requête trop volumineuse.' } });
      return;
    }
    ctx.log.error({ err: e, path: req.path }, 'erreur interne');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Erreur interne du poste ; rien n’a été enregistré. Réessayez.' } });
  });
  return app;
}

