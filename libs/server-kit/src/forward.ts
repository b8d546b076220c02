import { CONSOLE_HEARTBEAT_MS, type ConsoleLine } from './console-protocol.js';
import type { LockInfo } from './station-lock.js';

/** Silence, in heartbeats, after which a server that had accepted the command is said to have stopped answering. */
const MISSED_HEARTBEATS = 12;

/**
 * Runs a command inside the live process that owns a PGlite folder (station or platform), with the
 * passwords (and certificate passphrase) read from this terminal's environment, printing its output as it comes, and returns its exit
 * code. A command may run for minutes (an urn check): it is never cut while the server keeps sending heartbeats; only a server that cannot be reached, or that
 * falls silent for a minute, is reported with `notResponding` (or a warning that the command may still
 * be running there).
 */
export async function forwardToLive(
  live: LockInfo,
  argv: string[],
  secrets: { password: string | null; newPassword?: string | null; certPassphrase?: string | null },
  notResponding: (url: string) => string,
): Promise<number> {
  const silence = new AbortController();
  let watchdog: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => silence.abort(), CONSOLE_HEARTBEAT_MS * MISSED_HEARTBEATS);
  };
  arm();
  const res = await fetch(`${live.url}/api/console`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Console-Token': live.consoleToken },
    body: JSON.stringify({ argv, cwd: process.cwd(), password: secrets.password, newPassword: secrets.newPassword ?? null, certPassphrase: secrets.certPassphrase ?? null }),
    signal: silence.signal,
  }).catch(() => null);
  if (!res?.ok || !res.body) {
    clearTimeout(watchdog);
    const refusal = res ? ((await res.json().catch(() => null)) as { error?: { message?: string } } | null) : null;
    process.stderr.write(`Erreur : ${refusal?.error?.message ?? notResponding(live.url)}\n`);
    return 1;
  }
  const decoder = new TextDecoder();
  let pending = '';
  try {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arm();
      pending += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = JSON.parse(pending.slice(0, newline)) as ConsoleLine;
        pending = pending.slice(newline + 1);
        if ('out' in line) process.stdout.write(line.out);
        else if ('err' in line) process.stderr.write(line.err);
        else if ('code' in line) return line.code;
      }
    }
  } catch {
    // Aborted by the watchdog or the connection was cut: handled below.
  } finally {
    clearTimeout(watchdog);
  }
  process.stderr.write(
    `Erreur : le serveur (${live.url}) a cessé de répondre pendant la commande ; elle s’y poursuit peut-être. Consultez son journal (état, « scrutin journal verify ») avant de la relancer.\n`,
  );
  return 1;
}
