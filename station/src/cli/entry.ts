import { existsSync } from 'node:fs';
import { liveStation } from '@scrutin/server-kit/station-lock.js';
import { journalKeyOf, stationDataFolder } from './journal-key.js';
import { runTerminalEntry } from '@scrutin/server-kit/terminal.js';
import { loadStationConfig } from '../config.js';
import { setPasswordCost } from '@scrutin/server-kit/password.js';

// The environment is read here and validated once (config.ts), and the typed configuration handed to runCli.
// A command typed beside a running station is only forwarded to it: the commands' services and the
// database driver are loaded only when the command runs in this process, so that a forwarded command
// (the README's walk-through types about a hundred) does not compile the whole station first.
await runTerminalEntry(loadStationConfig, process.env, (config) => {
  // Once for the process: a command run in it, or forwarded to it once it serves, hashes at this cost.
  setPasswordCost(config.passwordLogN);
  return {
    runCli: async (argv, env) => (await import('./main.js')).runCli(argv, env, config),
    databaseUrl: config.databaseUrl,
    // The drivers load with the database, on first use: a command that needs none never loads them. Anchors
    // written by a command (an election transition) are signed with the data folder's journal key too.
    openDatabase: async (env) => {
      (await import('../journal/head-seal.js')).setJournalKey(journalKeyOf(env, config));
      return (await import('@scrutin/db')).openDatabase({ url: config.databaseUrl, dataDir: stationDataFolder(env, config) });
    },
    hasDatabase: (env) => !!config.databaseUrl || existsSync(stationDataFolder(env, config)),
    localCommands: ['serve'],
    liveServer: (env) => liveStation(stationDataFolder(env, config)),
    password: config.password ?? null,
    newPassword: config.newPassword ?? null,
    certPassphrase: config.certPassphrase ?? null,
    notResponding: (url) => `un poste tourne sur ce dossier de données (${url}) mais ne répond pas ; arrêtez-le avant d'utiliser la base directement.`,
  };
});
