import { Command, CommanderError } from 'commander';
import { MigrationError } from '@scrutin/db';
import { CliError, frenchCommander, type CliEnv } from './context.js';
import { registerScanningCommands } from './commands/scanning.js';
import { registerSetupCommands } from './commands/setup.js';
import { registerServeCommand } from './commands/serve.js';
import { registerCountingCommands } from './commands/counting.js';

/**
 * Runs one `scrutin` command with the given streams and database; returns the exit code.
 * The same function runs in a terminal and, forwarded, inside a running station.
 */
export async function runCli(argv: string[], env: CliEnv): Promise<number> {
  const program = new Command('scrutin')
    .description('Scrutin — station de dépouillement des élections consulaires (vote par internet et par correspondance)')
    .version('0.1.0', '-V, --version', 'affiche la version')
    .helpOption('-h, --help', "affiche l'aide")
    .helpCommand('help [commande]', "affiche l'aide d'une commande")
    .showHelpAfterError('(scrutin --help pour l’aide)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => env.out(s), writeErr: (s) => env.err(frenchCommander(s)) });
  registerServeCommand(program, env);
  registerSetupCommands(program, env);
  registerScanningCommands(program, env);
  registerCountingCommands(program, env);
  for (const c of allCommands(program)) c.exitOverride().helpOption('-h, --help', "affiche l'aide").configureOutput({ writeOut: (s) => env.out(s), writeErr: (s) => env.err(frenchCommander(s)) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    if (e instanceof CliError) {
      env.err(`Erreur : ${e.message}\n${e.details.map((d) => `  - ${d}\n`).join('')}`);
      return e.exitCode;
    }
    if (e instanceof MigrationError) {
      env.err(`Erreur : ${e.message}\n`);
      return 1;
    }
    const code = (e as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
      env.err(`Erreur : base de données injoignable (${code}). Vérifiez DATABASE_URL.\n`);
      return 1;
    }
    env.err(`Erreur interne : ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((sub) => [sub, ...allCommands(sub)]);
}
