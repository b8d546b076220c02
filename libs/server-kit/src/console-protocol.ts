/**
 * The console's answer to a forwarded command (`POST /api/console`), shared by the server (console.ts)
 * and the terminal (forward.ts): a stream of JSON lines, each one of these, the exit code last.
 */
export type ConsoleLine = { out: string } | { err: string } | { alive: true } | { code: number };

/** The server sends `{ alive: true }` this often while a command runs; the terminal gives up after a minute of silence. */
export const CONSOLE_HEARTBEAT_MS = 5000;
