import { Command } from 'commander';
import { ceremonyCommand, vaultKdf } from './ceremony.js';
import { urnCommands } from './urn-commands.js';
import { runProgram } from './io.js';

const program = new Command('scrutin-urn')
  .description('Urne électronique : cérémonie des clés, urne de test, contrôle d’intégrité, dépouillement à 2 clés sur 3')
  .helpOption('-h, --help', 'affiche l’aide');
// The only variable the urn tool reads, here at its entry.
program.addCommand(ceremonyCommand(vaultKdf(process.env.SCRUTIN_VAULT_LOG_N)));
urnCommands(program);
await runProgram(program, process.argv);
