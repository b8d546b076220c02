import { Command } from 'commander';
import { runProgram, type CliEnv } from '@scrutin/server-kit/cli.js';
import { registerScanningCommands } from './commands/scanning.js';
import { registerSetupCommands } from './commands/setup.js';
import { registerServeCommand } from './commands/serve.js';
import { registerCountingCommands } from './commands/counting.js';
import { registerDualVoteCommands } from './commands/dual-votes.js';

/**
 * Runs one `scrutin` command with the given streams and database; returns the exit code.
 * The same function runs in a terminal and, forwarded, inside a running station.
 */
export async function runCli(argv: string[], env: CliEnv): Promise<number> {
  // French output and exit codes, for the program and every subcommand, are set by runProgram (server kit).
  const program = new Command('scrutin')
    .description('Scrutin — station de dépouillement des élections consulaires (vote par internet et par correspondance)')
    .version('0.1.0', '-V, --version', 'affiche la version')
    .helpOption('-h, --help', "affiche l'aide")
    .helpCommand('help [commande]', "affiche l'aide d'une commande")
    .showHelpAfterError('(scrutin --help pour l’aide)');
  registerServeCommand(program, env, runCli);
  registerSetupCommands(program, env);
  registerScanningCommands(program, env);
  registerCountingCommands(program, env);
  registerDualVoteCommands(program, env);
  return runProgram(program, argv, env, { databaseVariable: 'DATABASE_URL' });
}
