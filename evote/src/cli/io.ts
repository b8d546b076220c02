// CLI plumbing: French errors, --json output, files read through zod.
import { readFileSync, writeFileSync, mkdirSync, existsSync, appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { z } from 'zod';
import { nextJournalLine, publishedFileHash, verifyJournalLines } from '../ceremony-record.js';
import { schemaProblem } from '../schemas.js';
import { checkCeremonyEntry, type CeremonyJournalEntry } from './journal-events.js';

// Files are read through zod: its own messages reach the key holders, so they must be French (evote stays
// independent of the station, hence its own setting rather than the station's french-messages module).
z.config(z.locales.fr());

export class UserError extends Error {}

export function readJsonFile<T>(path: string, schema: z.ZodType<T>, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`${what} introuvable : ${path}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError(`${what} illisible (JSON invalide) : ${path}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new UserError(`${what} invalide (${path}) : ${schemaProblem(parsed.error)}.`);
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
    throw new UserError(`Fichier de phrase secrète introuvable : ${path}`);
  }
  return text.replace(/\r?\n$/, '');
}

export function fileHash(path: string): string {
  return publishedFileHash(readFileSync(path));
}

export function requireHolder(value: string): number {
  const n = Number(value);
  if (![1, 2, 3].includes(n)) throw new UserError('Le numéro de détenteur doit être 1, 2 ou 3.');
  return n;
}

export type Output = { json: boolean };

/** Prints the result: the JSON object with --json, the French lines otherwise. */
export function report(out: Output, data: unknown, lines: string[]): void {
  if (out.json) process.stdout.write(JSON.stringify(data, null, 2) + '\n');
  else process.stdout.write(lines.join('\n') + '\n');
}

export function fail(out: Output, message: string, details: string[] = []): never {
  if (out.json) process.stdout.write(JSON.stringify({ ok: false, error: message, details }, null, 2) + '\n');
  process.stderr.write(`Erreur : ${message}\n${details.map((d) => `  - ${d}\n`).join('')}`);
  process.exit(1);
}

export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const cmd = args[args.length - 1] as Command;
    const json = Boolean(cmd.optsWithGlobals().json);
    try {
      await fn(...args);
    } catch (e) {
      if (e instanceof UserError) fail({ json }, e.message);
      fail({ json }, `erreur interne : ${(e as Error).message}`);
    }
  };
}

const COMMANDER_MESSAGES: Record<string, string> = {
  'commander.unknownOption': 'option inconnue',
  'commander.unknownCommand': 'commande inconnue',
  'commander.missingArgument': 'argument manquant',
  'commander.optionMissingArgument': 'valeur manquante pour une option',
  'commander.missingMandatoryOptionValue': 'option obligatoire manquante',
  'commander.excessArguments': 'trop d’arguments',
  'commander.invalidArgument': 'argument invalide',
};

/** Commander speaks English; the operator reads French. Help and version exits stay as they are. */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  program.exitOverride();
  program.configureOutput({ writeErr: () => undefined });
  for (const c of program.commands) {
    c.exitOverride();
    c.configureOutput({ writeErr: () => undefined });
    for (const sub of c.commands) {
      sub.exitOverride();
      sub.configureOutput({ writeErr: () => undefined });
    }
  }
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
      const french = COMMANDER_MESSAGES[e.code] ?? 'commande invalide';
      process.stderr.write(`Erreur : ${french} (${e.message.replace(/^error: /, '')}). Voir --help.\n`);
      process.exit(1);
    }
    throw e;
  }
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

export function verifyJournal(path: string): { ok: boolean; entries: Record<string, unknown>[]; problem?: string } {
  if (!existsSync(path)) return { ok: false, entries: [], problem: 'journal absent' };
  const checked = verifyJournalLines(readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== ''));
  return checked.ok ? { ok: true, entries: checked.value } : { ok: false, entries: [], problem: checked.error };
}
