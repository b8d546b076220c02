import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '@scrutin/domain/roles.js';
import { tokenHash } from '../auth/users.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { stationIdSchema } from '@scrutin/domain/station-id.js';
import { appendJournal } from '../journal/journal.js';
import * as store from '../store/index.js';

export const stationInputSchema = z.object({
  id: stationIdSchema,
  label: z.string().trim().min(1).max(80),
  agentLogin: z.string().min(2),
});

export type StationRef = { id: string; agentId: number; agentLogin: string };

/** Issues (or reissues) the bearer token a scanner bridge uses for this station, acting as its agent. */
export async function issueStationToken(db: Db, actor: Actor, input: z.infer<typeof stationInputSchema>): Promise<Result<{ stationId: string; token: string }, { code: string; message: string }>> {
  const token = `st_${randomBytes(24).toString('base64url')}`;
  return db.transaction(async (tx) => {
    const user = await store.stations.findActiveAgent(tx, input.agentLogin);
    if (!user) return err({ code: 'NOT_FOUND', message: `Aucun compte « ${input.agentLogin} ».` });
    if (!user.roles.includes('scanning_agent')) return err({ code: 'INVALID', message: `Le compte « ${input.agentLogin} » n'a pas le rôle agent de numérisation.` });
    await store.stations.upsertStation(tx, { id: input.id, label: input.label, tokenHash: tokenHash(token), agentId: user.id });
    await appendJournal(tx, actor, 'station.token', { stationId: input.id, agentLogin: input.agentLogin });
    return ok({ stationId: input.id, token });
  });
}

export async function findStationByToken(db: Queryable, hash: string): Promise<StationRef | null> {
  const r = await store.stations.findStationByTokenHash(db, hash);
  return r ? { id: r.id, agentId: Number(r.agent_id), agentLogin: r.login } : null;
}
