import type { Db } from '@scrutin/db';
import type { CliEnv } from '@scrutin/station/cli/context.js';
import { forwardToLive } from '@scrutin/station/cli/forward.js';
import { liveStation } from '@scrutin/station/cli/station-lock.js';
import { openPlatformDatabase } from '../database.js';
import { lockEnv, platformDataDir, runCli } from './main.js';

/** Terminal entry point: forwards to a live platform that owns the PGlite folder, or opens the database itself. */
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
      db ??= await openPlatformDatabase({ url: process.env.PLATFORM_DATABASE_URL, dataDir: platformDataDir(env) });
      return db;
    },
  };
  const local = ['serve', 'load-from-station'].includes(argv[0] ?? '') || argv.includes('--help') || argv.includes('-h');
  const live = process.env.PLATFORM_DATABASE_URL || local ? null : liveStation(lockEnv(env));
  if (live && argv.length > 0) {
    return forwardToLive(live, argv, process.env.PLATFORM_PASSWORD ?? null, (url) => `une plateforme tourne sur ce dossier (${url}) mais ne répond pas ; arrêtez-la avant d’utiliser la base directement.`);
  }
  try {
    return await runCli(argv, env);
  } finally {
    await db?.close();
  }
}

process.exitCode = await main();
