import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * One JSON log line per HTTP request, when its answer is sent: `id` (also sent back as X-Request-Id, so a
 * user's report can be found), `method`, `route` (the declared path, e.g. /api/rights/:id, never the
 * query string), `status`, `ms` and `actor` (the staff login, when the route set `res.locals.actor`);
 * `aborted: true` when the connection closed before the answer ended (`status` null if none was sent).
 * No body, no query, no barcode, no voter datum is logged (docs/operations.md). Shared by the station
 * and the platform.
 */
export function requestLog(log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const id = randomUUID();
    res.setHeader('X-Request-Id', id);
    let logged = false;
    const write = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      // A connection closed before the answer ended (an event stream its screen left, a cut request) has no
      // 'finish': logged at 'close', with the status sent if any.
      const status = aborted && !res.headersSent ? null : res.statusCode;
      const route = (req.route as { path?: string } | undefined)?.path ?? (req.path.startsWith('/api/') ? 'inconnue' : 'fichiers');
      const line = { id, method: req.method, route, status, ms: Math.round(performance.now() - started), actor: res.locals.actor as string | undefined, ...(aborted ? { aborted: true } : {}) };
      if (status !== null && status >= 500) log.error(line, 'requête');
      else log.info(line, 'requête');
    };
    res.on('finish', () => write(false));
    res.on('close', () => write(!res.writableFinished));
    next();
  };
}
