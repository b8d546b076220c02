// The urn tools' files: JSON read through zod with French messages, passphrases, holders, the ceremony journal.
// The CLI runner itself (French errors, --json refusals, exit codes) is the server kit's (@scrutin/server-kit/cli.js).
import { readFileSync, writeFileSync, mkdirSync, existsSync, appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { nextJournalLine, publishedFileHash, verifyJournalLines } from '../ceremony-record.js';
import { schemaProblem } from '../schemas.js';
import { CliError } from '@scrutin/server-kit/cli.js';
import { err, type Result } from '@scrutin/basics/result.js';
import { checkCeremonyEntry, type CeremonyJournalEntry } from './journal-events.js';

// Files are read through zod: its own messages reach the key holders, so they must be French (evote stays
// independent of the station, hence its own setting rather than the station's french-messages module).
z.config(z.locales.fr());

export function readJsonFile<T>(path: string, schema: z.ZodType<T>, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`${what} introuvable : ${path}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliError(`${what} illisible (JSON invalide) : ${path}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new CliError(`${what} invalide (${path}) : ${schemaProblem(parsed.error)}.`);
  return parsed.data;
}

export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
}

export function readPassphrase(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`Fichier de phrase secrète introuvable : ${path}`);
  }
  return text.replace(/\r?\n$/, '');
}

export function fileHash(path: string): string {
  return publishedFileHash(readFileSync(path));
}

export function requireHolder(value: string): number {
  const n = Number(value);
  if (![1, 2, 3].includes(n)) throw new CliError('Le numéro de détenteur doit être 1, 2 ou 3.');
  return n;
}

/**
 * Ceremony journal: one JSON line per step, each hashing the previous line, so a rewrite shows. The entry is
 * one of the catalogue (journal-events.ts); throws on fields that do not match it.
 */
export function appendJournal(path: string, entry: CeremonyJournalEntry): string {
  checkCeremonyEntry(entry);
  const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
  const next = nextJournalLine(lines[lines.length - 1], entry, new Date());
  appendFileSync(path, next.line + '\n');
  return next.hash;
}

/** The ceremony journal's entries once its chain checks (`verifyJournalLines`), or the French reason it does not (« journal absent »…). */
export function verifyJournal(path: string): Result<Record<string, unknown>[], string> {
  if (!existsSync(path)) return err('journal absent');
  return verifyJournalLines(readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== ''));
}
