import { runInTerminal } from '@scrutin/server-kit/terminal.js';
import { lockEnv, platformDataDir } from './data-dir.js';

// As the station's `scrutin`: a command forwarded to the running platform loads neither the commands'
// services nor the database driver; `--help` loads neither, nor the lock's module (station-lock.js loads
// the journal key's, with zod and ed25519: a second at load 30, bench/RESULTS.md « CLI start-up »).
process.exitCode = await runInTerminal({
  runCli: async (argv, env) => (await import('./main.js')).runCli(argv, env),
  databaseUrl: process.env.PLATFORM_DATABASE_URL,
  openDatabase: async (env) => (await import('../database.js')).openPlatformDatabase({ url: process.env.PLATFORM_DATABASE_URL, dataDir: platformDataDir(env) }),
  localCommands: ['serve', 'load-from-station'],
  liveServer: async (env) => (await import('@scrutin/server-kit/station-lock.js')).liveStation(lockEnv(env)),
  password: process.env.PLATFORM_PASSWORD ?? null,
  notResponding: (url) => `une plateforme tourne sur ce dossier (${url}) mais ne répond pas ; arrêtez-la avant d’utiliser la base directement.`,
});
