import type { Request, Response } from 'express';
import type { Db } from '@scrutin/db';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Actor, Role } from '../auth/roles.js';
import type { Session } from '../auth/users.js';
import { err, type Result } from '../basics/result.js';
import type { EventHub } from './events.js';
import { badRequest, fromServiceError, HttpError } from './errors.js';

/**
 * What every route is handed: the database, the logger, the live-event hub, the software version, and
 * `bundleDir`, the private folder where POST /api/freeze writes its sealed bundles (inside the data folder
 * by default, never a path taken from a request), and `urnWorkers`, the worker threads that check an urn's
 * ballots (SCRUTIN_URN_WORKERS).
 */
export type Context = { db: Db; log: Logger; events: EventHub; version: string; bundleDir: string; urnWorkers: number };

export type Caller = { session: Session | null; actor: Actor; roles: Role[]; viaToken: boolean };

/** Who may call a route: nobody signed in, anyone signed in, or the named roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export type RouteSpec = {
  method: 'get' | 'post' | 'delete';
  path: string;
  access: Access;
  /** Scanner bridges authenticate with a station token instead of a session. */
  allowStationToken?: boolean;
  /** The request body is a raw stream (roll upload), not JSON. */
  rawBody?: boolean;
  /** A larger JSON body than the default 2 MB (the electronic emargement of a large chamber). */
  bodyLimit?: string;
  /**
   * The zod schemas the handler parses its path parameters, query and JSON body with (the same constants):
   * the documentation of what a route accepts, and what the fuzz test (test/src/fuzz.test.ts) derives its inputs from.
   */
  input?: RouteInput;
  handle: (req: Request, res: Response, caller: Caller | null, ctx: Context) => Promise<unknown>;
};

export type RouteInput = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };

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

export function requireCaller(caller: Caller | null): Caller {
  if (!caller) throw new HttpError(401, 'UNAUTHENTICATED', 'Connexion requise.');
  return caller;
}

/** The actor for the journal, with the first of the caller's roles that the route allows. */
export function actorFor(caller: Caller, allowed: readonly Role[]): Actor {
  const role = allowed.find((r) => caller.roles.includes(r)) ?? caller.roles[0] ?? 'viewer';
  return { ...caller.actor, role };
}

export const refuse = (code: string, message: string) => err({ code, message });
