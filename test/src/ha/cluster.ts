// A PostgreSQL primary and its synchronous standby of the test's own (issue 17, item 2): two clusters made
// with initdb and pg_basebackup on free ports in a private temporary folder, as the postgres OS user when the
// tests run as root (PostgreSQL refuses to run as root), removed at the end.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../station-fixture.js';

/** PG_BIN, else Debian's newest installed server (the machine's is 15). */
export const PG_BIN =
  process.env.PG_BIN ??
  (existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .filter((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join('/usr/lib/postgresql', v, 'bin'))[0]
    : undefined) ??
  '/usr/lib/postgresql/15/bin';
/** The name the standby gives itself (application_name) and the primary waits for. */
export const STANDBY_NAME = 'scrutin_standby';

export type Server = { port: number; dataDir: string; url: string };

export type Cluster = {
  primary: Server;
  standby: Server;
  /** Both hosts, primary first, with target_session_attrs=read-write: what the platform nodes are given. */
  url: string;
  /** SIGKILL of the primary's postmaster and of all its processes at once, as when its machine dies. */
  killPrimary(): void;
  /** scripts/failover.sh on the standby: promoted, and no longer waiting for a standby of its own. */
  promoteStandby(): void;
  /** Stops whatever still runs (immediate mode) and removes both clusters. */
  remove(): void;
};

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as the postgres user when we are root, as ourselves otherwise. */
export function runAsPostgres(file: string, args: string[], options: { timeout?: number } = {}): string {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', timeout: options.timeout ?? 60_000, stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

const pgCtl = (dataDir: string, ...args: string[]) => runAsPostgres(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, ...args]);

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql)).rows;
  } finally {
    await c.end();
  }
}

/**
 * Creates and starts the two clusters and waits until the standby is attached as synchronous: from then on
 * a commit on the primary returns only once the standby has applied it (synchronous_commit = remote_apply),
 * so that a ballot acknowledged to a voter survives the loss of the primary. fsync is off: the tests kill
 * processes, not the machine, and the page cache outlives a process (the machine is shared by many runs).
 */
export async function createCluster(options: { database?: string } = {}): Promise<Cluster> {
  const root = mkdtempSync(join(tmpdir(), 'scrutin-ha-'));
  if (asRoot) chownSync(root, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
  const database = options.database ?? 'scrutin';
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const server = (port: number, name: string): Server => ({ port, dataDir: join(root, name), url: `postgres://postgres@127.0.0.1:${port}/${database}` });
  const primary = server(primaryPort, 'primaire');
  const standby = server(standbyPort, 'secours');
  const cluster: Cluster = {
    primary,
    standby,
    url: `postgres://postgres@127.0.0.1:${primaryPort},127.0.0.1:${standbyPort}/${database}?target_session_attrs=read-write`,
    killPrimary() {
      const pid = postmasterPid(primary.dataDir);
      if (!pid) return;
      // The machine dies, not only the postmaster: an orphaned backend would otherwise keep serving the
      // connection it holds (and its walsender keep replicating) until it notices, which a dead machine does not.
      const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map(Number).filter((n) => n > 0);
      for (const p of [pid, ...children]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    },
    promoteStandby() {
      execFileSync('bash', [join(REPO_ROOT, 'scripts', 'failover.sh'), standby.dataDir, String(standby.port)], { encoding: 'utf8', timeout: 60_000, stdio: 'pipe', env: { ...process.env, PG_BIN } });
    },
    remove() {
      for (const s of [primary, standby]) {
        if (!postmasterPid(s.dataDir)) continue;
        try {
          pgCtl(s.dataDir, 'stop', '-m', 'immediate', '-w');
        } catch {
          // Already dead (killed by the test): its postmaster.pid is stale.
        }
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    runAsPostgres(join(PG_BIN, 'initdb'), ['-D', primary.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], { timeout: 120_000 });
    appendFileSync(
      join(primary.dataDir, 'postgresql.conf'),
      [
        `port = ${primaryPort}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${root}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        'hot_standby = on',
        'fsync = off',
        'max_connections = 120',
        'shared_buffers = 64MB',
        'wal_sender_timeout = 5s',
        'wal_receiver_status_interval = 1s',
        '',
      ].join('\n'),
    );
    pgCtl(primary.dataDir, '-l', join(primary.dataDir, 'server.log'), '-w', 'start');
    await query(`postgres://postgres@127.0.0.1:${primaryPort}/postgres`, `CREATE DATABASE ${database}`);
    runAsPostgres(join(PG_BIN, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standby.dataDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'], { timeout: 120_000 });
    // Later lines win: the standby's own port, and a name the primary's synchronous_standby_names can wait for.
    appendFileSync(
      join(standby.dataDir, 'postgresql.auto.conf'),
      `port = ${standbyPort}\nprimary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=postgres application_name=${STANDBY_NAME}'\n`,
    );
    writeFileSync(join(standby.dataDir, 'server.log'), '');
    if (asRoot) execFileSync('chown', ['postgres:postgres', join(standby.dataDir, 'server.log')]);
    pgCtl(standby.dataDir, '-l', join(standby.dataDir, 'server.log'), '-w', 'start');
    // Set after the base backup, so that the standby, once promoted, does not wait for a standby of its own.
    await query(primary.url, `ALTER SYSTEM SET synchronous_standby_names = '${STANDBY_NAME}'`);
    await query(primary.url, "ALTER SYSTEM SET synchronous_commit = 'remote_apply'");
    await query(primary.url, 'SELECT pg_reload_conf()');
    for (let i = 0; ; i++) {
      const rows = await query<{ sync_state: string }>(primary.url, `SELECT sync_state FROM pg_stat_replication WHERE application_name = '${STANDBY_NAME}'`);
      if (rows[0]?.sync_state === 'sync') break;
      if (i > 100) throw new Error('le serveur de secours ne s’est pas attaché en synchrone');
      await new Promise((r) => setTimeout(r, 100));
    }
    return cluster;
  } catch (error) {
    cluster.remove();
    throw error;
  }
}
