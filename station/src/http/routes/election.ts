import { Readable } from 'node:stream';
import { z } from 'zod';
import { listCandidates, addCandidate, removeCandidate, validateCandidates, candidateInputSchema } from '../../candidates/candidates.js';
import { STATE_LABELS, TRANSITIONS } from '@scrutin/domain/lifecycle.js';
import { advanceElection, advanceSchema } from '../../lifecycle/advance.js';
import { electionDefinitionSchema } from '@scrutin/contract/election-definition.js';
import { createElection, getElection, listUrns } from '../../election/election.js';
import { getRollReport, importRoll, validateRoll } from '../../roll/import.js';
import { withdrawRight, withdrawalSchema } from '../../roll/withdrawal.js';
import { getSeal } from '../../scanning/seal.js';
import { HttpError } from '@scrutin/server-kit/errors.js';
import { parse, unwrap } from '@scrutin/server-kit/route.js';
import { route, type StationRoute } from '../station-route.js';
import * as store from '../../store/index.js';

async function drain(req: NodeJS.ReadableStream & { readableEnded?: boolean; destroyed?: boolean }): Promise<void> {
  if (req.readableEnded || req.destroyed) return;
  await new Promise<void>((resolve) => {
    req.on('end', resolve).on('error', () => resolve()).on('close', resolve);
    req.resume();
  });
}

const ALL_TRANSITION_ROLES = [...new Set(TRANSITIONS.flatMap((t) => t.roles))];
// A missing, empty or repeated fileName falls back to a generic name: it is only recorded in the report.
const rollQuery = z.object({ fileName: z.string().min(1).max(200).catch('liste.csv') });
const rollValidationBody = z.object({ fileSha256: z.string().regex(/^[0-9a-f]{64}$/, 'empreinte SHA-256 attendue') });
const candidateParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

export const electionRoutes: StationRoute[] = [
  route({
    method: 'get',
    path: '/api/election',
    access: 'authenticated',
    async handle(_req, _res, _caller, ctx) {
      const election = await getElection(ctx.db);
      if (!election) return { election: null };
      return {
        election: { ...election, stateLabel: STATE_LABELS[election.state] },
        urns: await listUrns(ctx.db),
        seal: await getSeal(ctx.db),
        transitions: TRANSITIONS.filter((t) => t.from === election.state).map((t) => ({ to: t.to, roles: t.roles, label: t.label })),
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/election',
    access: ['admin'],
    input: { body: electionDefinitionSchema },
    async handle(req, res, caller, ctx) {
      const election = unwrap(await createElection(ctx.db, caller.actor, req.body));
      res.status(201);
      return { election };
    },
  }),
  route({
    method: 'post',
    path: '/api/election/transition',
    access: ALL_TRANSITION_ROLES,
    input: { body: advanceSchema },
    async handle(req, _res, caller, ctx) {
      const c = caller;
      const { storage, ...election } = unwrap(await advanceElection(ctx.db, c.actor, c.roles, parse(advanceSchema, req.body)));
      ctx.events.publish('counters');
      // To PURGED, what the rewriting of the files achieved, as POST /api/purge answers it (docs/api-counting.md).
      return { election: { ...election, stateLabel: STATE_LABELS[election.state] }, ...(storage ? { storage } : {}) };
    },
  }),
  route({
    method: 'post',
    path: '/api/roll',
    access: ['admin'],
    rawBody: true,
    input: { query: rollQuery },
    async handle(req, res, caller, ctx) {
      const { fileName } = parse(rollQuery, req.query);
      const result = await importRoll(ctx.db, caller.actor, Readable.from(req) as AsyncIterable<Buffer>, { fileName });
      // A refusal may come before the upload ends (frozen roll, bad header): read the rest,
      // or the client sees its connection reset instead of the French answer.
      await drain(req);
      if (!result.ok) {
        throw new HttpError(422, 'ROLL_REFUSED', `Liste électorale refusée : ${result.error.length} erreur(s). Rien n'a été importé.`, result.error);
      }
      res.status(201);
      return { report: result.value };
    },
  }),
  route({
    method: 'get',
    path: '/api/roll/report',
    access: 'authenticated',
    async handle(_req, _res, _caller, ctx) {
      return { report: await getRollReport(ctx.db) };
    },
  }),
  route({
    method: 'post',
    path: '/api/roll/validate',
    access: ['prefecture'],
    input: { body: rollValidationBody },
    async handle(req, _res, caller, ctx) {
      const { fileSha256 } = parse(rollValidationBody, req.body);
      return { report: unwrap(await validateRoll(ctx.db, caller.actor, fileSha256)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/rights/withdrawal',
    access: ['admin', 'president'],
    input: { body: withdrawalSchema },
    async handle(req, _res, caller, ctx) {
      return unwrap(await withdrawRight(ctx.db, caller.actor, parse(withdrawalSchema, req.body)));
    },
  }),
  route({
    method: 'get',
    path: '/api/candidates',
    access: 'authenticated',
    async handle(_req, _res, _caller, ctx) {
      const validated = await store.candidates.getCandidatesValidation(ctx.db);
      return { candidates: await listCandidates(ctx.db), validation: validated ?? null };
    },
  }),
  route({
    method: 'post',
    path: '/api/candidates',
    access: ['agent'],
    input: { body: candidateInputSchema },
    async handle(req, res, caller, ctx) {
      const candidate = unwrap(await addCandidate(ctx.db, caller.actor, req.body));
      res.status(201);
      return { candidate };
    },
  }),
  route({
    method: 'delete',
    path: '/api/candidates/:id',
    access: ['agent'],
    input: { params: candidateParams },
    async handle(req, _res, caller, ctx) {
      const { id } = parse(candidateParams, req.params);
      unwrap(await removeCandidate(ctx.db, caller.actor, id));
      return { ok: true };
    },
  }),
  route({
    method: 'post',
    path: '/api/candidates/validate',
    access: ['prefecture'],
    async handle(_req, _res, caller, ctx) {
      return unwrap(await validateCandidates(ctx.db, caller.actor));
    },
  }),
];
