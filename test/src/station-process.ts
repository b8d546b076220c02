import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './station-fixture.js';

/** A TCP port free on the loopback at the time of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** `scrutin serve` as a real child process (SCRUTIN_TEST_VERBOSE shows its log). */
export function startStationProcess(env: Record<string, string>, port: number): ChildProcess {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'station', 'bin', 'scrutin.js'), 'serve', '--port', String(port)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => process.env.SCRUTIN_TEST_VERBOSE && process.stderr.write(d));
  child.stdout!.resume();
  return child;
}

/** Waits until the station answers /api/health; throws if it exits first or stays silent. */
export async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`le poste s'est arrêté au démarrage (code ${child.exitCode})`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('le poste ne répond pas');
}

/** Resolves once the child has exited (at once if it already has). */
export const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
