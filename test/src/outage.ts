import pg from 'pg';

/**
 * The command of issue 15, run every 150 ms on its own connection until stopped: every backend of the
 * database at `url` that is not idle is terminated. (Run back to back, it killed every attempt of every
 * transaction on the loaded test machine, and nothing could ever commit.) stop() gives the number terminated.
 */
export function terminateBusyBackends(url: string): { stop(): Promise<number> } {
  let running = true;
  let terminated = 0;
  const loop = (async () => {
    const admin = new pg.Client({ connectionString: url });
    admin.on('error', () => undefined); // dropped with the database at the end of a failed test
    await admin.connect();
    try {
      while (running) {
        const { rows } = await admin.query<{ n: number }>(
          "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()",
        );
        terminated += rows[0]!.n;
        await new Promise((r) => setTimeout(r, 150));
      }
    } finally {
      await admin.end();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return terminated;
    },
  };
}

/** The refusal every client must get while the database is away: 503, French, Retry-After. */
export function expectCleanOutage(reply: { status: number; body: unknown; retryAfter: string | null }): void {
  expect(reply).toMatchObject({
    status: 503,
    retryAfter: '2',
    body: { error: { code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/^Base de données momentanément indisponible, réessayez/) } },
  });
}
