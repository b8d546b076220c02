import { z } from 'zod';
import { ROLE_LABELS } from '../../auth/roles.js';
import { stationIdSchema } from '../../domain/station-id.js';
import { changePassword, checkCredentials, closeSession, openSession, type Session } from '../../auth/users.js';
import { appendJournal } from '../../journal/journal.js';
import { SESSION_COOKIE, readCookie } from '../cookies.js';
import { HttpError } from '../errors.js';
import { LoginLimiter } from '../login-limiter.js';
import { parse, requireCaller, type RouteSpec } from '../route.js';

const loginSchema = z.object({
  login: z.string().min(1).max(60),
  password: z.string().min(1).max(200),
  stationId: stationIdSchema.default('web'),
});
const passwordSchema = z.object({ newPassword: z.string().min(12, 'mot de passe de 12 caractères au moins').max(200) });

const limiter = new LoginLimiter();

export const authRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/auth/login',
    access: 'public',
    async handle(req, res, _caller, ctx) {
      const input = parse(loginSchema, req.body);
      const key = `${req.ip}|${input.login}`;
      const wait = limiter.waitFor(key);
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        throw new HttpError(429, 'TOO_MANY_ATTEMPTS', `Trop d’essais : réessayez dans ${Math.ceil(wait / 1000)} s.`);
      }
      const user = await checkCredentials(ctx.db, input.login, input.password);
      if (!user) {
        limiter.failure(key);
        await ctx.db.transaction((tx) =>
          appendJournal(tx, { userId: null, login: input.login.slice(0, 60), role: 'system', stationId: input.stationId }, 'session.login_failed', { ip: req.ip }),
        );
        throw new HttpError(401, 'BAD_CREDENTIALS', 'Identifiant ou mot de passe incorrect.');
      }
      limiter.success(key);
      const { token, session } = await openSession(ctx.db, user, input.stationId);
      res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: session.expiresAt });
      return sessionView(session);
    },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    access: 'authenticated',
    async handle(req, res, caller, ctx) {
      const token = readCookie(req, SESSION_COOKIE);
      if (token) await closeSession(ctx.db, token, requireCaller(caller).actor);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  },
  {
    method: 'get',
    path: '/api/session',
    access: 'authenticated',
    async handle(_req, _res, caller) {
      const c = requireCaller(caller);
      if (!c.session) throw new HttpError(400, 'NO_SESSION', 'Pas de session avec un jeton de poste.');
      return sessionView(c.session);
    },
  },
  {
    method: 'post',
    path: '/api/auth/password',
    access: 'authenticated',
    async handle(req, _res, caller, ctx) {
      const c = requireCaller(caller);
      const input = parse(passwordSchema, req.body);
      await changePassword(ctx.db, c.actor, c.actor.userId!, input.newPassword);
      return { ok: true };
    },
  },
];

function sessionView(s: Session) {
  return {
    user: { ...s.user, roleLabels: s.user.roles.map((r) => ROLE_LABELS[r]) },
    csrfToken: s.csrfToken,
    stationId: s.stationId,
    expiresAt: s.expiresAt.toISOString(),
  };
}
