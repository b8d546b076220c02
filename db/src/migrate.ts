import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Db } from './db.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export class MigrationError extends Error {}

export type Migration = { version: number; name: string; sql: string; checksum: string };

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 3)),
        name: file,
        sql,
        checksum: bytesToHex(sha256(new TextEncoder().encode(sql))),
      };
    });
}

/**
 * Applies pending migrations in order, each in its own transaction, and refuses to
 * start when a migration already applied has since been edited: the schema a
 * sealed election ran on must be the one its journal describes.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  let applied = 0;
  for (const m of listMigrations(dir)) {
    const done = await db.transaction(async (tx) => {
      // Several stations starting at once against one server: one migrates, the others wait.
      if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7261001)');
      const { rows } = await tx.query<{ checksum: string; name: string }>(
        'SELECT checksum, name FROM schema_migrations WHERE version = $1',
        [m.version],
      );
      const existing = rows[0];
      if (existing) {
        if (existing.checksum !== m.checksum) {
          throw new MigrationError(
            `La migration ${m.name} a été modifiée après avoir été appliquée (empreinte enregistrée ${existing.checksum.slice(0, 12)}…, fichier ${m.checksum.slice(0, 12)}…). ` +
              'Une migration publiée ne se modifie jamais : ajoutez une nouvelle migration.',
          );
        }
        return false;
      }
      // PGlite's and pg's extended protocol take one statement per query: run the script as a whole.
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      return true;
    });
    if (done) applied++;
  }
  return applied;
}

/** Splits a migration on `;` at line ends, keeping $$-quoted function bodies whole. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    const dollars = (line.match(/\$\$/g) ?? []).length;
    if (dollars % 2 === 1) inDollar = !inDollar;
    current += line + '\n';
    if (!inDollar && /;\s*(--.*)?$/.test(line)) {
      if (current.replace(/--.*$/gm, '').trim()) out.push(current.trim());
      current = '';
    }
  }
  if (current.replace(/--.*$/gm, '').trim()) out.push(current.trim());
  return out;
}
