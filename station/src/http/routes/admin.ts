import { ROLES, ROLE_LABELS } from '@scrutin/domain/roles.js';
import { z } from 'zod';
import { createUser, deactivateUser, listUsers, newUserSchema, resetPassword } from '../../auth/users.js';
import { verifyJournal } from '../../journal/verify.js';
import { approvalSchema, listApprovals, recordApproval } from '../../scanning/seal.js';
import { issueStationToken, stationInputSchema } from '../../scanning/stations.js';
import { parse, unwrap } from '@scrutin/server-kit/route.js';
import { route, type StationRoute } from '../station-route.js';

const loginParam = z.object({ login: z.string().min(1).max(60) });

export const adminRoutes: StationRoute[] = [
  route({
    method: 'get',
    path: '/api/users',
    access: ['admin'],
    async handle(_req, _res, _caller, ctx) {
      return { users: await listUsers(ctx.db), roles: ROLES.map((r) => ({ role: r, label: ROLE_LABELS[r] })) };
    },
  }),
  route({
    method: 'post',
    path: '/api/users',
    access: ['admin'],
    input: { body: newUserSchema },
    async handle(req, res, caller, ctx) {
      const created = unwrap(await createUser(ctx.db, caller.actor, parse(newUserSchema, req.body)));
      res.status(201);
      return created;
    },
  }),
  route({
    method: 'post',
    path: '/api/users/:login/deactivate',
    access: ['admin'],
    async handle(req, _res, caller, ctx) {
      return unwrap(await deactivateUser(ctx.db, caller.actor, parse(loginParam, req.params).login));
    },
  }),
  route({
    method: 'post',
    path: '/api/users/:login/reset-password',
    access: ['admin'],
    async handle(req, _res, caller, ctx) {
      return unwrap(await resetPassword(ctx.db, caller.actor, parse(loginParam, req.params).login));
    },
  }),
  route({
    method: 'post',
    path: '/api/stations',
    access: ['admin'],
    input: { body: stationInputSchema },
    async handle(req, res, caller, ctx) {
      const issued = unwrap(await issueStationToken(ctx.db, caller.actor, parse(stationInputSchema, req.body)));
      res.status(201);
      return issued;
    },
  }),
  route({
    method: 'get',
    path: '/api/approvals',
    access: 'authenticated',
    async handle(_req, _res, _caller, ctx) {
      return { approvals: await listApprovals(ctx.db) };
    },
  }),
  route({
    method: 'post',
    path: '/api/approvals',
    access: ['oversight_cell'],
    input: { body: approvalSchema },
    async handle(req, res, caller, ctx) {
      const created = await recordApproval(ctx.db, caller.actor, parse(approvalSchema, req.body));
      res.status(201);
      return created;
    },
  }),
  route({
    method: 'get',
    path: '/api/journal/verify',
    access: ['admin', 'president', 'prefecture', 'oversight_cell'],
    async handle(_req, _res, _caller, ctx) {
      return verifyJournal(ctx.db);
    },
  }),
];
