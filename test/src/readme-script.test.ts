import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './station-fixture.js';
import { exited, freePort } from './station-process.js';

/**
 * The README is a script: every ```sh block of its two walk-throughs runs here as written, in order,
 * with bash, so that the README cannot drift from the code again (issue 18). Nothing of the commands is
 * copied into this file: change the README and this test follows.
 *
 * Where it runs: a fresh folder that looks like a clone (a symbolic link to each top-level entry of the
 * repository, no `data/`), so that `npm start`, `npx scrutin …` and `examples/…` resolve as at the root
 * of a clone while every file the walk-through writes (data folder, passwords, PV, bundle) stays in the
 * temporary folder. A block whose only command is `npm start` or `npm run platform` is the first terminal
 * of the README: it is started in the background (with PORT set to a free port, so that tests running
 * side by side do not fight over 8080) and left running until the end; the other blocks run one after
 * the other, each in its own `bash -e -o pipefail` (a failing command fails the block). The two
 * walk-throughs run side by side, each in its own folder, as two newcomers would (see `Walk`). The only other
 * differences from a newcomer's terminal: SCRUTIN_VAULT_LOG_N lowers the scrypt cost of the key
 * ceremony's vaults, as evote's own tests do, SCRUTIN_PASSWORD_LOG_N (set by jest.config.cjs for every
 * test) that of the staff passwords, and `npx scrutin…` runs the workspace's bin without npm's start-up.
 */

type Block = { section: string; index: number; code: string };

/** npm's own npx, as the PATH of this process finds it. */
function realNpx(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'npx'))) return join(dir, 'npx');
  throw new Error('npx introuvable dans le PATH');
}

const SECTIONS = ['## Premiers pas', '## Vote par internet'];
const SERVERS = /^(npm start|npm run platform)\b/;

/** The ```sh blocks of the README's walk-through sections, in order. */
function readmeBlocks(readme: string): Block[] {
  const blocks: Block[] = [];
  const parts = readme.split(/^(?=## )/m);
  for (const part of parts) {
    const section = SECTIONS.find((s) => part.startsWith(s));
    if (!section) continue;
    let index = 0;
    for (const m of part.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) blocks.push({ section, index: index++, code: m[1]! });
  }
  return blocks;
}

/** The commands of a block, without comments and blank lines. */
const commands = (code: string) =>
  code
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim())
    .filter(Boolean);

const isServer = (b: Block) => {
  const c = commands(b.code);
  return c.length === 1 && SERVERS.test(c[0]!);
};

type Ran = { code: number | null; out: string; err: string; ms: number; slowest: string[] };

/**
 * Each command's start time, from bash's own trace (`set -x` with the time in PS4, written to fd 3 so
 * that the block's stdout and stderr stay as a terminal shows them): where a block spends its time.
 * PS4 is set in the script because bash ignores it in the environment when run as root.
 */
const TRACE = "PS4='+ $EPOCHREALTIME '; BASH_XTRACEFD=3; set -x\n";

/** The `count` commands that took longest, « 12.3 s npx scrutin … », from a `TRACE` log ending at `endMs`. */
function slowestCommands(trace: string, endMs: number, count = 3): string[] {
  const starts = [...trace.matchAll(/^\++ (\d+\.\d+) (.*)$/gm)].map((m) => ({ at: Number(m[1]) * 1000, command: m[2]! }));
  return starts
    .map((s, i) => ({ ms: (starts[i + 1]?.at ?? endMs) - s.at, command: s.command }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((c) => `${(c.ms / 1000).toFixed(1)} s ${c.command.slice(0, 100)}`);
}

function runBlock(code: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', TRACE + code], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let trace = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdio[3]!.on('data', (d: Buffer) => (trace += d.toString()));
    child.on('close', (c) => resolve({ code: c, out, err, ms: Date.now() - started, slowest: slowestCommands(trace, Date.now()) }));
  });
}

async function waitForHealth(health: string, child: ChildProcess, log: () => string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`le serveur s'est arrêté au démarrage (code ${child.exitCode})\n${log()}`);
    if (await fetch(health).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`le serveur ne répond pas sur ${health}\n${log()}`);
}

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const blocks = readmeBlocks(readme);

test('the README has both walk-throughs, each with a server start and commands', () => {
  for (const s of SECTIONS) expect(blocks.filter((b) => b.section === s && !isServer(b)).length).toBeGreaterThan(1);
  expect(blocks.filter(isServer).map((b) => commands(b.code)[0]!.split(' ').slice(0, 3).join(' '))).toEqual(['npm start', 'npm start', 'npm run platform']);
  // The install block (CI runs it) is above the walk-throughs, not among them.
  expect(blocks.some((b) => /npm ci/.test(b.code))).toBe(false);
});

/** What each walk-through must have printed besides exiting with 0 at every block. */
const EXPECTED: Record<string, RegExp[]> = {
  '## Premiers pas': [/Compteurs exacts\./, /Journal intègre/, /(double vote confirmé|doubles votes confirmés) :/, /Urne CCIT-S2 validée/, /DÉPOUILLEMENT VÉRIFIÉ/, /ÉLU\(E\)/, /Signature is Valid/, /pv\.pdf : VALIDE/, /Scrutin figé/],
  '## Vote par internet': [/Plateforme chargée : 200 électeurs/, /Vote clos le/, /Émargement électronique chargé/, /Dépouillement électronique écrit dans tally\.json/, /DÉPOUILLEMENT VÉRIFIÉ/, /Résultats CCIGO26/],
};

/**
 * A walk-through under way: its blocks run in order in the background, each block's test awaits its
 * outcome (null, or why it failed). Both walk-throughs run at the same time: the internet one spends most
 * of its time waiting for the closing time it set ten minutes ahead (« until … AFTER_CLOSING »), which
 * the first walk-through's commands fill instead of leaving a test worker idle.
 */
type Walk = { outcomes: Promise<string | null>[]; outputs: string[]; servers: ChildProcess[]; done: Promise<void> };

/**
 * One server start at a time across walk-throughs: `npm start` and `npm run platform` rebuild the
 * dashboard, the booth and dist/ of the one repository both folders link to, when a source changed.
 */
let serverStarts: Promise<unknown> = Promise.resolve();
function oneServerStartAtATime<T>(start: () => Promise<T>): Promise<T> {
  const next = serverStarts.then(start, start);
  serverStarts = next.catch(() => undefined);
  return next;
}

/** Starts `section`'s walk-through in `dir` (« Sur un poste neuf »: a fresh clone-like folder each). */
function walkThrough(section: string, dir: string): Walk {
  const servers: ChildProcess[] = [];
  const outputs: string[] = [];
  const own = blocks.filter((b) => b.section === section);
  const settle: ((error: string | null) => void)[] = [];
  const outcomes = own.map(() => new Promise<string | null>((resolve) => settle.push(resolve)));

  async function prepare(): Promise<NodeJS.ProcessEnv> {
    for (const entry of readdirSync(REPO_ROOT)) {
      if (['data', 'platform-data', '.git'].includes(entry)) continue;
      symlinkSync(join(REPO_ROOT, entry), join(dir, entry));
    }
    // `npx NAME` of a bin the workspaces install runs node_modules/.bin/NAME, as npx resolves it, without
    // npm's own start-up: 0.6 s of CPU for each of the hundred commands. Any other npx call is npm's.
    const bin = join(dir, '.npx');
    mkdirSync(bin);
    const npx = join(bin, 'npx');
    writeFileSync(npx, `#!/bin/sh\nif [ -x "node_modules/.bin/$1" ]; then name=$1; shift; exec "node_modules/.bin/$name" "$@"; fi\nexec ${JSON.stringify(realNpx())} "$@"\n`);
    chmodSync(npx, 0o755);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, PORT: String(await freePort()), PLATFORM_PORT: String(await freePort()), SCRUTIN_VAULT_LOG_N: '10', NODE_OPTIONS: '', LOG_LEVEL: 'warn' };
    // The README's station and platform run on PGlite in ./data and ./platform-data, as a newcomer's do.
    for (const name of ['DATABASE_URL', 'PLATFORM_DATABASE_URL', 'SCRUTIN_DATA', 'SCRUTIN_PASSWORD', 'SCRUTIN_NEW_PASSWORD', 'SCRUTIN_CERT_PASSPHRASE', 'PLATFORM_PASSWORD']) delete env[name];
    return env;
  }

  async function run(block: Block, env: NodeJS.ProcessEnv): Promise<void> {
    const name = `bloc ${block.index + 1} : ${commands(block.code)[0] ?? ''}`;
    if (isServer(block)) {
      await oneServerStartAtATime(async () => {
        let log = '';
        const command = commands(block.code)[0]!;
        const child = spawn('bash', ['-c', `exec ${command}`], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
        child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
        servers.push(child);
        const health = command.startsWith('npm start') ? `http://127.0.0.1:${env.PORT}/api/health` : `http://127.0.0.1:${env.PLATFORM_PORT}/api/status`;
        const started = Date.now();
        await waitForHealth(health, child, () => log);
        process.stderr.write(`README ${section.slice(3)}, ${name} : à l'écoute après ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      });
      return;
    }
    const r = await runBlock(block.code, dir, env);
    outputs.push(r.out);
    process.stderr.write(`README ${section.slice(3)}, ${name.split(' : ')[0]} : ${(r.ms / 1000).toFixed(1)} s ; les plus lentes : ${r.slowest.join(' | ')}\n`);
    if (r.code !== 0) throw new Error(`bloc en échec (code ${r.code})\n--- bloc ---\n${block.code}\n--- sortie ---\n${r.out}\n--- erreurs ---\n${r.err}`);
  }

  const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const done = (async () => {
    let env: NodeJS.ProcessEnv;
    try {
      env = await prepare();
    } catch (e) {
      for (const s of settle) s(`préparation du dossier : ${reason(e)}`);
      return;
    }
    // As in a terminal, a failed block does not stop the next ones: each block's test says which failed.
    for (const [i, block] of own.entries()) settle[i]!(await run(block, env).then(() => null, reason));
  })();
  return { outcomes, outputs, servers, done };
}

const walks = new Map<string, Walk>();
const dirs = new Map(SECTIONS.map((s) => [s, mkdtempSync(join(tmpdir(), 'scrutin-readme-'))]));
beforeAll(() => {
  for (const section of SECTIONS) walks.set(section, walkThrough(section, dirs.get(section)!));
});

for (const section of SECTIONS) {
  describe(`README ${section.slice(3)}, run as written`, () => {
    const walk = () => walks.get(section)!;

    afterAll(async () => {
      await walk().done;
      // Ctrl+C in the server's terminal: SIGINT to its whole process group (npm, sh and node), then
      // SIGKILL to what is left after a minute.
      for (const s of walk().servers) {
        if (s.exitCode !== null || s.signalCode !== null) continue;
        process.kill(-s.pid!, 'SIGINT');
        const killer = setTimeout(() => process.kill(-s.pid!, 'SIGKILL'), 60_000);
        await exited(s);
        clearTimeout(killer);
      }
      rmSync(dirs.get(section)!, { recursive: true, force: true });
    }, 120_000);

    for (const [i, block] of blocks.filter((b) => b.section === section).entries()) {
      test(`bloc ${block.index + 1} : ${commands(block.code)[0] ?? ''}`, async () => {
        const error = await walk().outcomes[i]!;
        if (error) throw new Error(error);
      }, 1_200_000);
    }

    test('key outputs', () => {
      const all = walk().outputs.join('\n');
      for (const expected of EXPECTED[section]!) expect(all).toMatch(expected);
      if (section !== '## Premiers pas') return;
      // `counters`: « Plis mis à part » is exactly the sum of the reasons listed under it (issue 18 item 4).
      const total = Number(/Plis mis à part : (\d+)/.exec(all)?.[1]);
      const reasons = [...all.matchAll(/^ {2}dont .+ : (\d+)$/gm)].map((m) => Number(m[1]));
      expect(total).toBeGreaterThan(0);
      expect(reasons.reduce((n, x) => n + x, 0)).toBe(total);
    });
  });
}
