// Compiles the TypeScript of the server-side workspaces to JavaScript, so that the CLIs and servers
// start on plain Node (no TypeScript compiler at run time): `npx scrutin --help` went from about 3 s
// (tsx, quiet machine) to a fraction of a second (bench/RESULTS.md, « Démarrage de la CLI »).
//
// Each workspace's src/ becomes dist/ beside it, file for file and at the same depth, so that every path
// a module computes from import.meta.url (migrations, dashboard, fonts, worker entries) stays right.
// Transpiling only: types are checked by `npm run lint` (tsc -b), never here.
//
// Which code runs where (docs/design.md, « Code compilé et sources ») :
// - plain Node (bins, servers, their worker threads) resolves @scrutin/* to dist/ (package "exports",
//   condition "default");
// - tsc, jest, vite and tsx-run scripts resolve it to src/ through the condition "scrutin-source".
//
// Usage: `node scripts/build.mjs` builds; `ensureBuilt()` (imported by every bin) rebuilds only when a
// source is newer than the last build or the list of sources changed (dist/build-stamp.json), so a fresh
// clone, an edited source or a deleted one never runs stale code. `node scripts/build.mjs --front-end
// dashboard|booth` builds a web front end unless it is up to date (`npm start`, `npm run platform`).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The workspaces whose src/ runs under plain Node; dashboard and the booth are bundled by vite instead. */
export const COMPILED_WORKSPACES = ['libs/basics', 'libs/domain', 'libs/contract', 'db', 'libs/server-kit', 'evote', 'verifier', 'station', 'scanner-drivers', 'platform'];
const STAMP = 'build-stamp.json';

/** Every file under `dir`, as paths relative to it, sorted; tests are not shipped, dependencies and builds not sources. */
function sources(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist' && !entry.name.startsWith('dist.')) walk(path);
      } else if (!entry.name.endsWith('.test.ts')) out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** The newest modification time (ms) among a workspace's sources (`files`, below its src/), its package.json and this recipe. */
function newestSource(workspace, files) {
  const src = join(ROOT, workspace, 'src');
  let newest = Math.max(statSync(fileURLToPath(import.meta.url)).mtimeMs, statSync(join(ROOT, workspace, 'package.json')).mtimeMs);
  for (const file of files) newest = Math.max(newest, statSync(join(src, file)).mtimeMs);
  return newest;
}

/**
 * True when `workspace`'s dist/ is missing, older than one of its sources, or built from another list of
 * sources: a source deleted (or one added with an old date, as a checkout or an archive may leave it) changes
 * no date the first test sees, and dist/ would keep, and serve, the compiled copy of a deleted module.
 */
export function stale(workspace) {
  try {
    const stamp = JSON.parse(readFileSync(join(ROOT, workspace, 'dist', STAMP), 'utf8'));
    const files = sources(join(ROOT, workspace, 'src'));
    return newestSource(workspace, files) > stamp.newestSource || JSON.stringify(files) !== JSON.stringify(stamp.sources);
  } catch {
    return true;
  }
}

/**
 * Compiles one workspace into a fresh folder, then swaps it for dist/ with two renames, so that another
 * process starting meanwhile sees the old complete dist/ or the new one, never a half-written one.
 */
async function buildWorkspace(esbuild, workspace) {
  const base = join(ROOT, workspace);
  const files = sources(join(base, 'src'));
  const newest = newestSource(workspace, files);
  const tmp = join(base, `dist.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: files.filter((f) => f.endsWith('.ts')).map((f) => join(base, 'src', f)),
    outbase: join(base, 'src'),
    outdir: tmp,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'error',
  });
  // Plain JavaScript (the worker entries) is copied as is; anything else would be an asset read at run time.
  for (const file of files.filter((f) => !f.endsWith('.ts'))) {
    mkdirSync(dirname(join(tmp, file)), { recursive: true });
    copyFileSync(join(base, 'src', file), join(tmp, file));
  }
  // The stamp: what dist/ was built from, which stale() and the verifier's bin compare with src/ as it is.
  writeFileSync(join(tmp, STAMP), JSON.stringify({ newestSource: newest, sources: files }) + '\n');
  const old = join(base, `dist.old-${process.pid}`);
  if (existsSync(join(base, 'dist'))) renameSync(join(base, 'dist'), old);
  renameSync(tmp, join(base, 'dist'));
  rmSync(old, { recursive: true, force: true });
}

/** Compiles the given workspaces (all by default), whether stale or not. */
export async function build(workspaces = COMPILED_WORKSPACES) {
  const esbuild = await import('esbuild');
  for (const workspace of workspaces) await buildWorkspace(esbuild, workspace);
}

/**
 * Compiles whatever is stale; costs a few milliseconds of file dates when nothing is. Called by every bin
 * before importing its compiled entry.
 */
export async function ensureBuilt() {
  const todo = COMPILED_WORKSPACES.filter(stale);
  if (todo.length > 0) await build(todo);
}

/**
 * The web front ends that vite bundles, each with its npm build script and the inputs its bundle is made
 * from: its own folder, the sources of the libraries it imports (scrutin-source condition) and the lock file.
 */
const FRONT_ENDS = {
  dashboard: { bundle: 'dashboard/dist/index.html', build: ['run', 'build', '-w', 'dashboard'], inputs: ['dashboard/src', 'dashboard/index.html', 'dashboard/vite.config.ts', 'dashboard/tsconfig.json', 'dashboard/package.json', 'libs', 'examples', 'package-lock.json'] },
  booth: { bundle: 'platform/booth/dist/index.html', build: ['run', 'build', '-w', 'platform'], inputs: ['platform/booth', 'platform/package.json', 'libs', 'evote/src', 'package-lock.json'] },
};

/** Every source file of the inputs (files or folders, relative to the root), as `sources` finds them, sorted. */
function inputFiles(inputs) {
  return inputs.flatMap((input) => (statSync(join(ROOT, input)).isDirectory() ? sources(join(ROOT, input)).map((f) => join(input, f)) : [input])).sort();
}

/**
 * Builds the front end `name` (a key of FRONT_ENDS) with its npm script unless its bundle was built from the
 * inputs as they are (the same files, none newer), as recorded in node_modules/.cache/scrutin/: `npm start`
 * and `npm run platform` start in a second when nothing changed, rather than after a type check and a vite
 * build of 10 to 20 s. A build that fails leaves no record, so the next start builds again.
 */
export async function ensureFrontEndBuilt(name) {
  const front = FRONT_ENDS[name];
  const record = join(ROOT, 'node_modules', '.cache', 'scrutin', `front-end-${name}.json`);
  const files = inputFiles(front.inputs);
  const newest = Math.max(statSync(fileURLToPath(import.meta.url)).mtimeMs, ...files.map((f) => statSync(join(ROOT, f)).mtimeMs));
  try {
    const built = JSON.parse(readFileSync(record, 'utf8'));
    if (existsSync(join(ROOT, front.bundle)) && built.newest >= newest && JSON.stringify(built.files) === JSON.stringify(files)) return;
  } catch {
    // No record yet: build.
  }
  rmSync(record, { force: true });
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync('npm', ['--silent', ...front.build], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  // 0700: node_modules/.cache/scrutin also keeps the empty PGlite cluster new data folders copy
  // (db/src/pglite-cluster.ts), trusted only if no one else can write there.
  mkdirSync(dirname(record), { recursive: true, mode: 0o700 });
  writeFileSync(record, JSON.stringify({ newest, files }) + '\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ui = process.argv.indexOf('--front-end');
  const name = process.argv[ui + 1];
  if (ui >= 0 && !Object.hasOwn(FRONT_ENDS, name)) {
    console.error(`scripts/build.mjs --front-end : interface inconnue « ${name ?? ''} » (${Object.keys(FRONT_ENDS).join(' ou ')}).`);
    process.exit(2);
  }
  if (ui >= 0) await ensureFrontEndBuilt(name);
  else await (process.argv.includes('--if-stale') ? ensureBuilt() : build());
}
