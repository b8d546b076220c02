import type { ZodError } from 'zod';

/** An expected refusal, mapped to an HTTP status with a French message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
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
  LOGIN_TAKEN: 409,
  ALREADY_DONE: 409,
  ROLE_NOT_ALLOWED: 403,
  FORBIDDEN: 403,
};

/** Maps a service's error value to an HttpError. */
export function fromServiceError(e: { code: string; message: string; details?: unknown }): HttpError {
  return new HttpError(STATUS_BY_CODE[e.code] ?? 422, e.code, e.message, e.details);
}
