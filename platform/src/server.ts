import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '@scrutin/db';
import type express from 'express';
import pino, { type Logger } from 'pino';
import { createContext, type PlatformContext } from './context.js';
import { createPlatformApp } from './http/app.js';

export const BOOTH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'booth', 'dist');

export type RunningPlatform = { url: string; port: number; ctx: PlatformContext; close(): Promise<void> };

/** Starts the voting platform's HTTP server (booth, board, staff API) on its own database; port 0 = any free port. */
export async function startPlatform(options: { db: Db; port?: number; host?: string; now?: () => Date; log?: Logger; boothDir?: string; extend?: (app: express.Express, ctx: PlatformContext) => void }): Promise<RunningPlatform> {
  const log = options.log ?? pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const ctx = createContext(options.db, options.now);
  const app = createPlatformApp(ctx, { log, boothDir: options.boothDir ?? BOOTH_DIR, extend: options.extend && ((a) => options.extend!(a, ctx)) });
  const host = options.host ?? '127.0.0.1';
  const server = app.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 5000;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    ctx,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
