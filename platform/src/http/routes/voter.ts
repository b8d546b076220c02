import { readCookie } from '@scrutin/server-kit/cookies.js';
import { HttpError } from '@scrutin/server-kit/http-error.js';
import { parse } from '@scrutin/server-kit/route.js';
import { z } from 'zod';
import { unitsOfRight } from '../../context.js';
import { castVote, rightsOfVoter } from '../../voting/ballot-box.js';
import { endVoterSession, LOGIN_REFUSED, loginVoter, VOTER_COOKIE } from '../../voting/sessions.js';
import { throttled, voterLoginKeys } from '../login-limits.js';
import { route, type PlatformRoute } from '../platform-route.js';
import * as store from '../../store/index.js';

const loginSchema = z.object({ identifier: z.string().max(40), password: z.string().max(64), birthDate: z.iso.date('date de naissance au format AAAA-MM-JJ') });
const voteSchema = z.object({ rightId: z.number().int().positive(), ballots: z.array(z.unknown()).min(1).max(8) });

/** The booth's API: a voter signs in with the letter's credentials and birth date, reads the ballot, votes. */
export const voterRoutes: PlatformRoute[] = [
  route({
    method: 'post',
    path: '/api/login',
    access: 'public',
    input: { body: loginSchema },
    async handle(req, res, _caller, { ctx, cookieOptions }) {
      const body = parse(loginSchema, req.body);
      const session = await throttled(ctx, res, voterLoginKeys(req.ip, body.identifier), async () => {
        const r = await loginVoter(ctx.db, body, ctx.now());
        return r.ok ? r.value : null;
      });
      if (!session) throw new HttpError(401, 'BAD_CREDENTIALS', LOGIN_REFUSED);
      res.cookie(VOTER_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
      return { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  }),
  route({
    method: 'post',
    path: '/api/logout',
    access: ['voter'],
    anonymousToo: true,
    async handle(req, res, _voter, { ctx }) {
      const token = readCookie(req, VOTER_COOKIE);
      if (token) await endVoterSession(ctx.db, token);
      res.clearCookie(VOTER_COOKIE, { path: '/' });
      return { ok: true };
    },
  }),
  route({
    method: 'get',
    path: '/api/ballot',
    access: ['voter'],
    async handle(_req, _res, session, { ctx }) {
      const e = await ctx.election();
      if (!e) throw new HttpError(409, 'NOT_LOADED', 'La plateforme n’est pas chargée.');
      const person = await store.voters.findVoterName(ctx.db, session.voterId);
      const rights = await rightsOfVoter(ctx, session.voterId);
      return {
        voter: { name: [person?.civility, person?.first_names, person?.last_name].filter(Boolean).join(' ') },
        election: { code: e.code, name: e.name, chamber: e.chamber, closesAt: e.closesAt.toISOString(), timeZone: e.timeZone },
        manifest: e.manifest,
        electionKey: e.header.electionKey,
        manifestFingerprint: e.header.manifestFingerprint,
        rights: rights.map((r) => ({
          id: r.id,
          label: r.label,
          voted: r.voted,
          withdrawn: r.withdrawn,
          contests: unitsOfRight(e, r).map((u) => ({
            urnId: u.urnId,
            contestName: u.contestName,
            label: u.label,
            seats: u.seats,
            candidates: e.candidates.filter((c) => c.urnId === u.urnId).map((c) => ({ index: c.position, name: `${c.lastName} ${c.firstNames}`, profession: c.profession, substitute: c.substitute })),
          })),
        })),
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/vote',
    access: ['voter'],
    input: { body: voteSchema },
    async handle(req, _res, session, { ctx }) {
      const body = parse(voteSchema, req.body);
      const r = await castVote(ctx, session.voterId, body);
      if (!r.ok) throw new HttpError(r.error.code === 'ALREADY_VOTED' || r.error.code === 'CLOSED' || r.error.code === 'DUPLICATE_BALLOT' ? 409 : 422, r.error.code, r.error.message, r.error.details);
      return { receipt: r.value };
    },
  }),
];
