import { Command } from 'commander';
import { ceremonyCommand, vaultKdf } from './ceremony.js';
import { urnCommands } from './urn-commands.js';
import { processIo, runProgram } from '@scrutin/server-kit/cli.js';
import { configOrComplain } from '@scrutin/server-kit/env-config.js';
import { loadUrnToolConfig } from './config.js';

// The only variable the urn tool reads, here at its entry: an invalid value stops it before any command, with the
// usage errors' exit code 1.
const config = configOrComplain(loadUrnToolConfig, process.env, processIo.err);
if (!config) process.exit(1);

const program = new Command('scrutin-urn')
  .description('Urne électronique : cérémonie des clés, urne de test, contrôle d’intégrité, dépouillement à 2 clés sur 3')
  .helpOption('-h, --help', 'affiche l’aide');
program.addCommand(ceremonyCommand(vaultKdf(config)));
urnCommands(program);
// A refusal ends the process at once, as before (worker pools may still be open); a success ends it naturally.
const code = await runProgram(program, process.argv.slice(2), processIo, { usageExitCode: 1, jsonRefusals: true });
if (code !== 0) process.exit(code);
