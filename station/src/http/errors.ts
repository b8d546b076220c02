import type { ZodError } from 'zod';
import { isConnectionLoss } from '@scrutin/db';

/** An expected refusal, mapped to an HTTP status with a French message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Sent as Retry-After: when the same request may be sent again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

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
  ROLE_NOT_ALLOWED: 403,
  FORBIDDEN: 403,
};

/** Maps a service's error value to an HttpError. */
export function fromServiceError(e: { code: string; message: string; details?: unknown }): HttpError {
  return new HttpError(STATUS_BY_CODE[e.code] ?? 422, e.code, e.message, e.details);
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
