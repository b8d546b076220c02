import '@scrutin/basics/french-messages.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '@scrutin/db';
import type express from 'express';
import pino, { type Logger } from 'pino';
import { availableParallelism } from 'node:os';
import { WorkerPool } from '@scrutin/evote/node/pool.js';
import { createContext, type PlatformContext, type VerificationOptions } from './context.js';
import { createPlatformApp } from './http/app.js';
import type { AnonymityOptions } from './voting/anonymity-batcher.js';
import { listenWithKeepAlive } from '@scrutin/server-kit/keep-alive.js';

export const BOOTH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'booth', 'dist');

export type RunningPlatform = { url: string; port: number; ctx: PlatformContext; close(): Promise<void> };

export type PlatformOptions = {
  db: Db;
  port?: number;
  host?: string;
  now?: () => Date;
  log?: Logger;
  boothDir?: string;
  extend?: (app: express.Express, ctx: PlatformContext) => void;
  /** Worker threads verifying ballot proofs (default: one per core; `serve` gives PLATFORM_VERIFY_WORKERS); 0 = on the request thread. */
  verifyWorkers?: number;
  /** Reverse proxies whose X-Forwarded-For is believed (`serve` gives PLATFORM_TRUSTED_PROXY; default none). */
  trustedProxy?: string | undefined;
  /** `direct` turns batching off (benchmark baseline). */
  verification?: 'direct' | 'batched';
  /** Anonymity batch of the urn (`serve` gives the PLATFORM_ANONYMITY_* variables; default k = 32; docs/platform.md). */
  anonymity?: AnonymityOptions;
};

function verificationOptions(options: PlatformOptions): VerificationOptions {
  if (options.verification === 'direct') return 'direct';
  const workers = options.verifyWorkers ?? availableParallelism();
  return { pool: workers > 0 ? new WorkerPool(workers) : null };
}

/** Starts the voting platform's HTTP server (booth, board, staff API) on its own database; port 0 = any free port. */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const log = options.log ?? pino({ level: 'silent' });
  const ctx = createContext(options.db, options.now, verificationOptions(options), options.anonymity ?? {});
  await (await ctx.verifier())?.warm?.();
  const app = createPlatformApp(ctx, { log, trustedProxy: options.trustedProxy, boothDir: options.boothDir ?? BOOTH_DIR, extend: options.extend && ((a) => options.extend!(a, ctx)) });
  const host = options.host ?? '127.0.0.1';
  const { port, close } = await listenWithKeepAlive(app, options.port ?? 0, host);
  return {
    url: `http://${host}:${port}`,
    port,
    ctx,
    close: async () => {
      await close();
      await ctx.close();
    },
  };
}
