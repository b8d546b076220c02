import { z } from 'zod';
import { readCounters, listEmargement, emargementCsv } from '../../scanning/counters.js';
import { importElectronicEmargement } from '../../scanning/electronic-emargement.js';
import {
  confirmElectronicPriority,
  confirmSchema,
  incidentSchema,
  listDecisions,
  listIncidents,
  listSetAside,
  recordIncident,
  reversalSchema,
  reverseDecision,
} from '../../scanning/president.js';
import { scan, scanRequestSchema, storedAnswer } from '../../scanning/scan.js';
import { parse, unwrap } from '@scrutin/server-kit/route.js';
import { route, type StationRoute } from '../station-route.js';
import * as store from '../../store/index.js';

const BUREAU = ['president', 'member'] as const;
const recentQuery = z.object({ station: z.string().max(40).optional() });
const signedFileBody = z.object({ file: z.string().min(2).max(200_000_000), signature: z.string().min(2).max(10_000) });
// A format that is not csv, or given twice, falls back to JSON: the answer is then still readable.
const emargementQuery = z.object({ format: z.enum(['json', 'csv']).catch('json') });
const queueQuery = z.object({ verdict: z.string().max(40).optional() });

export const scanningRoutes: StationRoute[] = [
  route({
    method: 'get',
    path: '/api/health',
    access: 'public',
    async handle(_req, _res, _caller, ctx) {
      await store.database.ping(ctx.db);
      return { status: 'ok', database: ctx.db.kind, version: ctx.version };
    },
  }),
  route({
    method: 'post',
    path: '/api/scans',
    access: ['scanning_agent'],
    allowStationToken: true,
    input: { body: scanRequestSchema },
    async handle(req, _res, caller, ctx) {
      const answer = unwrap(await scan(ctx.db, caller.actor, parse(scanRequestSchema, req.body)));
      if (!answer.replayed) ctx.events.publish('counters');
      return answer;
    },
  }),
  route({
    method: 'get',
    path: '/api/scans/recent',
    access: ['scanning_agent', 'president', 'member', 'viewer'],
    input: { query: recentQuery },
    async handle(req, _res, caller, ctx) {
      const station = parse(recentQuery, req.query).station ?? caller.actor.stationId;
      const rows = await store.recentScans.recentScansOfStation(ctx.db, station);
      return { scans: rows.map((r) => storedAnswer(r, false)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/counters',
    access: 'authenticated',
    async handle(_req, _res, _caller, ctx) {
      return readCounters(ctx.db);
    },
  }),
  route({
    method: 'get',
    path: '/api/events',
    access: 'authenticated',
    async handle(_req, res, _caller, ctx) {
      ctx.events.attach(res);
      return undefined;
    },
  }),
  route({
    method: 'post',
    path: '/api/electronic-emargement',
    access: ['president', 'admin'],
    bodyLimit: '200mb',
    input: { body: signedFileBody },
    async handle(req, _res, caller, ctx) {
      const c = caller;
      const body = parse(signedFileBody, req.body);
      const result = await importElectronicEmargement(ctx.db, c.actor, c.roles, new TextEncoder().encode(body.file), body.signature);
      ctx.events.publish('counters');
      return unwrap(result);
    },
  }),
  route({
    method: 'get',
    path: '/api/emargement',
    access: ['president', 'member', 'prefecture', 'admin'],
    input: { query: emargementQuery },
    async handle(req, res, _caller, ctx) {
      const { format } = parse(emargementQuery, req.query);
      const entries = await listEmargement(ctx.db);
      if (format === 'csv') {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', 'attachment; filename="liste-emargement.csv"');
        res.send('\uFEFF' + emargementCsv(entries));
        return undefined;
      }
      return { entries };
    },
  }),
  route({
    method: 'get',
    path: '/api/president/queue',
    access: BUREAU,
    input: { query: queueQuery },
    async handle(req, _res, _caller, ctx) {
      const { verdict } = parse(queueQuery, req.query);
      return { envelopes: await listSetAside(ctx.db, verdict ? { verdict } : {}), decisions: await listDecisions(ctx.db) };
    },
  }),
  route({
    method: 'post',
    path: '/api/president/confirm',
    access: ['president'],
    input: { body: confirmSchema },
    async handle(req, _res, caller, ctx) {
      const result = unwrap(await confirmElectronicPriority(ctx.db, caller.actor, parse(confirmSchema, req.body)));
      ctx.events.publish('counters');
      return result;
    },
  }),
  route({
    method: 'post',
    path: '/api/president/reverse',
    access: ['president'],
    input: { body: reversalSchema },
    async handle(req, _res, caller, ctx) {
      const result = unwrap(await reverseDecision(ctx.db, caller.actor, parse(reversalSchema, req.body)));
      ctx.events.publish('counters');
      return result;
    },
  }),
  route({
    method: 'get',
    path: '/api/incidents',
    access: 'authenticated',
    async handle(_req, _res, _caller, ctx) {
      return { incidents: await listIncidents(ctx.db) };
    },
  }),
  route({
    method: 'post',
    path: '/api/incidents',
    access: BUREAU,
    input: { body: incidentSchema },
    async handle(req, res, caller, ctx) {
      const created = await recordIncident(ctx.db, caller.actor, parse(incidentSchema, req.body));
      res.status(201);
      return created;
    },
  }),
];

