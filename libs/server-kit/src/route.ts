// One way to declare an HTTP route, for the station and the platform alike: a route says once who may call it
// (`access`), and its handler receives the caller already authenticated and, on a route reserved to roles,
// acting in the first of those roles that it holds (the actor the journal records). The app says how a
// request is authenticated (an Authenticator); mountRoutes runs the same steps for every route.
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Result } from '@scrutin/basics/result.js';
import { reservedToRoles } from '@scrutin/domain/roles.js';
import { badRequest, fromServiceError, HttpError } from './errors.js';

/** Who may call a route: nobody signed in, anyone signed in, or the named roles. */
export type Access<R extends string> = 'public' | 'authenticated' | readonly R[];

/**
 * The zod schemas the handler parses its path parameters, query and JSON body with (the same constants):
 * the documentation of what a route accepts, and what the fuzz test (test/src/fuzz.test.ts) derives its inputs from.
 */
export type RouteInput = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };

/**
 * The caller a handler receives for `access`, given `Callers` (each role → what its authenticated caller
 * looks like): possibly nobody on a public route, any caller on an `authenticated` one, the named roles' otherwise.
 */
export type CallerFor<Callers, A> = A extends 'public'
  ? Callers[keyof Callers] | null
  : A extends readonly (infer R extends keyof Callers)[]
    ? Callers[R]
    : Callers[keyof Callers];

type RouteOptions = {
  method: 'get' | 'post' | 'delete';
  path: string;
  /** Scanner bridges authenticate with a station token instead of a session (the station's scan route). */
  allowStationToken?: boolean;
  /** The request body is a raw stream (roll upload), not JSON. */
  rawBody?: boolean;
  /** A larger JSON body than the app's default (the electronic emargement of a large chamber). */
  bodyLimit?: string;
  input?: RouteInput;
  /**
   * A reserved route that a request without any credentials may also call, its handler then receiving null:
   * a logout, which has nothing to end (credentials that are refused are still refused).
   */
  anonymousToo?: boolean;
};

/** A route as written in a route table, its handler typed from its access (see routeDeclarer). */
export type RouteDeclaration<Ctx, Callers, A extends Access<keyof Callers & string>, Anonymous extends boolean> = RouteOptions & {
  access: A;
  anonymousToo?: Anonymous;
  handle(req: Request, res: Response, caller: Anonymous extends true ? CallerFor<Callers, A> | null : CallerFor<Callers, A>, ctx: Ctx): Promise<unknown>;
};

/**
 * A declared route as the route tables hold it and mountRoutes mounts it; the handler's caller type is
 * erased (mountRoutes hands each handler the caller its access promises).
 */
export type RouteSpec<Ctx = never, R extends string = string> = RouteOptions & {
  access: Access<R>;
  handle(req: Request, res: Response, caller: never, ctx: Ctx): Promise<unknown>;
};

/**
 * The `route` function of an app whose handlers receive `Ctx` and whose callers are `Callers`: it types each
 * handler's caller from the route's access, which is thus written once.
 */
export function routeDeclarer<Ctx, Callers>() {
  return <const A extends Access<keyof Callers & string>, Anonymous extends boolean = false>(
    declaration: RouteDeclaration<Ctx, Callers, A, Anonymous>,
  ): RouteSpec<Ctx, keyof Callers & string> => declaration;
}

/** How an app authenticates the callers of its routes; `Caller` is any of its callers, `R` its roles. */
export type Authenticator<Ctx, Caller, R extends string> = {
  /**
   * The caller of `route`: null when the request carries no credentials for it; throws an HttpError for
   * credentials it refuses (unknown token, expired session where the app says so).
   */
  identify(req: Request, route: RouteSpec<Ctx, R>, ctx: Ctx): Promise<Caller | null>;
  /** The 401 of a reserved route called without credentials. */
  unauthenticated(route: RouteSpec<Ctx, R>): HttpError;
  /** Refusals that come before the role check (the station's one-time password); throws an HttpError. */
  admit?(req: Request, caller: Caller): void;
  /** The roles a caller holds. */
  rolesOf(caller: Caller): readonly R[];
  /** The caller acting in `role`, the first role the route allows among those it holds. */
  actingAs(caller: Caller, role: R): Caller;
  /** Checks on every request that has a caller, reserved route or not: the CSRF token of a cookie session. */
  checkRequest(req: Request, caller: Caller): void;
  /** The name the request log shows for a caller; absent: none is logged (the platform's voters). */
  logName?(caller: Caller): string;
};

/**
 * The caller a route's handler is given, or the refusal: 401 without credentials on a reserved route (unless
 * `anonymousToo`), the app's own refusals (`admit`), 403 « Action réservée aux rôles » without an allowed
 * role, then the app's request checks (CSRF).
 */
export async function callerOf<Ctx, Caller, R extends string>(req: Request, res: Response, route: RouteSpec<Ctx, R>, ctx: Ctx, auth: Authenticator<Ctx, Caller, R>): Promise<Caller | null> {
  const found = await auth.identify(req, route, ctx);
  if (found && auth.logName) res.locals.actor = auth.logName(found);
  let caller: Caller | null = found;
  if (route.access !== 'public') {
    if (!found) {
      if (!route.anonymousToo) throw auth.unauthenticated(route);
    } else {
      auth.admit?.(req, found);
      if (route.access !== 'authenticated') {
        const allowed = route.access;
        const role = allowed.find((r) => auth.rolesOf(found).includes(r));
        if (!role) throw new HttpError(403, 'FORBIDDEN', reservedToRoles(allowed));
        caller = auth.actingAs(found, role);
      }
    }
  }
  if (found) auth.checkRequest(req, found);
  return caller;
}

/**
 * Mounts every route on `app`, in order: `before(route)` (body parsing and guards, as the app wants them),
 * then callerOf, then the handler, whose value (if any, and unless it answered itself) is sent as JSON.
 */
export function mountRoutes<Ctx, Caller, R extends string>(
  app: Express,
  routes: readonly RouteSpec<Ctx, R>[],
  ctx: Ctx,
  auth: Authenticator<Ctx, Caller, R>,
  before: (route: RouteSpec<Ctx, R>) => RequestHandler[] = () => [],
): void {
  for (const route of routes) {
    const handle = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const caller = await callerOf(req, res, route, ctx, auth);
        const result = await route.handle(req, res, caller as never, ctx);
        if (!res.headersSent && result !== undefined) res.json(result);
      } catch (e) {
        next(e);
      }
    };
    (app[route.method] as (path: string, ...h: RequestHandler[]) => void).call(app, route.path, ...before(route), handle);
  }
}

/** The value `schema` parses out of `value` (absent: an empty object), or a French 400 naming what is wrong. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw badRequest(parsed.error);
  return parsed.data;
}

/** Unwraps a service Result, turning an error value into the matching HTTP refusal. */
export function unwrap<T>(result: Result<T, { code: string; message: string; details?: unknown }>): T {
  if (!result.ok) throw fromServiceError(result.error);
  return result.value;
}
