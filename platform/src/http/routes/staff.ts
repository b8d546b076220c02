import { readCookie } from '@scrutin/server-kit/cookies.js';
import { HttpError } from '@scrutin/server-kit/http-error.js';
import { parse, unwrap } from '@scrutin/server-kit/route.js';
import { z } from 'zod';
import { closeVote } from '../../close/close.js';
import { latestEvents } from '../../events.js';
import { PLATFORM_STAFF_RIGHTS, PLATFORM_STAFF_ROLE_LABELS, PLATFORM_STAFF_ROLES } from '@scrutin/domain/roles.js';
import { checkStaff, createStaffSession, DEFAULT_SUSPENSION_MESSAGE, endStaffSession, openVote, resumeVote, suspendVote } from '../../operations.js';
import { staffLoginKeys, throttled } from '../login-limits.js';
import { route, STAFF_COOKIE, type PlatformRoute } from '../platform-route.js';

/** Enough for the staff page's journal; the whole log is digested into the closing seal. */
const JOURNAL_LENGTH = 100;

const staffLoginSchema = z.object({ login: z.string().max(40), password: z.string().max(200) });
const suspendSchema = z.object({ reason: z.string().min(3).max(2000), message: z.string().max(2000).optional() });
const resumeSchema = z.object({ decision: z.enum(['BALLOTS_KEPT', 'REFERRED_TO_COMMISSION']), decisionText: z.string().min(3).max(4000) });

/**
 * The staff page's API: sign in, the operations journal, open, suspend, resume and close the vote. Each action's
 * route is reserved to the roles PLATFORM_STAFF_RIGHTS gives it (403 « Action réservée aux rôles » otherwise); the
 * session and the journal to every staff role.
 */
export const staffRoutes: PlatformRoute[] = [
  route({
    method: 'post',
    path: '/api/staff/login',
    access: 'public',
    input: { body: staffLoginSchema },
    async handle(req, res, _caller, { ctx, cookieOptions }) {
      const body = parse(staffLoginSchema, req.body);
      const s = await throttled(ctx, res, staffLoginKeys(req.ip, body.login), () => checkStaff(ctx.db, body.login, body.password));
      if (!s) throw new HttpError(401, 'BAD_CREDENTIALS', 'Identifiant ou mot de passe incorrect.');
      const session = await createStaffSession(ctx.db, s);
      res.cookie(STAFF_COOKIE, session.token, cookieOptions);
      return { csrfToken: session.csrfToken, login: s.login, role: s.role };
    },
  }),
  // The CSRF token comes back so that a reloaded staff page can act again; no other site can read this answer.
  route({
    method: 'get',
    path: '/api/staff/me',
    access: PLATFORM_STAFF_ROLES,
    async handle(_req, _res, s) {
      return { login: s.login, role: s.role, roleLabel: PLATFORM_STAFF_ROLE_LABELS[s.role], csrfToken: s.csrfToken, defaultSuspensionMessage: DEFAULT_SUSPENSION_MESSAGE };
    },
  }),
  route({
    method: 'post',
    path: '/api/staff/logout',
    access: PLATFORM_STAFF_ROLES,
    anonymousToo: true,
    async handle(req, res, _staff, { ctx }) {
      const token = readCookie(req, STAFF_COOKIE);
      if (token) await endStaffSession(ctx.db, token);
      res.clearCookie(STAFF_COOKIE, { path: '/' });
      return { ok: true };
    },
  }),
  route({
    method: 'get',
    path: '/api/staff/events',
    access: PLATFORM_STAFF_ROLES,
    async handle(_req, _res, _staff, { ctx }) {
      return { events: await latestEvents(ctx.db, JOURNAL_LENGTH) };
    },
  }),
  route({
    method: 'post',
    path: '/api/staff/open',
    access: PLATFORM_STAFF_RIGHTS.open,
    handle: async (_req, _res, staff, { ctx }) => unwrap(await openVote(ctx.db, staff)),
  }),
  route({
    method: 'post',
    path: '/api/staff/suspend',
    access: PLATFORM_STAFF_RIGHTS.suspend,
    input: { body: suspendSchema },
    handle: async (req, _res, staff, { ctx }) => unwrap(await suspendVote(ctx, staff, parse(suspendSchema, req.body))),
  }),
  route({
    method: 'post',
    path: '/api/staff/resume',
    access: PLATFORM_STAFF_RIGHTS.resume,
    input: { body: resumeSchema },
    handle: async (req, _res, staff, { ctx }) => unwrap(await resumeVote(ctx, staff, parse(resumeSchema, req.body))),
  }),
  route({
    method: 'post',
    path: '/api/staff/close',
    access: PLATFORM_STAFF_RIGHTS.close,
    handle: async (_req, _res, staff, { ctx }) => ({ seal: unwrap(await closeVote(ctx, staff)).seal }),
  }),
];
