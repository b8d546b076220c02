import { existsSync } from 'node:fs';
import { openDatabase } from '@scrutin/db';
import { runCli } from './main.js';
import { dataDir, liveStation } from './station-lock.js';
import { runInTerminal } from './terminal.js';

process.exitCode = await runInTerminal({
  runCli,
  databaseUrl: process.env.DATABASE_URL,
  openDatabase: (env) => openDatabase({ url: process.env.DATABASE_URL, dataDir: dataDir(env) }),
  hasDatabase: (env) => !!process.env.DATABASE_URL || existsSync(dataDir(env)),
  localCommands: ['serve'],
  liveServer: liveStation,
  password: process.env.SCRUTIN_PASSWORD ?? null,
  newPassword: process.env.SCRUTIN_NEW_PASSWORD ?? null,
  notResponding: (url) => `un poste tourne sur ce dossier de données (${url}) mais ne répond pas ; arrêtez-le avant d'utiliser la base directement.`,
});
