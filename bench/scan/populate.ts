import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '@scrutin/db';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { createUser } from '@scrutin/station/auth/users.js';
import { makeBarcode } from '@scrutin/domain/barcode.js';
import { createElection, getElectionSecret } from '@scrutin/station/election/election.js';
import { issueStationToken } from '@scrutin/station/scanning/stations.js';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/**
 * An election ready to scan: `rights` rights in bulk (SQL for the voters, barcodes made by
 * the station's own makeBarcode), `electronicShare` of them electronically emarged, state
 * EMARGEMENT_LOADED, and one station token per simulated station. The lifecycle (roll
 * import, seal, signed import) is skipped: the benchmark measures scanning, not setup.
 */
export async function populate(db: Db, options: { rights: number; electronicShare: number; stations: number }): Promise<{ tokens: string[]; barcodes: (id: number) => string; electronic: (id: number) => boolean }> {
  const definition = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'election.json'), 'utf8')) as Record<string, unknown>;
  const created = await createElection(db, SYSTEM_ACTOR(), { ...definition, voteOpensAt: new Date(Date.now() - 10 * 86400_000).toISOString(), voteClosesAt: new Date(Date.now() - 60_000).toISOString() });
  if (!created.ok) throw new Error(created.error.message);
  const { election, secret } = (await getElectionSecret(db))!;
  const units = (await db.query<{ category_code: string; code: string }>('SELECT category_code, code FROM subcategory ORDER BY category_code, code')).rows;

  await db.query(
    `INSERT INTO voter (id, voter_number, last_name, first_names) SELECT g, 'E' || lpad(g::text, 8, '0'), 'Nom' || g, 'Prénom' FROM generate_series(1, $1::int) g`,
    [options.rights],
  );
  const BATCH = 50_000;
  for (let start = 1; start <= options.rights; start += BATCH) {
    const ids: number[] = [];
    const codes: string[] = [];
    for (let id = start; id < Math.min(start + BATCH, options.rights + 1); id++) {
      ids.push(id);
      codes.push(makeBarcode(secret, election.code, id));
    }
    await db.query(
      `INSERT INTO voting_right (id, voter_id, category_code, subcategory_code, barcode, line_number)
       SELECT x.id, x.id, ($3::text[])[1 + x.id % $5], ($4::text[])[1 + x.id % $5], x.code, x.id
       FROM unnest($1::bigint[], $2::text[]) AS x(id, code)`,
      [ids, codes, units.map((u) => u.category_code), units.map((u) => u.code), units.length],
    );
  }
  const threshold = Math.round(options.electronicShare * 1000);
  await db.query(`INSERT INTO electronic_emargement (right_id, voted_at) SELECT id, now() - interval '2 days' FROM voting_right WHERE (id * 7919) % 1000 < $1`, [threshold]);
  await db.query("UPDATE election SET state = 'EMARGEMENT_LOADED'");
  await db.query('ANALYZE');

  const agent = await createUser(db, SYSTEM_ACTOR(), { login: 'numerisation', displayName: 'Agent de numérisation', roles: ['scanning_agent'] });
  if (!agent.ok) throw new Error(agent.error.message);
  const tokens: string[] = [];
  for (let i = 0; i < options.stations; i++) {
    const issued = await issueStationToken(db, SYSTEM_ACTOR(), { id: `POSTE-${String(i).padStart(2, '0')}`, label: `Poste ${i}`, agentLogin: 'numerisation' });
    if (!issued.ok) throw new Error(issued.error.message);
    tokens.push(issued.value.token);
  }
  return { tokens, barcodes: (id) => makeBarcode(secret, election.code, id), electronic: (id) => (id * 7919) % 1000 < threshold };
}
