/**
 * The staging table of a roll import (roll_staging, temporary, dropped at commit): the file's lines are
 * loaded there in bulk, then checked and copied into the roll by store/roll.ts (replaceRollWithStaged).
 * Service: roll/import.ts.
 */
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { DatabaseKind, Queryable } from '@scrutin/db';
import { from as copyFrom } from 'pg-copy-streams';

/** The staging table of an import: one row per data line, dropped at commit. */
export const STAGING_COLUMNS = [
  ['line', 'int'],
  ['right_id', 'bigint'],
  ['voter_number', 'text'],
  ['civility', 'text'],
  ['last_name', 'text'],
  ['first_names', 'text'],
  ['birth_date', 'date'],
  ['nationality', 'text'],
  ['voter_type', 'text'],
  ['postal_address', 'text'],
  ['business_address', 'text'],
  ['siren', 'text'],
  ['company_name', 'text'],
  ['category', 'text'],
  ['subcategory', 'text'],
  ['barcode', 'text'],
  ['preprinted', 'boolean'],
] as const;

/** One line as staged, in STAGING_COLUMNS' order (the sub-category null when none). */
export type StagedRow = [number, number, string, string, string, string, string, string, string, string, string, string, string, string, string | null, string, boolean];

export interface StagingWriter {
  write(rows: StagedRow[]): Promise<void>;
  /** Ends the load; the table can be queried afterwards. */
  end(): Promise<void>;
  /** Stops a load in progress so that the connection can roll back. */
  abort(): Promise<void>;
}

/**
 * Creates the staging table in the transaction and returns its writer: COPY on PostgreSQL, batched
 * INSERT … SELECT unnest() on PGlite (below, why).
 */
export async function openStaging(tx: Queryable, kind: DatabaseKind): Promise<StagingWriter> {
  await tx.query(`CREATE TEMP TABLE roll_staging (${STAGING_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')}) ON COMMIT DROP`);
  return kind === 'postgres' ? copyStaging(tx) : unnestStaging(tx);
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const copyText = (v: string): string => (COPY_SPECIAL.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v);

/**
 * PostgreSQL: one COPY … FROM STDIN for the whole file, measured about 5 times faster
 * than INSERT … SELECT unnest() batches, whose array parameters cost more to build
 * in JavaScript and to parse on the server than the rows themselves.
 * The Db interface only exposes query(); node-postgres's client.query() accepts a
 * "submittable" such as pg-copy-streams' stream and hands it back, which is how the
 * COPY runs on the transaction's own connection (checked below, not assumed).
 */
function copyStaging(tx: Queryable): StagingWriter {
  const stream = copyFrom(`COPY roll_staging (${STAGING_COLUMNS.map(([c]) => c).join(', ')}) FROM STDIN`);
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  done.catch(() => undefined); // observed by end()/abort()
  const started = tx.query(stream as unknown as string);
  let checked = false;
  const check = async () => {
    if (checked) return;
    await started;
    if (!(stream as unknown as { connection?: unknown }).connection) throw new Error('COPY non démarrée : la connexion PostgreSQL ne l’a pas acceptée');
    checked = true;
  };
  return {
    async write(rows) {
      await check();
      let text = '';
      for (const r of rows) {
        text += `${r[0]}\t${r[1]}`;
        for (let i = 2; i < 14; i++) text += '\t' + copyText(r[i] as string);
        text += `\t${r[14] === null ? '\\N' : copyText(r[14])}\t${copyText(r[15])}\t${r[16] ? 't' : 'f'}\n`;
      }
      if (!stream.write(text)) await Promise.race([once(stream as Writable, 'drain'), done]);
    },
    async end() {
      await check();
      stream.end();
      await done;
    },
    async abort() {
      if (stream.destroyed || stream.writableFinished) return;
      stream.destroy(new Error('import interrompu'));
      await done.catch(() => undefined);
    },
  };
}

const ARRAY_SPECIAL = /["\\]/;
function arrayLiteral(rows: StagedRow[], column: number, quoted: boolean): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![column];
    if (v === null) parts[i] = 'NULL';
    else if (!quoted) parts[i] = String(v);
    else {
      const s = v as string;
      parts[i] = ARRAY_SPECIAL.test(s) ? `"${s.replace(/["\\]/g, '\\$&')}"` : `"${s}"`;
    }
  }
  return `{${parts.join(',')}}`;
}

/**
 * PGlite (no COPY FROM STDIN through the Db interface): INSERT … SELECT unnest() of one
 * array literal per column, built here as text, which is several times faster than the
 * drivers' own array serialisation.
 */
function unnestStaging(tx: Queryable): StagingWriter {
  const sql = `INSERT INTO roll_staging SELECT * FROM unnest(${STAGING_COLUMNS.map(([, t], i) => `$${i + 1}::text::${t}[]`).join(', ')})`;
  return {
    async write(rows) {
      if (rows.length === 0) return;
      await tx.query(
        sql,
        STAGING_COLUMNS.map(([, t], i) => arrayLiteral(rows, i, t === 'text' || t === 'date')),
      );
    },
    async end() {},
    async abort() {},
  };
}
