import type { LockInfo } from './station-lock.js';

/**
 * Runs a command inside the live process that owns a PGlite folder (station or platform),
 * prints what it printed and returns its exit code.
 */
export async function forwardToLive(live: LockInfo, argv: string[], password: string | null, notResponding: (url: string) => string): Promise<number> {
  const res = await fetch(`${live.url}/api/console`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Console-Token': live.consoleToken },
    body: JSON.stringify({ argv, cwd: process.cwd(), password }),
  }).catch(() => null);
  if (res?.ok) {
    const r = (await res.json()) as { code: number; stdout: string; stderr: string };
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  }
  process.stderr.write(`Erreur : ${notResponding(live.url)}\n`);
  return 1;
}
