import { timingSafeEqual } from 'node:crypto';
import express, { type Express } from 'express';
import { z } from 'zod';
import type { Context } from './route.js';

const bodySchema = z.object({ argv: z.array(z.string().max(10_000)).max(100), cwd: z.string().max(4096), password: z.string().max(200).nullable() });

/**
 * `scrutin` commands run beside a station on PGlite are executed inside it, since PGlite
 * admits one process. Loopback only, with the token from the data folder's lock file.
 */
export function mountConsole(app: Express, ctx: Context, consoleToken: string, url: () => string): void {
  app.post('/api/console', express.json({ limit: '1mb' }), async (req, res) => {
    const given = Buffer.from(String(req.headers['x-console-token'] ?? ''));
    const expected = Buffer.from(consoleToken);
    const local = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
    if (!local || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Console réservée aux commandes locales du poste.' } });
      return;
    }
    const parsed = bodySchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'INVALID_REQUEST', message: 'Commande illisible.' } });
      return;
    }
    let stdout = '';
    let stderr = '';
    const { runCli } = await import('../cli/main.js');
    const code = await runCli(parsed.data.argv, {
      out: (t) => (stdout += t),
      err: (t) => (stderr += t),
      cwd: parsed.data.cwd,
      env: { ...process.env, SCRUTIN_PASSWORD: parsed.data.password ?? undefined, SCRUTIN_STATION_URL: url() },
      inStation: true,
      db: async () => ctx.db,
    });
    ctx.events.publish('counters');
    res.json({ code, stdout, stderr });
  });
}
