import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import type { Logger } from 'pino';
import { errorHandler } from '@scrutin/server-kit/errors.js';
import { HttpError } from '@scrutin/server-kit/http-error.js';
import { jsonBody, refuseNulCharacters } from '@scrutin/server-kit/request-guards.js';
import { requestLog } from '@scrutin/server-kit/request-log.js';
import { mountRoutes } from '@scrutin/server-kit/route.js';
import { trustedProxySetting } from '@scrutin/server-kit/trusted-proxy.js';
import type { PlatformContext } from '../context.js';
import { platformAuthenticator, type PlatformRoute } from './platform-route.js';
import { platformRoutes } from './routes/index.js';

// Everything comes from this origin: no CDN, no inline script, no framing (the booth must work when
// every third-party host is unreachable, and an injected script could read the voter's choice).
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The routes createPlatformApp mounted on `app`, in order (routes/index.ts). */
export function declaredRoutes(app: express.Express): PlatformRoute[] {
  return (app.locals as { routes?: PlatformRoute[] }).routes ?? [];
}

/**
 * The platform's HTTP application: security headers, JSON bodies up to 1 MB, the route tables (routes/*.ts)
 * behind the platform's authenticator, then the booth's files; `extend` mounts more before the API (tests).
 */
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
  app.locals.routes = platformRoutes;
  const cookieOptions = { httpOnly: true, sameSite: 'strict', secure: options.secureCookies ?? false, path: '/' } as const;
  mountRoutes(app, platformRoutes, { ctx, cookieOptions }, platformAuthenticator);

  app.use('/api', (_req, _res, next) => next(new HttpError(404, 'NOT_FOUND', 'Adresse d’API inconnue.')));

  const booth = options.boothDir;
  if (booth && existsSync(join(booth, 'index.html'))) {
    app.use(express.static(booth, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(booth, 'index.html')));
  }

  app.use(errorHandler(options.log, 'de la plateforme'));
  return app;
}
