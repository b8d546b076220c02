// zod's own messages in French before any schema parses, as in every entry point.
import '@scrutin/basics/french-messages.js';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Db } from '@scrutin/db';
import { CliError, readInput, report, resolvePath, runProgram, valueOrRefusal, writeOutput, type CliEnv } from '@scrutin/server-kit/cli.js';
import type { LetterSink } from '../credentials/issue.js';
import { PLATFORM_STAFF_ROLES } from '@scrutin/domain/roles.js';
import type { Staff } from '../operations.js';
import { staffRefusal } from '../staff-rights.js';
import { configOrComplain } from '@scrutin/server-kit/env-config.js';
import { anonymityOf, loadPlatformConfig, platformConfigEnv, type PlatformConfig } from '../config.js';
import { platformDataDir } from './data-dir.js';

// Each command imports the modules it calls when it runs: `scrutin-platform --help` loads none of them, nor
// the database driver (a command opens the database only when its action asks env.db()), and a command loads
// only its own (express, pino, pdf-lib… only where used; bench/RESULTS.md, « CLI start-up »).

type Common = { json?: boolean; as?: string; passwordFile?: string };

async function staffFrom(env: CliEnv, config: PlatformConfig, db: Db, o: Common): Promise<Staff> {
  if (!o.as) throw new CliError('Indiquez le compte qui agit : --as IDENTIFIANT (mot de passe dans PLATFORM_PASSWORD ou --password-file).');
  const password = o.passwordFile ? readInput(env, o.passwordFile).toString('utf8').trim() : config.password;
  if (!password) throw new CliError('Mot de passe absent : définissez PLATFORM_PASSWORD ou utilisez --password-file.');
  const { checkStaff } = await import('../operations.js');
  const s = await checkStaff(db, o.as, password);
  if (!s) throw new CliError('Identifiant ou mot de passe incorrect.');
  return s;
}

const withAuth = (c: Command) => c.option('--as <identifiant>', 'compte qui agit (administrateur ou cellule de contrôle)').option('--password-file <fichier>', 'fichier contenant le mot de passe (sinon PLATFORM_PASSWORD)').option('--json', 'sortie JSON');

/**
 * Runs one `scrutin-platform` command; returns the exit code. `given` is the configuration the terminal's entry
 * already read and validated (cli/entry.ts); without it (the platform's console, a test) it is read here, once,
 * from `env.env`, and an invalid variable stops before any command runs (exit 2).
 */
export async function runCli(argv: string[], env: CliEnv, given?: PlatformConfig): Promise<number> {
  // French output and exit codes, for the program and every subcommand, are set by runProgram (server kit).
  const config = given ?? configOrComplain(loadPlatformConfig, env.env, env.err);
  if (!config) return 2;
  const program = new Command('scrutin-platform')
    .description('Scrutin — plateforme de vote par internet : fichier des électeurs, identifiants, isoloir, urne, clôture')
    .helpOption('-h, --help', "affiche l'aide")
    .helpCommand('help [commande]', "affiche l'aide d'une commande");

  program
    .command('serve')
    .description('démarre la plateforme (isoloir, tableau des bulletins, API de la cellule)')
    .option('--port <port>', 'port HTTP (sinon PLATFORM_PORT, 4100 par défaut)', String(config.port))
    .option('--host <hôte>', 'adresse d’écoute', '127.0.0.1')
    .action(async (o: { port: string; host: string }) => {
      const { acquireStationLock } = await import('@scrutin/server-kit/station-lock.js');
      const { ensureSigningKey } = await import('../load/load.js');
      const { mountConsole } = await import('@scrutin/server-kit/console.js');
      const { serverLog } = await import('@scrutin/server-kit/server-log.js');
      const { startPlatform } = await import('../server.js');
      const { withSlowQueryLog } = await import('@scrutin/db');
      const lock = config.databaseUrl ? null : acquireStationLock(platformDataDir(env, config));
      const log = serverLog(config.logFile ?? join(platformDataDir(env, config), 'scrutin-platform.log'), config.logLevel);
      const db = withSlowQueryLog(await env.db(), (q) => log.warn(q, 'requête SQL lente'), config.slowQueryMs);
      await ensureSigningKey(db);
      const running = await startPlatform({
        db,
        log,
        port: Number(o.port),
        host: o.host,
        ...(config.verifyWorkers === undefined ? {} : { verifyWorkers: config.verifyWorkers }),
        trustedProxy: config.trustedProxy,
        anonymity: anonymityOf(config),
        extend: (app) =>
          lock &&
          mountConsole(app, lock.consoleToken, 'de la plateforme', (command, output) =>
            runCli(command.argv, { ...output, cwd: command.cwd, env: { ...platformConfigEnv(config), PLATFORM_PASSWORD: command.password ?? undefined }, inStation: true, db: async () => db }),
          ),
      });
      lock?.publish(running.url);
      env.out(`Plateforme de vote à l’écoute sur ${running.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await running.close();
      lock?.release();
    });

  program
    .command('load-from-station')
    .description('exporte la liste validée et les candidatures depuis la base du poste (lecture seule ; poste arrêté si PGlite)')
    .option('--station-data <dossier>', 'dossier PGlite du poste', 'data')
    .option('--station-database-url <url>', 'base PostgreSQL du poste')
    .requiredOption('--out <fichier>', 'fichier de chargement à écrire (JSON)')
    .option('--json', 'sortie JSON')
    .action(async (o: { stationData: string; stationDatabaseUrl?: string; out: string; json?: boolean }) => {
      const { exportFromStation } = await import('../load/station-export.js');
      const { openDatabase } = await import('@scrutin/db');
      const station = await openDatabase({ url: o.stationDatabaseUrl, dataDir: o.stationDatabaseUrl ? undefined : resolvePath(env, o.stationData), migrate: false });
      try {
        const file = valueOrRefusal(await exportFromStation(station));
        writeOutput(env, o.out, JSON.stringify(file) + '\n');
        report(env, o.json, { out: o.out, voters: file.voters.length, urns: file.urns.length }, () => `${file.voters.length} électeurs, ${file.urns.length} urnes exportés dans ${o.out}.`);
      } finally {
        await station.close();
      }
    });

  program
    .command('load')
    .description('charge la liste électorale validée, les candidatures et la clé d’élection (une seule fois)')
    .argument('<fichier>', 'fichier de chargement (load-from-station)')
    .requiredOption('--election-key <fichier>', 'election-key.json publié par la cérémonie des clés')
    .option('--json', 'sortie JSON')
    .action(async (file: string, o: { electionKey: string; json?: boolean }) => {
      const parseJson = (path: string) => {
        try {
          return JSON.parse(readInput(env, path).toString('utf8')) as unknown;
        } catch (e) {
          if (e instanceof CliError) throw e;
          throw new CliError(`Fichier JSON illisible : ${path}.`);
        }
      };
      const { loadPlatform } = await import('../load/load.js');
      const summary = valueOrRefusal(await loadPlatform(await env.db(), parseJson(file), parseJson(o.electionKey)));
      report(env, o.json, summary, () =>
        `Plateforme chargée : ${summary.voters} électeurs, ${summary.rights} qualités, ${summary.urns} urnes.\nClé publique de la plateforme (à donner au poste lors du scellement) : ${summary.platformPublicKey}\nEmpreinte : ${summary.platformKeyFingerprint}`,
      );
    });

  program
    .command('platform-key')
    .description('affiche la clé publique Ed25519 de la plateforme (scellement du poste)')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const { ensureSigningKey } = await import('../load/load.js');
      const key = await ensureSigningKey(await env.db());
      report(env, o.json, key, () => `${key.publicKey}\nEmpreinte : ${key.fingerprint}`);
    });

  const staff = program.command('staff').description('comptes de la plateforme');
  staff
    .command('add')
    .description(`crée un compte (${PLATFORM_STAFF_ROLES.join(' ou ')})`)
    .requiredOption('--login <identifiant>', 'identifiant')
    .requiredOption('--role <rôle>', PLATFORM_STAFF_ROLES.join(' ou '))
    .option('--name <nom>', 'nom affiché')
    .option('--password-file <fichier>', 'mot de passe (sinon PLATFORM_PASSWORD)')
    .option('--json', 'sortie JSON')
    .action(async (o: { login: string; role: string; name?: string; passwordFile?: string; json?: boolean }) => {
      const { addStaff } = await import('../operations.js');
      const role = PLATFORM_STAFF_ROLES.find((r) => r === o.role);
      if (!role) throw new CliError(`Rôle inconnu : ${PLATFORM_STAFF_ROLES.join(' ou ')}.`);
      const password = o.passwordFile ? readInput(env, o.passwordFile).toString('utf8').trim() : config.password;
      if (!password) throw new CliError('Mot de passe absent : PLATFORM_PASSWORD ou --password-file.');
      const s = valueOrRefusal(await addStaff(await env.db(), { login: o.login, displayName: o.name ?? o.login, role, password }));
      report(env, o.json, s, () => `Compte ${s.login} (${s.role}) créé.`);
    });

  withAuth(program.command('credentials').description('génère les identifiants et les courriers (un PDF par lot)'))
    .requiredOption('--out <fichier>', 'PDF des courriers à imprimer (plusieurs lots : fichier-lot-001.pdf, fichier-lot-002.pdf…)')
    .option('--batch-size <n>', 'courriers par lot (un PDF par lot)', '500')
    .option('--voters <numéros>', 'numéros d’électeurs séparés par des virgules (réédition)')
    .option('--reissue', 'remplace les identifiants des électeurs listés (courrier perdu)')
    .option('--booth-url <url>', 'adresse du vote imprimée sur les courriers', 'https://vote.example.fr')
    .option('--workers <n>', 'fils qui mettent les lots en page (0 : aucun ; par défaut un par cœur : la mise en page est 99 % du temps, bench/RESULTS.md)', String(availableParallelism()))
    .action(async (o: Common & { out: string; batchSize: string; voters?: string; reissue?: boolean; boothUrl: string; workers: string }) => {
      const batchSize = Number(o.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new CliError('--batch-size : un nombre entier de courriers, 1 au moins.');
      const workers = Number(o.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new CliError('--workers : un nombre entier de 0 à 64.');
      const { batchFileName, LetterFileExists, pdfFileSink } = await import('../credentials/letters-pdf.js');
      const { createContext } = await import('../context.js');
      const { issueCredentials } = await import('../credentials/issue.js');
      const { letterRenderer } = await import('../credentials/letter-renderer.js');
      const db = await env.db();
      const who = await staffFrom(env, config, db, o);
      const refusal = staffRefusal(who, 'credentials');
      if (refusal) throw new CliError(refusal.message);
      const e = await createContext(db).election();
      if (!e) throw new CliError('La plateforme n’est pas chargée.');
      const files: string[] = [];
      const renderer = letterRenderer(workers);
      const toFile = pdfFileSink(o.out, (name) => resolvePath(env, name), { electionName: e.name, chamber: e.chamber, opensAt: e.opensAt, closesAt: e.closesAt, timeZone: e.timeZone, boothUrl: o.boothUrl }, files, renderer.render);
      const sink: LetterSink = async (letters, batch) => {
        await toFile(letters, batch);
        if (batch.of > 1 && !o.json) env.err(`Lot ${batch.number}/${batch.of} écrit : ${batchFileName(o.out, batch)}\n`);
      };
      // One batch more than layout threads: one is committed while the others are laid out.
      const options = { actor: who.login, reissue: o.reissue ?? false, batchSize, parallelBatches: workers + 1, ...(o.voters ? { voterNumbers: o.voters.split(',').map((s) => s.trim()) } : {}) };
      const issued = await issueCredentials(db, options, sink)
        .catch((error: unknown) => {
          // Batches already written are committed and stay valid; the others are left for a rerun.
          if (error instanceof LetterFileExists) throw new CliError(error.message, files.length > 0 ? [`Lots écrits avant l’arrêt : ${files.sort().join(', ')}.`] : []);
          throw error;
        })
        .finally(() => renderer.close());
      files.sort();
      const summary = valueOrRefusal(issued);
      report(env, o.json, { letters: summary.letters, batches: files.length, files }, () =>
        `${summary.letters} courrier(s) écrits en ${files.length} lot(s) : ${files.join(', ')}. Les mots de passe n’existent que dans ces fichiers : imprimez-les puis détruisez-les.`,
      );
    });

  withAuth(program.command('open').description('ouvre le vote (accepté entre les heures configurées)')).action(async (o: Common) => {
    const { openVote } = await import('../operations.js');
    const db = await env.db();
    const r = valueOrRefusal(await openVote(db, await staffFrom(env, config, db, o)));
    report(env, o.json, r, () => `Vote ouvert du ${r.opensAt} au ${r.closesAt}.`);
  });

  withAuth(program.command('suspend').description('suspend le vote par internet (cellule de contrôle, art. 10)'))
    .requiredOption('--reason <motif>', 'motif de la suspension')
    .option('--message <texte>', 'message montré aux électeurs (par défaut : invitation à voter par correspondance)')
    .action(async (o: Common & { reason: string; message?: string }) => {
      const { createContext } = await import('../context.js');
      const { suspendVote } = await import('../operations.js');
      const db = await env.db();
      const r = valueOrRefusal(await suspendVote(createContext(db), await staffFrom(env, config, db, o), { reason: o.reason, message: o.message }));
      report(env, o.json, r, () => `Vote suspendu le ${r.suspendedAt}.`);
    });

  withAuth(program.command('resume').description('reprend le vote et consigne la décision sur les votes exprimés avant la suspension'))
    .requiredOption('--decision <décision>', 'kept (votes conservés) ou referred (renvoyés à la commission)')
    .requiredOption('--text <texte>', 'texte de la décision')
    .action(async (o: Common & { decision: string; text: string }) => {
      const decision = o.decision === 'kept' ? 'BALLOTS_KEPT' : o.decision === 'referred' ? 'REFERRED_TO_COMMISSION' : null;
      if (!decision) throw new CliError('Décision inconnue : kept ou referred.');
      const { createContext } = await import('../context.js');
      const { resumeVote } = await import('../operations.js');
      const db = await env.db();
      const r = valueOrRefusal(await resumeVote(createContext(db), await staffFrom(env, config, db, o), { decision, decisionText: o.text }));
      report(env, o.json, r, () => `Vote repris le ${r.resumedAt}.`);
    });

  withAuth(program.command('close').description('clôt le vote : gel, scellement, export de l’urne et de l’émargement électronique'))
    .requiredOption('--out <dossier>', 'dossier où écrire urne.jsonl et emargement-electronique.json(.sig)')
    .action(async (o: Common & { out: string }) => {
      const { closeVote, writeClosedFiles } = await import('../close/close.js');
      const { createContext } = await import('../context.js');
      const db = await env.db();
      const files = valueOrRefusal(await closeVote(createContext(db), await staffFrom(env, config, db, o)));
      const paths = writeClosedFiles(resolvePath(env, o.out), files);
      report(env, o.json, { seal: files.seal, files: paths }, () =>
        `Vote clos le ${files.seal.closedAt} : ${files.seal.ballotCount} bulletins, ${files.seal.emargementCount} émargements.\nUrne : ${paths.urn}\nÉmargement : ${paths.emargement} (+ .sig)\nScellement : ${paths.seal}`,
      );
    });

  program
    .command('status')
    .description('état du vote')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const { currentPhase } = await import('../context.js');
      const store = await import('../store/index.js');
      const db = await env.db();
      const phase = await currentPhase(db, new Date());
      const counts = await store.voters.countVotersAndEmargements(db);
      report(env, o.json, { ...phase, ...counts }, () => `Phase : ${phase.phase}\nÉlecteurs : ${counts.voters}, qualités ayant voté : ${counts.emarged}`);
    });

  return runProgram(program, argv, env, { databaseVariable: 'PLATFORM_DATABASE_URL' });
}

