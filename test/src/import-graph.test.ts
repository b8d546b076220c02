import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import ts from 'typescript';
import { filesBelow } from './source-files.js';
import { REPO_ROOT } from './station-fixture.js';

/**
 * The runtime import graph of the workspaces has no circle (issue 16): a circle makes the load order decide
 * which module sees the other half-initialised, and no part can be read or tested without the rest of the
 * ring. Edges are the imports that exist at run time: static and dynamic `import`, `export … from`;
 * `import type` is erased and does not count. Test files are left out.
 *
 * And the parts keep their boundaries (docs/design.md, « Les parties et leurs frontières »): the apps stand
 * on the libraries and never import one another; a library never imports an app. There every import counts,
 * `import type` included: a type taken from another app ties its releases to that app as much as a function.
 * A workspace's bin/ belongs to it. scripts/ and bench/ take what a workspace publishes, through its package
 * `exports`, never its internals by a relative path. No app imports a library module listed in LIBRARY_INTERNALS
 * (evote's group arithmetic). Shipped code imports no test code (isTestCode): neither test/, bench/ nor a
 * workspace's `testing` entry, which is its one export of test helpers. A dynamic import of a computed module escapes every one
 * of these checks: it is reported unless COMPUTED_IMPORTS allows it, with its reason.
 */
const LIBS = readdirSync(join(REPO_ROOT, 'libs')).map((name) => `libs/${name}`);
/** The apps: each runs on its own (a server, a CLI, a browser screen) and may change without the others. */
const APPS = ['station', 'platform', 'dashboard', 'scanner-drivers', 'verifier'];
/** The libraries: the ground floor (libs/*), the database layer and the protocol library (evote). */
const LIBRARIES = [...LIBS, 'db', 'evote'];
const WORKSPACES = [...LIBRARIES, ...APPS];
/** Every npm workspace (test/ and bench/ too): what scripts/ and bench/ must reach through its exports. */
const NPM_WORKSPACES = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
/** The folders of code of ours outside the workspaces' src/ and bin/. */
const OUTSIDE = ['scripts', 'bench'];

/**
 * The computed dynamic imports allowed, by file, and why: each loads one of a few modules known to its
 * author, which a static check cannot name. Any other `import(expression)` is reported.
 */
const COMPUTED_IMPORTS: Record<string, string> = {
  'evote/src/node/worker.js': 'worker entry: its body as .ts under tsx (tests) or as compiled .js, the same module beside it',
  'platform/src/credentials/letters-worker.js': 'worker entry: its body as .ts under tsx (tests) or as compiled .js, the same module beside it',
  'station/src/basics/off-thread-entry.js': "offThread's worker: runs the module its caller hands by URL (docs/design.md, worker threads)",
};

/** The code files below `dir` (none when it does not exist), tests, dependencies and compiled output left out. */
const sourceFiles = (dir: string): string[] => filesBelow(dir, (name) => /\.(ts|tsx|js|mjs)$/.test(name) && !name.endsWith('.test.ts'));

/** The module specifiers a file loads at run time, or with `types` every one it names, `import type` included. */
export function runtimeImports(fileName: string, text: string, { types = false } = {}): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const onlyTypes = clause && (clause.isTypeOnly || (!clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (types || !onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (types || !node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The lines (from 1) of a file's dynamic imports whose module is computed (`import(url)`), not written out. */
export function computedImports(fileName: string, text: string): number[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && !(node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]))) {
      lines.push(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

/**
 * The imports of a file of scripts/ or bench/ (`file`, relative to the repository) that reach by a relative path
 * into a workspace other than the file's own, as French sentences: `../../station/src/server.js` is the
 * station's internals, `@scrutin/station/server.js` what it publishes. `workspaces` lists the workspace folders.
 */
export function internalReaches(file: string, specifiers: readonly string[], workspaces: readonly string[]): string[] {
  const inside = (path: string) => workspaces.find((w) => path === w || path.startsWith(`${w}/`));
  return specifiers.flatMap((specifier) => {
    if (!specifier.startsWith('.')) return [];
    const target = posix.join(posix.dirname(file), specifier);
    const workspace = inside(target);
    if (!workspace || workspace === inside(file)) return [];
    return [`${file} importe « ${specifier} » : l'intérieur de ${workspace} ; passez par une entrée de ses exports (package.json)`];
  });
}

/** The workspace folder of a package name: `@scrutin/basics` is libs/basics, `@scrutin/station` is station, `@scrutin/test` is test. */
function workspaceOfPackage(name: string): string | undefined {
  return NPM_WORKSPACES.find((w) => w.split('/').pop() === name);
}

type ExportTarget = string | { 'scrutin-source'?: string; default?: string };

/**
 * The source file of each public entry of a workspace (`.`, `./cli.js`, `./testing`…), as its package `exports`
 * lists them, under the `scrutin-source` condition that tsc and jest take. Empty for a package without exports.
 */
const entriesOf = new Map<string, Map<string, string>>();
function publicEntries(workspace: string): Map<string, string> {
  const known = entriesOf.get(workspace);
  if (known) return known;
  const exports = (JSON.parse(readFileSync(join(REPO_ROOT, workspace, 'package.json'), 'utf8')) as { exports?: Record<string, ExportTarget> }).exports ?? {};
  const entries = new Map(
    Object.entries(exports).map(([entry, target]) => [entry, join(REPO_ROOT, workspace, typeof target === 'string' ? target : (target['scrutin-source'] ?? target.default ?? ''))]),
  );
  entriesOf.set(workspace, entries);
  return entries;
}

/**
 * The repository file a specifier names, or null for a package outside the repository, a builtin or a style
 * sheet; a package of ours resolves through its `exports` alone, as Node and tsc resolve it.
 */
function resolveSpecifier(from: string, specifier: string): string | null {
  if (specifier.endsWith('.css')) return null;
  if (!specifier.startsWith('.')) {
    const m = /^@scrutin\/([^/]+)(?:\/(.*))?$/.exec(specifier);
    const workspace = m && workspaceOfPackage(m[1]!);
    if (!workspace) return null;
    const entry = publicEntries(workspace).get(m![2] === undefined ? '.' : `./${m![2]}`);
    if (entry && existsSync(entry)) return entry;
    throw new Error(`${relative(REPO_ROOT, from)} : « ${specifier} » n'est pas une entrée des exports de ${workspace}`);
  }
  // A bin imports its compiled entry; dist/ is src/ compiled file for file (scripts/build.mjs), and may not be built.
  const base = resolve(dirname(from), specifier).replace(/\/(libs\/[^/]+|[^/]+)\/dist\//, (_, workspace: string) => `/${workspace}/src/`);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base]) if (existsSync(candidate)) return candidate;
  throw new Error(`${relative(REPO_ROOT, from)} : import introuvable « ${specifier} »`);
}

/** The workspace a file belongs to (`libs/basics`, `station`…), else its top folder (`scripts`…); `path` relative to the repository. */
function partOf(path: string): string {
  return WORKSPACES.find((w) => path.startsWith(`${w}/`)) ?? path.split('/')[0]!;
}

/** `station/src/results` (`libs/domain/src/wedge`) for any file below it; a file directly in src/ is its own part. */
function folderOf(file: string): string {
  const parts = relative(REPO_ROOT, file).split('/');
  const depth = parts[0] === 'libs' ? 4 : 3;
  return parts.slice(0, Math.min(depth, parts.length)).join('/');
}

/** One import of a file: the workspaces at both ends, for the boundary rule, and the module it reaches (repository path). */
export type Edge = { file: string; specifier: string; from: string; to: string; target: string };

/**
 * The imports that cross a boundary, each as a French sentence naming the file and the specifier: an app
 * importing another app, a library importing an app. `apps` and `libraries` list workspace folders.
 */
export function boundaryViolations(edges: readonly Edge[], apps: readonly string[], libraries: readonly string[]): string[] {
  return edges.flatMap(({ file, specifier, from, to }) => {
    if (from === to || !apps.includes(to)) return [];
    if (apps.includes(from)) return [`${file} importe « ${specifier} » : l'application ${from} importe l'application ${to} (une application ne s'appuie que sur les bibliothèques)`];
    if (libraries.includes(from)) return [`${file} importe « ${specifier} » : la bibliothèque ${from} importe l'application ${to} (une bibliothèque n'importe jamais une application)`];
    return [];
  });
}

/**
 * Modules of a library that no app imports, by repository path, with the reason. evote's group arithmetic
 * (ristretto255 points and scalars) stays inside evote, which exports what an app needs as named operations:
 * opening a holder's share and its partial decryption (docs/formats/urn.md §2.8, §7; review of issue 16).
 */
const LIBRARY_INTERNALS: Record<string, string> = {
  'evote/src/group.ts': "l'arithmétique du groupe reste dans evote, qui exporte les opérations nommées (ouvrir la part d'un détenteur, déchiffrement partiel)",
};

/** The imports of an app (`apps`: workspace folders) that reach one of `internals` (repository path → reason), as French sentences. */
export function internalsImported(edges: readonly Edge[], apps: readonly string[], internals: Readonly<Record<string, string>>): string[] {
  return edges.flatMap(({ file, specifier, from, target }) => {
    const reason = internals[target];
    return reason !== undefined && apps.includes(from) ? [`${file} importe « ${specifier} » : ${reason}`] : [];
  });
}

/**
 * Whether a repository file is test code: test/ and bench/, a test, a test helper (`*.test-helpers.ts`), or a
 * workspace's `testing` entry (`src/testing.ts`, or anything in the folder `src/testing/`; docs/design.md).
 */
export function isTestCode(path: string): boolean {
  return /^(test|bench)\//.test(path) || /\.test(-helpers)?\.tsx?$/.test(path) || /^(libs\/[^/]+|[^/]+)\/src\/testing(\.ts$|\/)/.test(path);
}

/**
 * The imports of shipped code (a workspace's file that is not test code) that reach test code — @scrutin/test,
 * @scrutin/bench, a workspace's `testing` entry —, as French sentences naming the file and the specifier. Shipped
 * code that loads a test helper ships it, and whatever it imports (fixtures, jest's globals, a test database).
 */
export function testCodeInShippedCode(edges: readonly Edge[]): string[] {
  return edges.flatMap(({ file, specifier, target }) =>
    !isTestCode(file) && (isTestCode(target) || /^@scrutin\/(test|bench)(\/|$)/.test(specifier))
      ? [`${file} importe « ${specifier} » : du code de test (test/, bench/ ou l'entrée testing d'un espace de travail) dans du code livré`]
      : [],
  );
}

/** What a workspace's package.json says of it and of the workspaces it stands on. */
export type Manifest = { name: string; version: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

/**
 * The @scrutin/* imports of one workspace's files that its package.json (`manifest`) does not declare as npm
 * would install them, as French sentences, one per package and fault (the first file named): shipped code's in
 * "dependencies", test code's (isTestCode) in "dependencies" or "devDependencies", at the version the target's
 * own package.json carries (`versions`, by package name). `imports`: file (repository path) and specifier;
 * a workspace's imports of itself need no declaration.
 */
export function undeclaredImports(manifest: Manifest, imports: readonly { file: string; specifier: string }[], versions: Readonly<Record<string, string>>): string[] {
  const found = new Map<string, string>();
  for (const { file, specifier } of imports) {
    const name = /^@scrutin\/[^/]+/.exec(specifier)?.[0];
    if (!name || name === manifest.name) continue;
    const testOnly = isTestCode(file);
    const declared = manifest.dependencies?.[name] ?? (testOnly ? manifest.devDependencies?.[name] : undefined);
    const where = testOnly ? '« dependencies » ou « devDependencies »' : '« dependencies »';
    const fault =
      declared === undefined ? `${name} n'est pas dans les ${where} de ${manifest.name}`
      : declared !== versions[name] ? `${manifest.name} déclare ${name} « ${declared} », sa version est « ${versions[name]} »`
      : null;
    if (fault && !found.has(fault)) found.set(fault, `${file} importe « ${specifier} » : ${fault}`);
  }
  return [...found.values()];
}

/** Every circle of the graph, one per strongly connected component (Tarjan), as a readable path. */
export function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const strongConnect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) strongConnect(v);
  return components.map((component) => cycleWithin(graph, new Set(component)));
}

/** One cycle through the component's first member, found breadth-first: the shortest, easiest to read. */
function cycleWithin(graph: Map<string, string[]>, members: Set<string>): string[] {
  const start = [...members][0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** An edge of the failing-case tests: the workspaces at both ends read from the paths. */
const edge = (file: string, specifier: string, target: string): Edge => ({ file, specifier, from: partOf(file), to: partOf(target), target });

describe('import graph', () => {
  test('finds a circle, and a type-only import is not an edge (the check can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    const found = circles(graph);
    expect(found).toHaveLength(1);
    expect(found[0]).toHaveLength(4);
    expect(new Set(found[0])).toEqual(new Set(['a', 'b', 'c']));
    expect(runtimeImports('x.ts', "import type { A } from './a.js';\nimport { type B } from './b.js';\nexport type { C } from './c.js';\nimport { d } from './d.js';\nexport * from './e.js';\nconst f = () => import('./f.js');")).toEqual(['./d.js', './e.js', './f.js']);
  });

  test('a computed dynamic import, and a relative import from bench/ into a workspace, are named (the check can fail)', () => {
    expect(computedImports('x.ts', "await import('./a.js');\nconst b = './b.js';\nawait import(b);\nawait import(`./${b}`);\nawait import(`./c.js`);")).toEqual([3, 4]);
    expect(internalReaches('bench/scan/run.ts', ['../../station/src/server.js', '@scrutin/station/server.js', './populate.js', '../platform-election.js'], ['station', 'bench'])).toEqual([
      "bench/scan/run.ts importe « ../../station/src/server.js » : l'intérieur de station ; passez par une entrée de ses exports (package.json)",
    ]);
    expect(internalReaches('scripts/doc.ts', ['../test/src/doc.js', './build.mjs'], ['test'])).toHaveLength(1);
  });

  test('an app importing another app, or a library importing an app, is named with its file and specifier (the check can fail)', () => {
    const edges: Edge[] = [
      edge('platform/src/a.ts', '@scrutin/station/x.js', 'station/src/x.ts'),
      edge('libs/basics/src/b.ts', '@scrutin/platform/y.js', 'platform/src/y.ts'),
      edge('station/src/c.ts', '@scrutin/domain/z.js', 'libs/domain/src/z.ts'),
      edge('station/src/d.ts', './e.js', 'station/src/e.ts'),
      edge('evote/src/f.ts', '@scrutin/basics/result.js', 'libs/basics/src/result.ts'),
    ];
    expect(boundaryViolations(edges, ['station', 'platform'], ['libs/basics', 'libs/domain', 'evote'])).toEqual([
      "platform/src/a.ts importe « @scrutin/station/x.js » : l'application platform importe l'application station (une application ne s'appuie que sur les bibliothèques)",
      "libs/basics/src/b.ts importe « @scrutin/platform/y.js » : la bibliothèque libs/basics importe l'application platform (une bibliothèque n'importe jamais une application)",
    ]);
  });

  test("an app importing a library's internal module (evote's group arithmetic) is named (the check can fail)", () => {
    const edges: Edge[] = [
      edge('station/src/counting/a.ts', '@scrutin/evote/group.js', 'evote/src/group.ts'),
      edge('evote/src/tally.ts', './group.js', 'evote/src/group.ts'),
      edge('platform/src/b.ts', '@scrutin/evote', 'evote/src/index.ts'),
    ];
    expect(internalsImported(edges, ['station', 'platform'], { 'evote/src/group.ts': 'raison' })).toEqual(['station/src/counting/a.ts importe « @scrutin/evote/group.js » : raison']);
  });

  test('shipped code importing test/, bench/ or a testing entry is named; test helpers may (the check can fail)', () => {
    const edges: Edge[] = [
      edge('platform/src/a.ts', '@scrutin/test/databases.js', 'test/src/databases.ts'),
      edge('station/src/b.ts', '@scrutin/evote/testing', 'evote/src/testing.ts'),
      edge('station/src/counting/c.ts', '../testing/unseal.js', 'station/src/testing/unseal.ts'),
      edge('libs/domain/src/d.ts', './e.test-helpers.js', 'libs/domain/src/e.test-helpers.ts'),
      edge('station/bin/f.js', '@scrutin/bench', 'bench/index.ts'),
      edge('platform/src/testing/databases.ts', '@scrutin/test/databases.js', 'test/src/databases.ts'),
      edge('station/src/testing/index.ts', './unseal.js', 'station/src/testing/unseal.ts'),
      edge('evote/src/testing.ts', './fixtures.test-helpers.js', 'evote/src/fixtures.test-helpers.ts'),
      edge('station/src/g.ts', '../../evote/src/testing-tools.js', 'evote/src/testing-tools.ts'),
    ];
    expect(testCodeInShippedCode(edges).map((s) => s.split(' importe ')[0])).toEqual(['platform/src/a.ts', 'station/src/b.ts', 'station/src/counting/c.ts', 'libs/domain/src/d.ts', 'station/bin/f.js']);
    expect(testCodeInShippedCode(edges)[0]).toBe("platform/src/a.ts importe « @scrutin/test/databases.js » : du code de test (test/, bench/ ou l'entrée testing d'un espace de travail) dans du code livré");
  });

  test('an import of a workspace not declared in package.json, or at another version, is named (the check can fail)', () => {
    const manifest: Manifest = { name: '@scrutin/station', version: '0.1.0', dependencies: { '@scrutin/basics': '0.1.0', '@scrutin/db': '*' }, devDependencies: { '@scrutin/test': '0.1.0' } };
    const versions = { '@scrutin/basics': '0.1.0', '@scrutin/db': '0.1.0', '@scrutin/test': '0.1.0', '@scrutin/evote': '0.1.0' };
    const imports = [
      { file: 'station/src/a.ts', specifier: '@scrutin/basics/result.js' },
      { file: 'station/src/b.ts', specifier: '@scrutin/evote' },
      { file: 'station/src/c.ts', specifier: '@scrutin/evote/tally.js' },
      { file: 'station/src/d.ts', specifier: '@scrutin/db' },
      { file: 'station/src/e.test.ts', specifier: '@scrutin/test/databases.js' },
      { file: 'station/src/f.ts', specifier: '@scrutin/test/databases.js' },
      { file: 'station/src/g.ts', specifier: '@scrutin/station/server.js' },
      { file: 'station/src/h.ts', specifier: 'zod' },
    ];
    expect(undeclaredImports(manifest, imports, versions)).toEqual([
      "station/src/b.ts importe « @scrutin/evote » : @scrutin/evote n'est pas dans les « dependencies » de @scrutin/station",
      'station/src/d.ts importe « @scrutin/db » : @scrutin/station déclare @scrutin/db « * », sa version est « 0.1.0 »',
      "station/src/f.ts importe « @scrutin/test/databases.js » : @scrutin/test n'est pas dans les « dependencies » de @scrutin/station",
    ]);
  });

  const graph = new Map<string, string[]>();
  const edges: Edge[] = [];
  const outsideProblems: string[] = [];
  const computed: string[] = [];
  const allowedSeen = new Set<string>();
  const noteComputed = (file: string, text: string) => {
    const path = relative(REPO_ROOT, file);
    const lines = computedImports(file, text);
    if (lines.length > 0 && COMPUTED_IMPORTS[path]) allowedSeen.add(path);
    else computed.push(...lines.map((line) => `${path}:${line} : import calculé, que rien ne peut suivre (COMPUTED_IMPORTS, avec sa raison, s'il le faut vraiment)`));
  };
  beforeAll(() => {
    for (const workspace of WORKSPACES) {
      for (const file of [...sourceFiles(join(REPO_ROOT, workspace, 'src')), ...sourceFiles(join(REPO_ROOT, workspace, 'bin'))]) {
        const text = readFileSync(file, 'utf8');
        noteComputed(file, text);
        const targets = runtimeImports(file, text)
          .map((s) => resolveSpecifier(file, s))
          .filter((t): t is string => t !== null && !t.endsWith('.test.ts'));
        graph.set(file, targets);
        for (const specifier of runtimeImports(file, text, { types: true })) {
          const resolved = resolveSpecifier(file, specifier);
          const target = resolved && relative(REPO_ROOT, resolved);
          if (target) edges.push({ file: relative(REPO_ROOT, file), specifier, from: workspace, to: partOf(target), target });
        }
      }
    }
    for (const file of OUTSIDE.flatMap((folder) => sourceFiles(join(REPO_ROOT, folder)))) {
      const text = readFileSync(file, 'utf8');
      noteComputed(file, text);
      const specifiers = runtimeImports(file, text, { types: true });
      outsideProblems.push(...internalReaches(relative(REPO_ROOT, file), specifiers, NPM_WORKSPACES));
      for (const specifier of specifiers.filter((s) => s.startsWith('@scrutin/'))) {
        try {
          resolveSpecifier(file, specifier);
        } catch (e) {
          outsideProblems.push((e as Error).message);
        }
      }
    }
  });

  test('no app imports another app, no library imports an app (libs/*, db, evote ← station, platform, dashboard, scanner-drivers)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((e) => e.from === 'dashboard' && e.to.startsWith('libs/'))).toBe(true);
    expect(boundaryViolations(edges, APPS, LIBRARIES)).toEqual([]);
  });

  test("no app imports evote's group module: the station and the platform call evote's named operations (review of issue 16)", () => {
    expect(edges.some((e) => e.target === 'evote/src/group.ts')).toBe(true);
    expect(internalsImported(edges, APPS, LIBRARY_INTERNALS)).toEqual([]);
  });

  test('shipped code imports no test code: neither @scrutin/test, @scrutin/bench nor any workspace\'s testing entry', () => {
    // The check sees test code: the platform's test databases stand on test/'s.
    expect(edges.some((e) => e.file === 'platform/src/testing/databases.ts' && e.target.startsWith('test/src/'))).toBe(true);
    expect(testCodeInShippedCode(edges)).toEqual([]);
  });

  test("a workspace's test helpers are exported as its `testing` entry alone, and that entry is test code", () => {
    const exported = WORKSPACES.flatMap((w) => [...publicEntries(w)].map(([entry, file]) => ({ entry: `${w} ${entry}`, path: relative(REPO_ROOT, file) })));
    expect(exported.filter((e) => e.entry.endsWith(' ./testing')).length).toBeGreaterThanOrEqual(3);
    expect(exported.filter((e) => e.entry.endsWith(' ./testing') !== isTestCode(e.path)).map((e) => `${e.entry} → ${e.path}`)).toEqual([]);
  });

  test("every workspace declares in its package.json the workspaces its files import, at their version (npm links them)", () => {
    const manifests = NPM_WORKSPACES.map((w) => ({ workspace: w, manifest: JSON.parse(readFileSync(join(REPO_ROOT, w, 'package.json'), 'utf8')) as Manifest }));
    const versions = Object.fromEntries(manifests.map(({ manifest }) => [manifest.name, manifest.version]));
    const problems = manifests.flatMap(({ workspace, manifest }) => {
      // Every file of the workspace, its tests and build configuration included (bin/, src/, booth/, vite.config.ts…).
      const files = filesBelow(join(REPO_ROOT, workspace), (name) => /\.(ts|tsx|js|mjs)$/.test(name));
      const imports = files.flatMap((file) => runtimeImports(file, readFileSync(file, 'utf8'), { types: true }).map((specifier) => ({ file: relative(REPO_ROOT, file), specifier })));
      return undeclaredImports(manifest, imports, versions);
    });
    expect(problems).toEqual([]);
  });

  test('the independent verifier stands on the published formats alone: it imports no workspace of ours (issue 16, item 2)', () => {
    // Its bin included, and scripts/ as much as a workspace: it runs from its own folder (review #16, finding 8).
    expect(edges.some((e) => e.file.startsWith('verifier/bin/'))).toBe(true);
    expect(edges.filter((e) => e.from === 'verifier' && e.to !== 'verifier').map((e) => `${e.file} importe « ${e.specifier} »`)).toEqual([]);
  });

  test('scripts/ and bench/ reach the workspaces through their exports, never their internals', () => {
    expect(outsideProblems).toEqual([]);
  });

  test('no computed dynamic import but those COMPUTED_IMPORTS allows, each still there', () => {
    expect(computed).toEqual([]);
    expect(Object.keys(COMPUTED_IMPORTS).filter((file) => !allowedSeen.has(file))).toEqual([]);
  });

  test('no circle between the files of the libraries and the apps', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(circles(graph).map((cycle) => cycle.map((f) => relative(REPO_ROOT, f)).join(' → '))).toEqual([]);
  });

  test('no circle between the folders of a workspace (station/src/results, station/src/counting…)', () => {
    // A folder is a part a newcomer reads as one (docs/design.md); a ring of folders is a ring of parts
    // even when no two files import each other.
    const folders = new Map<string, Set<string>>();
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      const edges = folders.get(from) ?? new Set<string>();
      for (const target of targets) if (folderOf(target) !== from) edges.add(folderOf(target));
      folders.set(from, edges);
    }
    const folderGraph = new Map([...folders].map(([k, v]) => [k, [...v]] as [string, string[]]));
    expect(circles(folderGraph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });
});
