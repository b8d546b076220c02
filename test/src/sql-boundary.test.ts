import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './station-fixture.js';

/**
 * Issue 16, item 3: the SQL of an app lives in its src/store/ (docs/design.md, « Stockage : src/store/ »).
 * In the folders converted so far, no string or template literal outside a store/ folder may read like a
 * SQL statement; test files are left out (they set up and inspect databases directly). A folder joins
 * CONVERTED once its statements have moved.
 */
const CONVERTED = ['platform/src'];

/** What reads like a statement: the convention's pattern, applied to a literal's text. */
const SQL = /\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|ALTER\s+TABLE|LOCK\s+TABLE|WITH\s+\w+\s+AS)\b/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The 1-based lines of `text` where a string or template literal reads like SQL. */
export function sqlLiterals(fileName: string, text: string): number[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    let literal: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
    if (literal !== null && SQL.test(literal)) lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

const inStore = (file: string): boolean => relative(REPO_ROOT, file).split(sep).join('/').includes('/src/store/');

describe('SQL boundary', () => {
  test('finds SQL in string and template literals, not in comments or plain words (the check can fail)', () => {
    const sample = [
      "// SELECT in a comment is not SQL",
      "const a = 'Sélectionnez une urne';",
      "const b = await db.query('SELECT 1');",
      'const c = `INSERT INTO t (a) VALUES (${x})`;',
      "const d = `UPDATE t SET a = 1`;",
      "const e = 'lock table';",
    ].join('\n');
    expect(sqlLiterals('sample.ts', sample)).toEqual([3, 4, 5, 6]);
  });

  test.each(CONVERTED)('%s: every SQL statement is in a src/store/ module', (folder) => {
    const found = sourceFiles(join(REPO_ROOT, folder))
      .filter((file) => !inStore(file))
      .flatMap((file) => sqlLiterals(file, readFileSync(file, 'utf8')).map((line) => `${relative(REPO_ROOT, file)}:${line}`));
    expect(found).toEqual([]);
  });
});
