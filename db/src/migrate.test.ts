import { mkdtempSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDatabase } from '@scrutin/test';
import { migrate, MigrationError, listMigrations } from './migrate.js';
import { splitStatements } from './migrate.js';

describeEachDatabase('migrations', (get) => {
  test('are recorded with their checksum and not applied twice', async () => {
    const { db } = get();
    const { rows } = await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.name)).toEqual(listMigrations().map((m) => m.name));
    expect(await migrate(db)).toBe(0);
  });

  test('an edited migration already applied is refused with a clear message', async () => {
    const { db } = get();
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    try {
      cpSync(join(__dirname, '..', 'migrations'), dir, { recursive: true });
      const first = listMigrations(dir)[0]!;
      writeFileSync(join(dir, first.name), first.sql + '\n-- modifié\n');
      await expect(migrate(db, dir)).rejects.toThrow(MigrationError);
      await expect(migrate(db, dir)).rejects.toThrow(/a été modifiée après avoir été appliquée/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('splitStatements keeps $$ bodies whole', () => {
  const sql = 'CREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RETURN NULL;\nEND;\n$$ LANGUAGE plpgsql;\n-- fin\n';
  expect(splitStatements(sql)).toHaveLength(2);
});
