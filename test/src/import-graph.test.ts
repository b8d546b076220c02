import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './station-fixture.js';

/**
 * The runtime import graph of the server-side workspaces has no circle (issue 16): a circle makes the
 * load order decide which module sees the other half-initialised, and no part can be read or tested
 * without the rest of the ring. Edges are the imports that exist at run time: static and dynamic
 * `import`, `export … from`; `import type` is erased and does not count. Test files are left out.
 */
const WORKSPACES = ['db', 'evote', 'verifier', 'station', 'scanner-drivers', 'platform'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The module specifiers a file loads at run time. */
export function runtimeImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const onlyTypes = clause && (clause.isTypeOnly || (!clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The repository file a specifier names, or null for a package outside the repository or a builtin. */
function resolveSpecifier(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
  else {
    const m = /^@scrutin\/([^/]+)(?:\/(.*))?$/.exec(specifier);
    if (!m || !WORKSPACES.includes(m[1]!)) return null;
    base = join(REPO_ROOT, m[1]!, 'src', m[2] ?? 'index.js');
  }
  for (const candidate of [base.replace(/\.js$/, '.ts'), base]) if (existsSync(candidate)) return candidate;
  throw new Error(`${relative(REPO_ROOT, from)} : import introuvable « ${specifier} »`);
}

/** `station/src/results` for any file below it; a file directly in src/ is its own part. */
function folderOf(file: string): string {
  const parts = relative(REPO_ROOT, file).split('/');
  return parts.slice(0, Math.min(3, parts.length)).join('/');
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

  const graph = new Map<string, string[]>();
  beforeAll(() => {
    for (const workspace of WORKSPACES) {
      for (const file of sourceFiles(join(REPO_ROOT, workspace, 'src'))) {
        const targets = runtimeImports(file, readFileSync(file, 'utf8'))
          .map((s) => resolveSpecifier(file, s))
          .filter((t): t is string => t !== null && !t.endsWith('.test.ts'));
        graph.set(file, targets);
      }
    }
  });

  test('no circle between the files of db, evote, verifier, station, scanner-drivers and platform', () => {
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
