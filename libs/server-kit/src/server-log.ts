import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

/**
 * The logger of a long-running server (`scrutin serve`, `scrutin-platform serve`): JSON lines appended to
 * `file` from `level` up (pino's levels, info by default: LOG_LEVEL), in the data folder by default and
 * private to Scrutin's user like everything it writes; warnings and errors also on the standard output,
 * where the person who started the server is looking (one line per request there would drown it).
 * Format: docs/operations.md.
 */
export function serverLog(file: string, level = 'info'): Logger {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const toFile = pino.destination({ dest: file, append: true, mkdir: true, sync: false, mode: 0o600 });
  return pino({ level, base: { pid: process.pid } }, pino.multistream([{ stream: process.stdout, level: 'warn' }, { stream: toFile, level: level as pino.Level }]));
}
