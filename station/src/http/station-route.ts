import type { Db } from '@scrutin/db';
import type { Logger } from 'pino';
import { routeDeclarer, type RouteSpec } from '@scrutin/server-kit/route.js';
import type { Actor, Role } from '@scrutin/domain/roles.js';
import type { Session } from '../auth/users.js';
import type { EventHub } from './events.js';

/**
 * What every route is handed: the database, the logger, the live-event hub, the software version, and
 * `bundleDir`, the private folder where POST /api/freeze writes its sealed bundles (inside the data folder
 * by default, never a path taken from a request).
 */
export type Context = { db: Db; log: Logger; events: EventHub; version: string; bundleDir: string; urnWorkers: number };

/**
 * Who calls a station route: a signed-in account (`session`) or a scanner bridge's station token
 * (`viaToken`, no session). On a route reserved to roles, `actor.role` is the first of the route's roles
 * that the caller holds; elsewhere, the first of its roles.
 */
export type Caller = { session: Session | null; actor: Actor; roles: Role[]; viaToken: boolean };

/** A route of the station's API, as the route tables (routes/*.ts) hold it. */
export type StationRoute = RouteSpec<Context, Role>;

/** Declares a station route; its handler's caller is typed from its access (server-kit/route.ts). */
export const route = routeDeclarer<Context, Record<Role, Caller>>();
