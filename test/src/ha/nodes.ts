// Platform nodes as real processes (`scrutin-platform serve`) and HAProxy in front of them, run from the
// sample configuration docker/haproxy.cfg with this machine's ports (issue 17, item 1).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../station-fixture.js';
import { freePort } from './cluster.js';

const PLATFORM_BIN = join(REPO_ROOT, 'platform', 'bin', 'scrutin-platform.js');

export type Node = { name: string; port: number; process: ChildProcess; kill(): void };

/**
 * Starts `scrutin-platform serve` on a free port against `databaseUrl` and waits for its « à l’écoute » line.
 * `env` overrides the node's environment (e.g. PLATFORM_VERIFY_WORKERS for bench/booth's nodes mode).
 */
export async function startNode(name: string, databaseUrl: string, dataDir: string, env: Record<string, string> = {}): Promise<Node> {
  const port = await freePort();
  const child = spawn(process.execPath, [PLATFORM_BIN, 'serve', '--port', String(port)], {
    cwd: dataDir,
    env: { ...process.env, NODE_OPTIONS: '', PLATFORM_DATABASE_URL: databaseUrl, PLATFORM_DATA: join(dataDir, name), PLATFORM_VERIFY_WORKERS: '0', PLATFORM_TRUSTED_PROXY: 'loopback', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} : pas démarré en 120 s\n${err}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/écoute sur/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} s’est arrêté (${code})\n${err}`));
    });
  });
  return {
    name,
    port,
    process: child,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export type Proxy = { url: string; stop(): Promise<void> };

/**
 * HAProxy in the foreground (-db) with docker/haproxy.cfg: the same defaults, checks and French error pages,
 * on a free port of 127.0.0.1 and with `nodes` as its servers. The global section's chroot, user, group,
 * daemon and syslog lines are those of a system service and are left out here, and maxconn is lowered
 * to what a test process's file limit allows.
 */
export async function startProxy(nodes: readonly Node[]): Promise<Proxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-haproxy-'));
  const sample = readFileSync(join(REPO_ROOT, 'docker', 'haproxy.cfg'), 'utf8');
  const config = sample
    .split('\n')
    .filter((l) => !/^\s*(chroot|user|group|daemon|log \/dev\/log)\b/.test(l))
    .filter((l) => !/^\s*server\s/.test(l))
    .map((l) => l.replace(/^(\s*maxconn\s+)\d+/, '$1500'))
    .map((l) => l.replace('/etc/haproxy/errors-scrutin', join(REPO_ROOT, 'docker', 'haproxy-errors')).replace(/^(\s*bind\s+)127\.0\.0\.1:8080/, `$1127.0.0.1:${port}`))
    .join('\n')
    .concat(nodes.map((n) => `    server ${n.name} 127.0.0.1:${n.port} check\n`).join(''));
  if (!config.includes(`127.0.0.1:${port}`)) throw new Error('docker/haproxy.cfg : ligne bind introuvable');
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config, { mode: 0o600 });
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  // Ready once every node has passed its checks (rise 2, inter 500 ms) and answers through the proxy.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`haproxy s’est arrêté : ${err}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 100) throw new Error(`haproxy ne répond pas : ${err}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
