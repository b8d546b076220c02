import { dataDir, liveStation } from './station-lock.js';
import { runInTerminal } from './terminal.js';

// A command typed beside a running station is only forwarded to it: the commands' services and the
// database driver are loaded only when the command runs in this process, so that a forwarded command
// (the README's walk-through types about a hundred) does not compile the whole station first.
process.exitCode = await runInTerminal({
  runCli: async (argv, env) => (await import('./main.js')).runCli(argv, env),
  databaseUrl: process.env.DATABASE_URL,
  openDatabase: async (env) => (await import('@scrutin/db')).openDatabase({ url: process.env.DATABASE_URL, dataDir: dataDir(env) }),
  localCommands: ['serve'],
  liveServer: liveStation,
  password: process.env.SCRUTIN_PASSWORD ?? null,
  newPassword: process.env.SCRUTIN_NEW_PASSWORD ?? null,
  notResponding: (url) => `un poste tourne sur ce dossier de données (${url}) mais ne répond pas ; arrêtez-le avant d'utiliser la base directement.`,
});
