import { runTerminalEntry } from '@scrutin/server-kit/terminal.js';
import { loadPlatformConfig } from '../config.js';
import { setPasswordCost } from '@scrutin/server-kit/password.js';
import { platformDataDir } from './data-dir.js';

// The environment is read here and validated once (config.ts), and the typed configuration handed to runCli.
// As the station's `scrutin`: a command forwarded to the running platform loads neither the commands'
// services nor the database driver; `--help` loads neither, nor the lock's module (station-lock.js loads
// the journal key's, with zod and ed25519: a second at load 30, bench/RESULTS.md « CLI start-up »).
await runTerminalEntry(loadPlatformConfig, process.env, (config) => {
  // Once for the process: a command run in it, or forwarded to it once it serves, hashes at this cost.
  setPasswordCost(config.passwordLogN);
  return {
    runCli: async (argv, env) => (await import('./main.js')).runCli(argv, env, config),
    databaseUrl: config.databaseUrl,
    openDatabase: async (env) => (await import('../database.js')).openPlatformDatabase({ url: config.databaseUrl, dataDir: platformDataDir(env, config) }),
    localCommands: ['serve', 'load-from-station'],
    liveServer: async (env) => (await import('@scrutin/server-kit/station-lock.js')).liveStation(platformDataDir(env, config)),
    password: config.password ?? null,
    notResponding: (url) => `une plateforme tourne sur ce dossier (${url}) mais ne répond pas ; arrêtez-la avant d’utiliser la base directement.`,
  };
});
