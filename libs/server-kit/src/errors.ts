import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';
import { isConnectionLoss } from '@scrutin/db';
import { HttpError } from './http-error.js';

export { HttpError };

export const badRequest = (error: ZodError): HttpError =>
  new HttpError(
    400,
    'INVALID_REQUEST',
    'Requête invalide : ' + error.issues.map((i) => `${i.path.join('.') || 'corps'} : ${i.message}`).join(' ; '),
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );

const STATUS_BY_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  NO_ELECTION: 409,
  WRONG_STATE: 409,
  ALREADY_EXISTS: 409,
  ALREADY_VALIDATED: 409,
  FROZEN: 409,
  FORBIDDEN_TRANSITION: 409,
  PRECONDITION: 409,
  SCANNING_CLOSED: 409,
  REQUEST_ID_REUSED: 409,
  LOGIN_TAKEN: 409,
  ALREADY_DONE: 409,
  ROLE_NOT_ALLOWED: 403,
  FORBIDDEN: 403,
};

/** Maps a service's error value to an HttpError. */
export function fromServiceError(e: { code: string; message: string; details?: unknown }): HttpError {
  return new HttpError(STATUS_BY_CODE[e.code] ?? 422, e.code, e.message, e.details);
}

/**
 * Refusals known by what raised them, as the last line of defence behind the zod schemas and the request
 * guards (request-guards.ts): body-parser's `type`, and the PostgreSQL `code` of errors only input can
 * cause (https://www.postgresql.org/docs/15/errcodes-appendix.html). The transaction has rolled back,
 * nothing was written, and the caller gets a French 4xx instead of a 500.
 */
const KNOWN_REFUSALS: Record<string, [status: number, code: string, message: string]> = {
  'entity.parse.failed': [400, 'INVALID_JSON', 'Corps de requête JSON illisible.'],
  'entity.too.large': [413, 'TOO_LARGE', 'Requête trop volumineuse.'],
  'encoding.unsupported': [415, 'UNSUPPORTED_ENCODING', 'Encodage de requête non pris en charge (UTF-8 attendu).'],
  'charset.unsupported': [415, 'UNSUPPORTED_ENCODING', 'Jeu de caractères non pris en charge (UTF-8 attendu).'],
  'request.aborted': [400, 'ABORTED', 'Requête interrompue avant sa fin.'],
  'request.size.invalid': [400, 'INVALID_REQUEST', 'Taille de requête incohérente.'],
  '22021': [400, 'INVALID_CHARACTER', 'Requête refusée : un texte contient un caractère interdit (caractère nul ou octet invalide).'],
  '22P05': [400, 'INVALID_CHARACTER', 'Requête refusée : un texte contient un caractère que la base de données ne peut pas enregistrer.'],
  '22P02': [400, 'INVALID_VALUE', 'Requête refusée : une valeur n’a pas le type attendu (nombre, date…).'],
  '22003': [400, 'INVALID_VALUE', 'Requête refusée : un nombre est hors des bornes permises.'],
  '22001': [400, 'INVALID_VALUE', 'Requête refusée : un texte est trop long.'],
  '22007': [400, 'INVALID_VALUE', 'Requête refusée : une date est mal formée.'],
  '22008': [400, 'INVALID_VALUE', 'Requête refusée : une date est hors des bornes permises.'],
  '23505': [409, 'ALREADY_EXISTS', 'Déjà enregistré : cette donnée existe déjà (demande en double ou simultanée). Rien n’a été modifié.'],
  '23503': [409, 'CONFLICT', 'Refusé : la donnée visée n’existe pas ou est encore utilisée. Rien n’a été modifié.'],
  '23514': [422, 'CONSTRAINT', 'Refusé : une valeur ne respecte pas les règles du scrutin. Rien n’a été modifié.'],
  // The freeze trigger (article 11): the database itself refuses every write.
  P0002: [409, 'FROZEN', 'Scrutin figé (article 11) : plus aucune modification n’est possible.'],
};

/**
 * The refusal for anything a request handler threw, or null for a genuine fault (a bug, the database
 * down: the caller answers 500 and logs it). Shared by the station's and the platform's error handlers.
 */
export function refusalFor(e: unknown): HttpError | null {
  if (e instanceof HttpError) return e;
  const raised = e as { type?: unknown; code?: unknown } | null;
  // A guard refusing the body from body-parser's verify hook keeps its own French answer (request-guards.ts).
  if (raised?.type === 'entity.refused' && e instanceof Error) return new HttpError(400, 'INVALID_JSON', e.message);
  const lookup = (key: unknown) => (typeof key === 'string' && Object.hasOwn(KNOWN_REFUSALS, key) ? KNOWN_REFUSALS[key] : undefined);
  const known = lookup(raised?.type) ?? lookup(raised?.code);
  if (known) return new HttpError(...known);
  // Express's own refusals (a path parameter such as « % » that does not decode) carry a 4xx status.
  const status = (e as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, 'INVALID_REQUEST', 'Requête invalide : adresse ou en-têtes mal formés.');
  return null;
}

/** A restarted PostgreSQL accepts connections again within a second or two (measured 0.5–2 s here). */
const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * A lost or unreachable database (DatabaseUnavailableError, or a connection error that escaped it)
 * as a 503 the client may retry after Retry-After seconds; null for any other error, which stays a
 * 500. Used by the station's and the platform's error handlers.
 */
export function fromDatabaseOutage(e: unknown): HttpError | null {
  if (!isConnectionLoss(e)) return null;
  return new HttpError(
    503,
    'DATABASE_UNAVAILABLE',
    'Base de données momentanément indisponible, réessayez dans quelques secondes.',
    undefined,
    DATABASE_RETRY_AFTER_SECONDS,
  );
}

/** Sends an HttpError as the JSON error body every client reads, with its Retry-After when it has one. */
export function sendHttpError(res: { setHeader(name: string, value: string): unknown; status(code: number): { json(body: unknown): unknown } }, e: HttpError): void {
  if (e.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(e.retryAfterSeconds));
  res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });
}

/**
 * The last error handler of the station's and the platform's apps: a lost database → 503 with
 * Retry-After (logged as a warning), a known refusal → its French 4xx (a 429 without its own Retry-After
 * gets 5 s), anything else → a logged 500 whose message says nothing was recorded. `server` completes the
 * 500's message (« du poste », « de la plateforme »).
 */
export function errorHandler(log: Logger, server: string) {
  return (e: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const outage = fromDatabaseOutage(e);
    if (outage) {
      log.warn({ err: e, path: req.path }, 'base de données indisponible');
      return sendHttpError(res, outage);
    }
    const refusal = refusalFor(e);
    if (refusal) {
      if (refusal.status === 429 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', '5');
      return sendHttpError(res, refusal);
    }
    log.error({ err: e, path: req.path }, 'erreur interne');
    res.status(500).json({ error: { code: 'INTERNAL', message: `Erreur interne ${server} ; rien n’a été enregistré. Réessayez.` } });
  };
}
