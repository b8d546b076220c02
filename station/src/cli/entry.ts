import { existsSync } from 'node:fs';
import { dataDir, liveStation } from '@scrutin/server-kit/station-lock.js';
import { journalKeyOf } from './journal-key.js';
import { runInTerminal } from '@scrutin/server-kit/terminal.js';
import { configOrComplain } from '@scrutin/server-kit/env-config.js';
import { loadStationConfig } from '../config.js';

// The environment is read here and validated once (config.ts); runCli reads the same variables for its commands.
const config = configOrComplain(loadStationConfig, process.env, (t) => process.stderr.write(t));
if (!config) process.exitCode = 2;

// A command typed beside a running station is only forwarded to it: the commands' services and the
// database driver are loaded only when the command runs in this process, so that a forwarded command
// (the README's walk-through types about a hundred) does not compile the whole station first.
if (config) {
  const { databaseUrl } = config;
  process.exitCode = await runInTerminal({
    runCli: async (argv, env) => (await import('./main.js')).runCli(argv, env),
    databaseUrl,
    // The drivers load with the database, on first use: a command that needs none never loads them. Anchors
    // written by a command (an election transition) are signed with the data folder's journal key too.
    openDatabase: async (env) => {
      (await import('../journal/head-seal.js')).setJournalKey(journalKeyOf(env));
      return (await import('@scrutin/db')).openDatabase({ url: databaseUrl, dataDir: dataDir(env) });
    },
    hasDatabase: (env) => !!databaseUrl || existsSync(dataDir(env)),
    localCommands: ['serve'],
    liveServer: liveStation,
    password: config.password ?? null,
    newPassword: config.newPassword ?? null,
    certPassphrase: config.certPassphrase ?? null,
    notResponding: (url) => `un poste tourne sur ce dossier de données (${url}) mais ne répond pas ; arrêtez-le avant d'utiliser la base directement.`,
  });
}
