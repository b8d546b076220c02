import type { Request } from 'express';
import { readCookie } from '@scrutin/server-kit/cookies.js';
import { HttpError } from '@scrutin/server-kit/http-error.js';
import { routeDeclarer, type Authenticator, type RouteSpec } from '@scrutin/server-kit/route.js';
import type { PlatformContext } from '../context.js';
import type { PlatformStaffRole } from '@scrutin/domain/roles.js';
import { findStaffSession, type Staff } from '../operations.js';
import { findVoterSession, VOTER_COOKIE, type VoterSession } from '../voting/sessions.js';

export const STAFF_COOKIE = 'scrutin_plateforme_agent';

/** What every platform route is handed: the platform's context and the options of the cookies it sets. */
export type PlatformHttp = { ctx: PlatformContext; cookieOptions: { httpOnly: true; sameSite: 'strict'; secure: boolean; path: '/' } };

/** A signed-in staff member, with the CSRF token of its session. */
export type StaffSession = Staff & { csrfToken: string };

/**
 * The platform's callers by role: a voter (cookie VOTER_COOKIE, booth) or a staff member in its role, one of the
 * domain's PLATFORM_STAFF_ROLES (cookie STAFF_COOKIE, staff page). The two never share a session: a route names
 * the roles it expects, a staff route those of PLATFORM_STAFF_RIGHTS that its action requires.
 */
type Callers = { voter: VoterSession } & Record<PlatformStaffRole, StaffSession>;
export type PlatformRole = keyof Callers;

/** A route of the platform's API, as the route tables (routes/*.ts) hold it; the fuzz test walks them. */
export type PlatformRoute = RouteSpec<PlatformHttp, PlatformRole>;

/** Declares a platform route; its handler's caller is typed from its access (server-kit/route.ts). */
export const route = routeDeclarer<PlatformHttp, Callers>();

/**
 * Whether `route` is reserved to voters, or to staff (any of the staff roles): the session it reads, the one the
 * fuzz test signs in with.
 */
export const expects = (route: PlatformRoute, who: 'voter' | 'staff'): boolean =>
  route.access !== 'public' && route.access !== 'authenticated' && route.access.some((r) => (who === 'voter' ? r === 'voter' : r !== 'voter'));

const unauthenticated = (route: PlatformRoute) =>
  new HttpError(401, 'UNAUTHENTICATED', expects(route, 'voter') ? 'Session expirée : reconnectez-vous avec votre identifiant.' : 'Session expirée : reconnectez-vous.');

/**
 * A voter route reads the voter's cookie, a staff route the staff member's: a cookie whose session is unknown
 * or expired is refused (401). Double submit: the CSRF token stored with the session must come back, on every
 * state-changing request, in a header no other site can set. Voters are not named in the request log
 * (personal data).
 */
export const platformAuthenticator: Authenticator<PlatformHttp, VoterSession | StaffSession, PlatformRole> = {
  async identify(req: Request, route, { ctx }) {
    const voter = expects(route, 'voter');
    if (!voter && !expects(route, 'staff')) return null;
    const token = readCookie(req, voter ? VOTER_COOKIE : STAFF_COOKIE);
    if (!token) return null;
    const session = voter ? await findVoterSession(ctx.db, token, ctx.now()) : await findStaffSession(ctx.db, token);
    if (!session) throw unauthenticated(route);
    return session;
  },
  unauthenticated,
  rolesOf: (caller) => ('voterId' in caller ? ['voter'] : [caller.role]),
  actingAs: (caller) => caller,
  checkRequest(req, caller) {
    if (req.method !== 'GET' && req.headers['x-csrf-token'] !== caller.csrfToken) throw new HttpError(403, 'CSRF', 'Jeton anti-falsification absent ou invalide : rechargez la page.');
  },
};
