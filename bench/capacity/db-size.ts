// Database size and WAL (what the synchronous standby receives) per ballot, for docs/capacity.md: N voters
// vote every right through castVote (proofs checked, emargements and ballots written by the anonymity batcher) on a fresh
// PostgreSQL database; prints JSON. Sizes do not depend on the machine's load, unlike the timings.
// Usage: npx tsx bench/capacity/db-size.ts [voters=300] [candidates=10]
import { loadavg } from 'node:os';
import { createServerDatabase } from '@scrutin/test/databases.js';
import { openPlatformDatabase } from '@scrutin/platform/database.js';
import { createContext, unitsOfRight } from '@scrutin/platform/context.js';
import { encryptForUrns } from '@scrutin/platform/testing';
import { openedBenchElection } from '../platform-election.js';
import { castVote } from '@scrutin/platform/voting/ballot-box.js';

const voters = Number(process.argv[2] ?? 300);
const candidates = Number(process.argv[3] ?? 10);

const server = await createServerDatabase();
const db = await openPlatformDatabase({ url: server.url, poolSize: 4 });
try {
  const { file, ceremony } = await openedBenchElection(db, voters, candidates);
  // The last, partial batch is written after 100 ms instead of waiting for 8 votes or 20 s.
  const ctx = createContext(db, undefined, 'direct', { minimum: 1, timerMs: 100 });
  const election = (await ctx.election())!;
  const size = async () => {
    const r = await db.query<{ ballots: number; emargement: number; database: number; wal: string }>(
      "SELECT pg_total_relation_size('urn.ballot')::int8 AS ballots, pg_total_relation_size('voter_file.emargement')::int8 AS emargement, pg_database_size(current_database())::int8 AS database, pg_current_wal_lsn()::text AS wal",
    );
    return r.rows[0]!;
  };
  await db.exec('CHECKPOINT');
  const before = await size();
  let ballots = 0;
  let rights = 0;
  // Votes go in as the platform writes them, in anonymity batches: 32 at a time, so that each batch is full.
  const votes = file.voters.flatMap((v) =>
    v.rights.map((r) => ({ voterId: v.id, rightId: r.id, ballots: encryptForUrns(election, ceremony.key, unitsOfRight(election, r).map((u) => ({ urnId: u.urnId, marks: [v.id % candidates] }))) })),
  );
  for (let i = 0; i < votes.length; i += 32) {
    await Promise.all(
      votes.slice(i, i + 32).map(async (v) => {
        const cast = await castVote(ctx, v.voterId, { rightId: v.rightId, ballots: v.ballots });
        if (!cast.ok) throw new Error(cast.error.message);
        ballots += v.ballots.length;
        rights++;
      }),
    );
  }
  await db.exec('CHECKPOINT');
  const after = await size();
  const wal = await db.query<{ bytes: number }>('SELECT pg_wal_lsn_diff($1, $2)::int8 AS bytes', [after.wal, before.wal]);
  const line = await db.query<{ avg: number }>('SELECT avg(length(line))::int AS avg FROM urn.ballot');
  await ctx.close();
  const perBallot = (n: number) => Math.round(n / ballots);
  process.stdout.write(
    JSON.stringify(
      {
        voters,
        candidates,
        rightsVoted: rights,
        ballots,
        ballotLineBytes: line.rows[0]!.avg,
        urnBytesPerBallot: perBallot(after.ballots - before.ballots),
        emargementBytesPerRight: Math.round((after.emargement - before.emargement) / rights),
        databaseGrowthBytesPerBallot: perBallot(after.database - before.database),
        walBytesPerBallot: perBallot(wal.rows[0]!.bytes),
        loadAverage: loadavg()[0],
      },
      null,
      2,
    ) + '\n',
  );
} finally {
  await db.close();
  await server.drop();
}
