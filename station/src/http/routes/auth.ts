import type { Queryable } from '@scrutin/db';
import { z } from 'zod';
import { ROLE_LABELS } from '@scrutin/domain/roles.js';
import { stationIdSchema } from '@scrutin/domain/station-id.js';
import { MIN_PASSWORD_LENGTH } from '@scrutin/server-kit/password-policy.js';
import { changePassword, checkCredentials, closeSession, openSession, type Session } from '../../auth/users.js';
import { DEFAULT_TIME_ZONE } from '@scrutin/basics/calendar.js';
import { getElection } from '../../election/election.js';
import { SESSION_COOKIE, readCookie } from '@scrutin/server-kit/cookies.js';
import { HttpError } from '@scrutin/server-kit/errors.js';
import { attemptSucceeded } from '@scrutin/server-kit/store.js';
import { recordLoginFailure } from '../../auth/login-failures.js';
import { chargeAttempt } from '@scrutin/server-kit/login-limiter.js';
import { stationLoginKeys } from '../login-limits.js';
import { parse, unwrap } from '@scrutin/server-kit/route.js';
import { route, type StationRoute } from '../station-route.js';

const loginSchema = z.object({
  login: z.string().min(1).max(60),
  password: z.string().min(1).max(200),
  stationId: stationIdSchema.default('web'),
});
const passwordSchema = z.object({
  currentPassword: z.string().min(1, 'mot de passe actuel manquant').max(200),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH, `mot de passe de ${MIN_PASSWORD_LENGTH} caractères au moins`).max(200),
});

export const authRoutes: StationRoute[] = [
  route({
    method: 'post',
    path: '/api/auth/login',
    access: 'public',
    input: { body: loginSchema },
    async handle(req, res, _caller, ctx) {
      const input = parse(loginSchema, req.body);
      const keys = stationLoginKeys(req.ip, input.login);
      const delaysIfFailed = await chargeAttempt(ctx.db, res, 'login_attempt', keys, new Date());
      const user = await checkCredentials(ctx.db, input.login, input.password);
      if (!user) {
        // A failure that starts a wait says so in the journal, with the wait it imposes on which counter.
        const delays = delaysIfFailed.map((d) => ({ counter: d.key, seconds: Math.ceil(d.delayMs / 1000) }));
        // Bounded per minute (auth/login-failures.ts): a flood from many addresses is summed up, not written out.
        await recordLoginFailure(ctx.db, { userId: null, login: input.login.slice(0, 60), role: 'system', stationId: input.stationId }, {
          ip: req.ip,
          ...(delays.length > 0 ? { delays } : {}),
        });
        throw new HttpError(401, 'BAD_CREDENTIALS', 'Identifiant ou mot de passe incorrect.');
      }
      await attemptSucceeded(ctx.db, 'login_attempt', keys);
      const { token, session } = await openSession(ctx.db, user, input.stationId);
      res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: session.expiresAt });
      return sessionView(session, ctx.db);
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/logout',
    access: 'authenticated',
    async handle(req, res, caller, ctx) {
      const token = readCookie(req, SESSION_COOKIE);
      if (token) await closeSession(ctx.db, token, caller.actor);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  }),
  route({
    method: 'get',
    path: '/api/session',
    access: 'authenticated',
    async handle(_req, _res, caller, ctx) {
      const c = caller;
      if (!c.session) throw new HttpError(400, 'NO_SESSION', 'Pas de session avec un jeton de poste.');
      return sessionView(c.session, ctx.db);
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/password',
    access: 'authenticated',
    input: { body: passwordSchema },
    async handle(req, res, caller, ctx) {
      const c = caller;
      const input = parse(passwordSchema, req.body);
      // The current password is a password attempt like a login: a session left open must not become a way to guess it.
      const keys = stationLoginKeys(req.ip, c.actor.login);
      await chargeAttempt(ctx.db, res, 'login_attempt', keys, new Date());
      const changed = await changePassword(ctx.db, c.actor, { userId: c.actor.userId!, ...input, keepSession: readCookie(req, SESSION_COOKIE) });
      if (changed.ok || changed.error.code !== 'WRONG_PASSWORD') await attemptSucceeded(ctx.db, 'login_attempt', keys);
      return unwrap(changed);
    },
  }),
];

/** The session as the dashboard sees it, with the election's zone in which it shows every time. */
async function sessionView(s: Session, db: Queryable) {
  return {
    user: { ...s.user, roleLabels: s.user.roles.map((r) => ROLE_LABELS[r]) },
    csrfToken: s.csrfToken,
    stationId: s.stationId,
    expiresAt: s.expiresAt.toISOString(),
    timeZone: (await getElection(db))?.timeZone ?? DEFAULT_TIME_ZONE,
  };
}
