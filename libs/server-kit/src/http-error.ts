/**
 * An expected refusal, mapped to an HTTP status with a French message. In a module of its own, without
 * imports, because the dashboard takes it too (its ApiError): errors.ts needs the database driver, which
 * must not reach a browser bundle.
 */
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
