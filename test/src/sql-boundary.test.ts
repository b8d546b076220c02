import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { filesBelow } from './source-files.js';
import { REPO_ROOT } from './station-fixture.js';

/**
 * The SQL of an app lives in its src/store/ (issue 16, item 3; docs/design.md, « Stockage : src/store/ »):
 * services, routes and CLI commands call named store functions and hold no SQL text of their own. This
 * test reads the TypeScript of the folders already converted and names, file:line, every string or
 * template literal outside a store/ folder whose text looks like an SQL statement. Test files are left out.
 */
const CONVERTED = ['station/src', 'platform/src', 'libs', 'evote/src', 'scanner-drivers/src', 'verifier/src'];

/** Statements a service writes (not their fragments: `ORDER BY` alone is no statement). */
const SQL = /\b(SELECT|INSERT\s+INTO|UPDATE\s+[\w.]+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|ALTER\s+TABLE|LOCK\s+TABLE|WITH\s+\w+\s+AS|COPY\s+[\w.]+(\s*\([^)]*\))?\s+(FROM|TO)\s|TRUNCATE\s+(TABLE\s+)?[\w.]+\s*(;|$|CASCADE|RESTART)|SAVEPOINT\s+\w+|SET\s+LOCAL\s+\w+)/i;

/**
 * Tests and a workspace's `testing` entry, the helpers only tests and benchmarks load (src/testing.ts or the
 * folder src/testing/, exported as `./testing`), may query the database directly.
 */
const isTestSupport = (name: string): boolean => name.endsWith('.test.ts') || name === 'testing.ts';

// A store is a folder (the apps' src/store/) or a module (the server kit's store.ts).
const sourceFiles = (path: string): string[] => filesBelow(path, (name) => name.endsWith('.ts') && name !== 'store.ts' && !isTestSupport(name), (folder) => folder === 'store' || folder === 'testing');

/**
 * The string and template literals of a file whose text matches SQL, as `line: text`. A template's text
 * is its literal parts with each `${…}` read as one word, so that a statement built around a placeholder
 * (`UPDATE ${table} SET …`) is still seen.
 */
export function sqlLiterals(fileName: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    let literal: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' _ ');
    if (literal !== null && SQL.test(literal)) {
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text: literal.replace(/\s+/g, ' ').slice(0, 80) });
    }
    // A template's spans may hold literals of their own (`${cond ? 'SELECT …' : ''}`).
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SQL boundary', () => {
  test('finds SQL in strings and templates, not in prose or outside literals (the check can fail)', () => {
    const text = [
      "const a = 'SELECT 1 FROM election';",
      'const b = `UPDATE ${table} SET attempts = $2`;',
      'const c = `INSERT INTO\n voter (id) VALUES ($1)`;',
      "const g = 'UPDATE platform.election SET phase = $1';",
      "const d = 'Sélectionnez une urne';",
      '// SELECT * FROM comment',
      "const e = 'insert the card into the reader';",
      'const f = `${x} WITH due AS (${y})`;',
      "const h = 'COPY roll_staging (line, cells) FROM STDIN';",
      "const i = 'SAVEPOINT row_batch';",
      "const j = 'the copy of the roll from the spreadsheet';",
    ].join('\n');
    expect(sqlLiterals('x.ts', text).map((f) => f.line)).toEqual([1, 2, 3, 5, 9, 10, 11]);
  });

  test('no SQL outside src/store/ in the converted folders', () => {
    // Every folder named is there (a renamed one would otherwise be read as empty).
    expect(CONVERTED.filter((folder) => !existsSync(join(REPO_ROOT, folder)))).toEqual([]);
    const files = CONVERTED.flatMap((folder) => sourceFiles(join(REPO_ROOT, folder)));
    expect(files.length).toBeGreaterThan(40);
    const found = files
      .flatMap((file) => sqlLiterals(file, readFileSync(file, 'utf8')).map((f) => `${relative(REPO_ROOT, file)}:${f.line} ${f.text}`));
    expect(found).toEqual([]);
  });

});
