import { liveStation } from '@scrutin/station/cli/station-lock.js';
import { runInTerminal } from '@scrutin/station/cli/terminal.js';
import { openPlatformDatabase } from '../database.js';
import { lockEnv, platformDataDir, runCli } from './main.js';

process.exitCode = await runInTerminal({
  runCli,
  databaseUrl: process.env.PLATFORM_DATABASE_URL,
  openDatabase: (env) => openPlatformDatabase({ url: process.env.PLATFORM_DATABASE_URL, dataDir: platformDataDir(env) }),
  localCommands: ['serve', 'load-from-station'],
  liveServer: (env) => liveStation(lockEnv(env)),
  password: process.env.PLATFORM_PASSWORD ?? null,
  notResponding: (url) => `une plateforme tourne sur ce dossier (${url}) mais ne répond pas ; arrêtez-la avant d’utiliser la base directement.`,
});
