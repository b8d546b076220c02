import { join } from 'node:path';
import type { Command } from 'commander';
import type { StationCli } from '../../http/station-console.js';
import { CliError, type CliEnv } from '@scrutin/server-kit/cli.js';
import { acquireStationLock, dataDir } from '@scrutin/server-kit/station-lock.js';
import { journalKeyOf } from '../journal-key.js';

/** The journal sealing timer's interval: SCRUTIN_JOURNAL_SEAL_SECONDS (0 turns it off), else `byDefault` (60 s). */
function sealSeconds(env: CliEnv, byDefault: number): number {
  const value = Number(env.env.SCRUTIN_JOURNAL_SEAL_SECONDS ?? byDefault);
  if (!Number.isFinite(value) || value < 0) throw new CliError('SCRUTIN_JOURNAL_SEAL_SECONDS : nombre de secondes positif ou nul attendu.');
  return value;
}

// The services load on first use (see service-exports.ts): `scrutin --help` loads none of them.
const services = () => import('../service-exports.js');

/** `scrutin serve`; `runCli` (cli/main.ts) is handed in, for the station's console, rather than imported back. */
export function registerServeCommand(program: Command, env: CliEnv, runCli: StationCli): void {
  program
    .command('serve')
    .description('démarre le poste (API et tableau de bord) ; base embarquée PGlite sauf si DATABASE_URL est défini')
    .option('--port <port>', 'port HTTP', (v) => Number(v), Number(env.env.PORT ?? 8080))
    .option('--host <adresse>', "adresse d'écoute", env.env.HOST ?? '127.0.0.1')
    .action(async (o: { port: number; host: string }) => {
      const { startStation, serverLog, withSlowQueryLog, DEFAULT_SEAL_SECONDS } = await services();
      const seconds = sealSeconds(env, DEFAULT_SEAL_SECONDS);
      if (env.inStation) throw new CliError('Le poste est déjà démarré.');
      const logFile = env.env.SCRUTIN_LOG_FILE ?? join(dataDir(env), 'scrutin.log');
      const log = serverLog(logFile, env.env.LOG_LEVEL ?? 'info');
      const db = withSlowQueryLog(await env.db(), (q) => log.warn(q, 'requête SQL lente'), Number(env.env.SCRUTIN_SLOW_QUERY_MS ?? 250));
      const lock = env.env.DATABASE_URL ? null : acquireStationLock(env);
      const station = await startStation({ db, port: o.port, host: o.host, log, console: lock ? { token: lock.consoleToken, runCli } : undefined, bundleDir: env.env.SCRUTIN_BUNDLE_DIR ?? join(dataDir(env), 'scelles'), journalKey: journalKeyOf(env), journalSealSeconds: seconds });
      lock?.publish(station.url);
      env.out(
        `Scrutin est démarré : ${station.url}\n` +
          `Base : ${db.kind === 'pglite' ? `PGlite (${env.env.SCRUTIN_DATA ?? './data'})` : 'PostgreSQL'}.\n` +
          `Requêtes et erreurs consignées dans ${logFile}.\n` +
          'Les commandes « npx scrutin … » lancées à côté passent par ce poste. Ctrl+C pour arrêter.\n',
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      env.out('Arrêt du poste…\n');
      await station.close();
      lock?.release();
    });
}
