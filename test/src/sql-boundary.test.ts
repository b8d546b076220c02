import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './station-fixture.js';

/**
 * The SQL of an app lives in its src/store/ (issue 16 item 3, docs/design.md « Stockage : src/store/ »):
 * services, routes and CLI commands call named store functions and hold no SQL text of their own. This
 * test reads the TypeScript of every converted folder and names, file:line, each string or template
 * literal that looks like SQL. Test files are left out (fixtures may query the database directly).
 */
const CONVERTED = ['station/src/scanning', 'station/src/counting', 'station/src/results'];

/** The statements that make a literal SQL (a keyword pair, so that French prose does not match). */
export const SQL_PATTERN = /\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|ALTER\s+TABLE|LOCK\s+TABLE|WITH\s+\w+\s+AS)\b/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Each string or template literal of a file whose text matches SQL_PATTERN, as `file:line`. */
export function sqlLiterals(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    let literal: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    // A template with substitutions: its fixed parts joined, as the statement reads around the ${…}.
    else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
    if (literal !== null && SQL_PATTERN.test(literal)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${fileName}:${line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SQL boundary', () => {
  test('finds SQL in a string, a template and a template with substitutions, not in prose (the check can fail)', () => {
    const sample = [
      "const a = 'SELECT 1 FROM seal';",
      'const b = `INSERT INTO scan (id)\n VALUES ($1)`;',
      'const c = (w: string) => `UPDATE election SET state = ${w}`;',
      "const d = 'Sélectionnez une urne, puis mettez à jour la feuille';",
      'const e = `WITH done AS (${x}) SELECT 1`;',
    ].join('\n');
    expect(sqlLiterals('x.ts', sample)).toEqual(['x.ts:1', 'x.ts:2', 'x.ts:4', 'x.ts:6']);
  });

  test.each(CONVERTED)('no SQL outside src/store/ in %s', (folder) => {
    const dir = join(REPO_ROOT, folder);
    expect(existsSync(dir)).toBe(true);
    const files = sourceFiles(dir).filter((f) => !relative(REPO_ROOT, f).includes('/src/store/'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap((f) => sqlLiterals(relative(REPO_ROOT, f), readFileSync(f, 'utf8')))).toEqual([]);
  });
});
