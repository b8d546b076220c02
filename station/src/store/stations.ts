/** Scanning stations (table station): each bound to one agent's account and a scanner bridge's bearer token (its hash). */
import type { Queryable } from '@scrutin/db';

/** The active account with this login (its id and roles), the agent a station acts as; undefined when none. */
export async function findActiveAgent(tx: Queryable, login: string): Promise<{ id: number; roles: string[] } | undefined> {
  const agent = await tx.query<{ id: number; roles: string[] }>('SELECT id, roles FROM app_user WHERE login = $1 AND active', [login]);
  return agent.rows[0];
}

/** Creates the station or replaces its label, token hash and agent (ON CONFLICT (id) DO UPDATE: the old token stops working). */
export async function upsertStation(tx: Queryable, station: { id: string; label: string; tokenHash: string; agentId: number }): Promise<void> {
  await tx.query(
    `INSERT INTO station (id, label, token_hash, agent_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, token_hash = EXCLUDED.token_hash, agent_id = EXCLUDED.agent_id`,
    [station.id, station.label, station.tokenHash, station.agentId],
  );
}

/** The station whose token has this hash, with its agent, while the agent's account is active; undefined otherwise. */
export async function findStationByTokenHash(db: Queryable, hash: string): Promise<{ id: string; agent_id: number; login: string } | undefined> {
  const { rows } = await db.query<{ id: string; agent_id: number; login: string }>(
    'SELECT s.id, s.agent_id, u.login FROM station s JOIN app_user u ON u.id = s.agent_id WHERE s.token_hash = $1 AND u.active',
    [hash],
  );
  return rows[0];
}
