import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mapHeader, normaliseHeader, REQUIRED_FIELDS, ROLL_FIELDS, type RollField } from './columns.js';

const DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'formats', 'roll.md');

/** The header table of docs/formats/roll.md: field (in code), its headers as written, and whether it is required. */
function documentedHeaders(): { field: string; headers: string[]; required: boolean }[] {
  const lines = readFileSync(DOC, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^\| field \| code \| accepted headers \| required \|/.test(l));
  if (start === -1) throw new Error('tableau des en-têtes introuvable dans docs/formats/roll.md');
  const rows: { field: string; headers: string[]; required: boolean }[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    rows.push({ field: cells[1]!.replace(/`/g, ''), headers: cells[2]!.split(',').map((h) => h.trim()), required: cells[3] === 'yes' });
  }
  return rows;
}

describe('roll headers: docs/formats/roll.md and columns.ts say the same', () => {
  const documented = documentedHeaders();

  it('documents every field of the code, and no other', () => {
    expect(documented.map((d) => d.field).sort()).toEqual(Object.keys(ROLL_FIELDS).sort());
    expect(documented.filter((d) => d.required).map((d) => d.field).sort()).toEqual([...REQUIRED_FIELDS].sort());
  });

  it.each(documented.flatMap((d) => d.headers.map((header) => [header, d.field])))('« %s » is read as %s', (header, field) => {
    const { columns } = mapHeader([header]);
    expect(columns).toEqual([field]);
    // and in the forms spreadsheets and exports give it
    expect(mapHeader([header.toUpperCase()]).columns).toEqual([field]);
    expect(mapHeader([`  ${header.replace(/ /g, '_')} `]).columns).toEqual([field]);
  });

  it('every variant the code accepts is documented', () => {
    for (const d of documented) {
      expect([...new Set(d.headers.map(normaliseHeader))].sort()).toEqual([...ROLL_FIELDS[d.field as RollField]].sort());
    }
  });
});
