import { join } from 'node:path';
import type { Command } from 'commander';
import type { StationCli } from '../../http/station-console.js';
import { CliError, type CliEnv } from '@scrutin/server-kit/cli.js';
import { acquireStationLock } from '@scrutin/server-kit/station-lock.js';
import { journalKeyOf, stationDataFolder } from '../journal-key.js';
import { stationConfigEnv, type StationConfig } from '../../config.js';

// Each command imports the modules it calls when it runs: `scrutin --help` loads none, and a command loads
// only its own (pdf-lib, node-forge, express… only where used; bench/RESULTS.md, « CLI start-up »).

/** `scrutin serve`; `runCli` (cli/main.ts) is handed in, for the station's console, rather than imported back. */
export function registerServeCommand(program: Command, env: CliEnv, config: StationConfig, runCli: StationCli): void {
  program
    .command('serve')
    .description('démarre le poste (API et tableau de bord) ; base embarquée PGlite sauf si DATABASE_URL est défini')
    .option('--port <port>', 'port HTTP (sinon PORT)', (v) => Number(v), config.port)
    .option('--host <adresse>', "adresse d'écoute (sinon HOST)", config.host)
    .action(async (o: { port: number; host: string }) => {
      const { startStation } = await import('../../server.js');
      const { serverLog } = await import('@scrutin/server-kit/server-log.js');
      const { withSlowQueryLog } = await import('@scrutin/db');
      if (env.inStation) throw new CliError('Le poste est déjà démarré.');
      const dataFolder = stationDataFolder(env, config);
      const logFile = config.logFile ?? join(dataFolder, 'scrutin.log');
      const log = serverLog(logFile, config.logLevel);
      const db = withSlowQueryLog(await env.db(), (q) => log.warn(q, 'requête SQL lente'), config.slowQueryMs);
      const lock = config.databaseUrl ? null : acquireStationLock(dataFolder);
      const station = await startStation({
        db,
        port: o.port,
        host: o.host,
        log,
        // Forwarded commands run with the configuration this station was started with (and what the terminal sends).
        console: lock ? { token: lock.consoleToken, runCli, env: stationConfigEnv(config) } : undefined,
        bundleDir: config.bundleDir ?? join(dataFolder, 'scelles'),
        journalKey: journalKeyOf(env, config),
        journalSealSeconds: config.journalSealSeconds,
        trustedProxy: config.trustedProxy,
        urnWorkers: config.urnWorkers,
      });
      lock?.publish(station.url);
      env.out(
        `Scrutin est démarré : ${station.url}\n` +
          `Base : ${db.kind === 'pglite' ? `PGlite (${config.dataFolder})` : 'PostgreSQL'}.\n` +
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
