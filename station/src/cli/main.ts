// zod's own messages in French before any schema parses, as in every entry point.
import '@scrutin/basics/french-messages.js';
import { Command } from 'commander';
import { runProgram, type CliEnv } from '@scrutin/server-kit/cli.js';
import { configOrComplain } from '@scrutin/server-kit/env-config.js';
import { loadStationConfig, type StationConfig } from '../config.js';
import { registerScanningCommands } from './commands/scanning.js';
import { registerSetupCommands } from './commands/setup.js';
import { registerServeCommand } from './commands/serve.js';
import { registerCountingCommands } from './commands/counting.js';
import { registerDualVoteCommands } from './commands/dual-votes.js';

/**
 * Runs one `scrutin` command with the given streams and database; returns the exit code.
 * The same function runs in a terminal and, forwarded, inside a running station. `given` is the configuration
 * the terminal's entry already read and validated (cli/entry.ts); without it (a server's console, a test) it is
 * read here, once, from `env.env`, and an invalid variable stops before any command runs (exit 2).
 */
export async function runCli(argv: string[], env: CliEnv, given?: StationConfig): Promise<number> {
  // French output and exit codes, for the program and every subcommand, are set by runProgram (server kit).
  const config = given ?? configOrComplain(loadStationConfig, env.env, env.err);
  if (!config) return 2;
  const program = new Command('scrutin')
    .description('Scrutin — station de dépouillement des élections consulaires (vote par internet et par correspondance)')
    .version('0.1.0', '-V, --version', 'affiche la version')
    .helpOption('-h, --help', "affiche l'aide")
    .helpCommand('help [commande]', "affiche l'aide d'une commande")
    .showHelpAfterError('(scrutin --help pour l’aide)');
  registerServeCommand(program, env, config, runCli);
  registerSetupCommands(program, env, config);
  registerScanningCommands(program, env, config);
  registerCountingCommands(program, env, config);
  registerDualVoteCommands(program, env, config);
  return runProgram(program, argv, env, { databaseVariable: 'DATABASE_URL' });
}
