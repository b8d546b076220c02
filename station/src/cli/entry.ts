import { openDatabase, type Db } from '@scrutin/db';
import { forwardToLive } from './forward.js';
import { runCli } from './main.js';
import type { CliEnv } from './context.js';
import { dataDir, liveStation } from './station-lock.js';

/** Terminal entry point: forwards to a live station that owns the PGlite folder, or opens the database itself. */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let db: Db | undefined;
  const env: CliEnv = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    inStation: false,
    async db() {
      db ??= await openDatabase({ url: process.env.DATABASE_URL, dataDir: dataDir(env) });
      return db;
    },
  };
  const live = process.env.DATABASE_URL || argv[0] === 'serve' ? null : liveStation(env);
  if (live && argv.length > 0 && !argv.includes('--help') && !argv.includes('-h')) {
    return forwardToLive(live, argv, process.env.SCRUTIN_PASSWORD ?? null, (url) => `un poste tourne sur ce dossier de données (${url}) mais ne répond pas ; arrêtez-le avant d'utiliser la base directement.`);
  }
  try {
    return await runCli(argv, env);
  } finally {
    await db?.close();
  }
}

process.exitCode = await main();
