import { timingSafeEqual } from 'node:crypto';
import express, { type Express } from 'express';
import { z } from 'zod';
import type { CliEnv } from './cli.js';
import { CONSOLE_HEARTBEAT_MS, type ConsoleLine } from './console-protocol.js';

const bodySchema = z.object({ argv: z.array(z.string().max(10_000)).max(100), cwd: z.string().max(4096), password: z.string().max(200).nullable(), newPassword: z.string().max(200).nullable().optional(), certPassphrase: z.string().max(1000).nullable().optional() });
export type ConsoleCommand = z.infer<typeof bodySchema>;
/** Runs one forwarded command with the given output sinks; resolves to its exit code. */
export type ConsoleRunner = (command: ConsoleCommand, output: Pick<CliEnv, 'out' | 'err'>) => Promise<number>;

/**
 * Commands typed beside a server on PGlite are executed inside it, since PGlite admits one process
 * (the station's `scrutin` and the platform's `scrutin-platform`). Loopback only, with the token from
 * the data folder's lock file; `owner` completes the refusal (« du poste », « de la plateforme »).
 */
export function mountConsole(app: Express, consoleToken: string, owner: string, run: ConsoleRunner): void {
  app.post('/api/console', express.json({ limit: '1mb' }), async (req, res) => {
    const given = Buffer.from(String(req.headers['x-console-token'] ?? ''));
    const expected = Buffer.from(consoleToken);
    const local = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
    if (!local || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(403).json({ error: { code: 'FORBIDDEN', message: `Console réservée aux commandes locales ${owner}.` } });
      return;
    }
    const parsed = bodySchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'INVALID_REQUEST', message: 'Commande illisible.' } });
      return;
    }
    // The answer is a stream of JSON lines — {"out"}, {"err"}, a {"alive"} heartbeat every few seconds, then
    // {"code"} — so that a command running for minutes shows its progress and the terminal can tell a
    // station at work from a station that no longer answers (console-protocol.ts).
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' });
    const send = (line: ConsoleLine) => res.write(JSON.stringify(line) + '\n');
    const heartbeat = setInterval(() => send({ alive: true }), CONSOLE_HEARTBEAT_MS);
    try {
      const code = await run(parsed.data, { out: (t) => send({ out: t }), err: (t) => send({ err: t }) });
      send({ code });
    } catch (e) {
      send({ err: `Erreur inattendue : ${(e as Error).message}\n` });
      send({ code: 70 });
    } finally {
      clearInterval(heartbeat);
      res.end();
    }
  });
}
