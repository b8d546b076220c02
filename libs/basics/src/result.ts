/**
 * Expected failures are values; exceptions are kept for bugs and broken infrastructure. The one Result of
 * the repository: the station, the platform, the scanner drivers and the urn library (evote) share it.
 */
export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/**
 * The early return of a chain of checks without its boilerplate: `andThen(r, next)` is `next(r.value)` when
 * `r` succeeded and `r` itself (its error, retyped) when it failed, so that
 * `const a = f(); if (!a.ok) return a; return g(a.value);` reads `return andThen(f(), g);`.
 */
export function andThen<T, E, U, F>(result: Result<T, E>, next: (value: T) => Result<U, F>): Result<U, E | F> {
  return result.ok ? next(result.value) : result;
}
