import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './station-fixture.js';

/**
 * dist/ is current only when built from the sources as they are: scripts/build.mjs's stale() (every bin but the
 * verifier's, through ensureBuilt) and the verifier's bin (which may not import the recipe) both compare the
 * list of sources the stamp records, not only dates. A source deleted since the build changes no date, and dist/
 * would still hold, and serve, its compiled copy. Run on a copy: the recipe and the verifier's bin in a temporary
 * repository whose verifier has two modules, the node_modules of this one linked in.
 */
describe('the build stamp (dist/build-stamp.json)', () => {
  let root: string;
  let src: string;
  const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  /** stale('verifier') of the copied recipe, after building first when `build`. */
  const stale = (build = false) =>
    node(['--input-type=module', '-e', `const b = await import(${JSON.stringify(pathToFileURL(join(root, 'scripts', 'build.mjs')).href)}); ${build ? "await b.build(['verifier']); " : ''}process.stdout.write(String(b.stale('verifier')));`]);
  /** What the verifier's bin ran: its compiled `dist` or its TypeScript `src` (through tsx). */
  const ran = () => node([join(root, 'verifier', 'bin', 'scrutin-verify-urn.js')]);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'scrutin-build-stamp-'));
    src = join(root, 'verifier', 'src');
    mkdirSync(join(root, 'scripts'));
    mkdirSync(join(root, 'verifier', 'bin'), { recursive: true });
    mkdirSync(src);
    copyFileSync(join(REPO_ROOT, 'scripts', 'build.mjs'), join(root, 'scripts', 'build.mjs'));
    copyFileSync(join(REPO_ROOT, 'verifier', 'bin', 'scrutin-verify-urn.js'), join(root, 'verifier', 'bin', 'scrutin-verify-urn.js'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'verifier', 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(src, 'cli.ts'), "process.stdout.write(import.meta.url.includes('/dist/') ? 'dist' : 'src');\n");
    writeFileSync(join(src, 'extra.ts'), 'export const extra = 1;\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('a source deleted since the build, or one added with an older date, makes dist/ stale for the recipe and the verifier', () => {
    expect(stale(true)).toBe('false');
    expect(ran()).toBe('dist');
    rmSync(join(src, 'extra.ts'));
    expect(stale()).toBe('true');
    expect(ran()).toBe('src');
    expect(stale(true)).toBe('false');
    expect(ran()).toBe('dist');
    writeFileSync(join(src, 'late.ts'), 'export const late = 1;\n');
    utimesSync(join(src, 'late.ts'), new Date('2020-01-01'), new Date('2020-01-01'));
    expect(stale()).toBe('true');
    expect(ran()).toBe('src');
  });
});
