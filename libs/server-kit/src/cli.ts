import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import type { Result } from '@scrutin/basics/result.js';
import type { Db } from '@scrutin/db';
// The error class alone, not the package index: that would load the database drivers for `--help`.
import { MigrationError } from '@scrutin/db/migrate.js';

/** Where a command writes: its standard output and its error output (the terminal, or a forwarded command's stream). */
export type CliIo = {
  out(text: string): void;
  err(text: string): void;
};

/** The process's own streams, for tools that never run forwarded (the urn tools). */
export const processIo: CliIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

/** What a command may touch: its output streams, its folder, and the server's database (station or platform). */
export type CliEnv = CliIo & {
  cwd: string;
  /**
   * The variables the command was given (the terminal's environment, or what a server's console or a test passes):
   * read only by the app's config module when runCli is given no configuration, never by a command.
   */
  env: Record<string, string | undefined>;
  db(): Promise<Db>;
  /**
   * Whether a station database is there to open (DATABASE_URL or an existing data folder): offline verifiers ask
   * before opening one, so that checking a file on another machine never creates an empty station. Absent: yes.
   */
  hasDatabase?(): boolean;
  /** True when running inside a live station (forwarded from another process). */
  inStation: boolean;
};

/**
 * A refusal the operator can act on: printed as « Erreur : message » with one indented line per detail, the
 * process exits with `exitCode` (1 by default; 3 for a refusal of rights, as the station's CLI documents).
 */
export class CliError extends Error {
  constructor(message: string, readonly details: string[] = [], readonly exitCode = 1) {
    super(message);
  }
}

/**
 * A refusal as the services return it: a French sentence, sentences (the first is the message, the others its
 * details), or an error value with its French message (station and platform services, evote's BallotError).
 */
export type Refusal = string | readonly string[] | { code?: string; message: string; details?: unknown };

/**
 * The value of a service's Result, or its refusal thrown as a French CliError: the message (« Refusé. » for an
 * empty list of sentences), one detail per further sentence or per item of `details`, and exit code 3 for
 * ROLE_NOT_ALLOWED (a refusal of rights, as the station's CLI documents), 1 otherwise. The one way the CLIs
 * and evote's test vectors turn a refused Result into an exception.
 */
export function valueOrRefusal<T>(result: Result<T, Refusal>): T {
  if (result.ok) return result.value;
  const e = result.error;
  if (typeof e === 'string') throw new CliError(e);
  if (isSentences(e)) throw new CliError(e[0] ?? 'Refusé.', e.slice(1));
  throw new CliError(e.message, Array.isArray(e.details) ? e.details.map(String) : [], e.code === 'ROLE_NOT_ALLOWED' ? 3 : 1);
}

// Array.isArray does not narrow a readonly array out of a union.
const isSentences = (e: Refusal): e is readonly string[] => Array.isArray(e);

/** `path` as the operator typed it, relative to the command's folder. */
export const resolvePath = (env: CliEnv, path: string): string => resolve(env.cwd, path);

/** A file's bytes, or a French refusal naming the file and the system's error code. */
export function readInput(env: CliEnv, path: string): Buffer {
  try {
    return readFileSync(resolvePath(env, path));
  } catch (e) {
    throw new CliError(`Fichier illisible : ${path} (${(e as NodeJS.ErrnoException).code ?? 'erreur'}).`);
  }
}

/**
 * A file system error in French, naming the file as the operator typed it (`shown`): a missing folder, a
 * folder where a file was expected, no right to write, a full or read-only disk. Other codes are named.
 */
export function fileErrorMessage(e: NodeJS.ErrnoException, shown: string): string {
  switch (e.code) {
    case 'ENOENT':
      return `« ${shown} » introuvable (pour écrire un fichier, son dossier doit exister).`;
    case 'ENOTDIR':
      return `Chemin invalide « ${shown} » : une de ses parties est un fichier, pas un dossier.`;
    case 'EISDIR':
      return `« ${shown} » est un dossier : donnez un nom de fichier.`;
    case 'EACCES':
    case 'EPERM':
      return `Écriture refusée pour « ${shown} » : droits insuffisants.`;
    case 'ENOSPC':
      return `Disque plein : « ${shown} » n'a pas pu être écrit.`;
    case 'EROFS':
      return `Système de fichiers en lecture seule : « ${shown} » n'a pas pu être écrit.`;
    default:
      return `Fichier « ${shown} » : erreur du système (${e.code ?? 'inconnue'}).`;
  }
}

/** A file being written for the operator (--out), in place only once whole: `commit` puts it there, `abort` drops it. */
export type OutputFile = { write(chunk: string | Uint8Array): void; commit(): void; abort(): void };

/**
 * Opens `path` (as typed, relative to the command's folder) for writing. The bytes go to a new private file
 * (0600) beside it, renamed over `path` by `commit`: a command that fails leaves an existing file as it was,
 * a file replaced becomes private whatever its mode was, and a link at `path` is replaced, not followed.
 * « - » and an empty name are refused (no command writes to its standard output this way). Errors: CliError
 * in French (fileErrorMessage).
 */
export function openOutput(env: CliEnv, path: string): OutputFile {
  if (path.trim() === '' || path === '-') throw new CliError(`« ${path} » n'est pas un nom de fichier : donnez le fichier à écrire (--out).`);
  const target = resolvePath(env, path);
  const scratch = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.partiel`);
  const fail = (e: unknown): never => {
    throw e instanceof CliError ? e : new CliError(fileErrorMessage(e as NodeJS.ErrnoException, path));
  };
  let fd: number | undefined;
  try {
    fd = openSync(scratch, 'wx', 0o600);
  } catch (e) {
    fail(e);
  }
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    write(chunk) {
      try {
        writeSync(fd!, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      } catch (e) {
        close();
        rmSync(scratch, { force: true });
        fail(e);
      }
    },
    commit() {
      try {
        close();
        renameSync(scratch, target);
      } catch (e) {
        rmSync(scratch, { force: true });
        fail(e);
      }
    },
    abort() {
      close();
      rmSync(scratch, { force: true });
    },
  };
}

/** Writes `data` to `path` for the operator, whole or not at all (openOutput). */
export function writeOutput(env: CliEnv, path: string, data: string | Uint8Array): void {
  const file = openOutput(env, path);
  file.write(data);
  file.commit();
}

/**
 * The acting account's password: from --password-file, else `configured` (SCRUTIN_PASSWORD, as the station's typed
 * configuration read it); a French refusal without either.
 */
export function readPassword(env: CliEnv, options: { passwordFile?: string }, configured: string | undefined): string {
  const password = options.passwordFile ? readInput(env, options.passwordFile).toString('utf8').trim() : configured;
  if (!password) throw new CliError('Mot de passe absent : définissez SCRUTIN_PASSWORD ou utilisez --password-file.');
  return password;
}

/** Prints either JSON (for scripts) or the human text. */
export function report(env: CliIo, json: boolean | undefined, value: unknown, human: () => string): void {
  env.out(json ? JSON.stringify(value, null, 2) + '\n' : human() + '\n');
}

/** commander speaks English, in its errors and its help's headings; the station speaks French. */
export function frenchCommander(s: string): string {
  return s
    .replace(/^error: unknown command '(.*)'/m, 'Erreur : commande inconnue « $1 »')
    .replace(/^error: unknown option '(.*)'/m, 'Erreur : option inconnue « $1 »')
    .replace(/^error: missing required argument '(.*)'/m, 'Erreur : argument obligatoire manquant « $1 »')
    .replace(/^error: required option '(.*)' not specified/m, 'Erreur : option obligatoire manquante « $1 »')
    .replace(/^error: option '(.*)' argument missing/m, "Erreur : l'option « $1 » attend une valeur")
    .replace(/^error: too many arguments.*$/m, 'Erreur : trop d’arguments')
    .replace(/^Usage:/gm, 'Usage :')
    .replace(/^Options:$/gm, 'Options :')
    .replace(/^Commands:$/gm, 'Commandes :')
    .replace(/^Arguments:$/gm, 'Arguments :')
    .replace(/\[command\]/g, '[commande]')
    .replace(/\(default: /g, '(par défaut : ')
    .replace(/\(choices: /g, '(valeurs : ');
}

/** How runProgram ends a run; every field is optional. */
export type RunOptions = {
  /**
   * Where the server's database is configured (DATABASE_URL, PLATFORM_DATABASE_URL): an unreachable database
   * is then exit 1 with that hint rather than a bug's 70.
   */
  databaseVariable?: string;
  /** The exit code of a usage error: 2 by default; the urn tools keep the 1 their operators' scripts test. */
  usageExitCode?: number;
  /**
   * A refused command run with --json also prints `{ ok: false, error, details }` on the standard output,
   * so that a script reading the JSON sees the refusal (the urn tools).
   */
  jsonRefusals?: boolean;
};

/**
 * Parses and runs a program (the station's, the platform's or an urn tool's) with commander speaking French in
 * every subcommand, and turns what it throws into the exit code: 0 after help, 2 (or `usageExitCode`) for a
 * usage error, the CliError's own code, 1 for a database that cannot be migrated or, when `databaseVariable`
 * names where the server is configured, reached; 70 for anything else, which is a bug: its stack is printed.
 * `argv` holds the user's words only (no node, no script path).
 */
export async function runProgram(program: Command, argv: string[], io: CliIo, options: RunOptions = {}): Promise<number> {
  for (const c of [program, ...allCommands(program)]) {
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(frenchCommander(s)), writeErr: (s) => io.err(frenchCommander(s)) });
    if (c !== program) c.helpOption('-h, --help', "affiche l'aide");
  }
  let json = false;
  if (options.jsonRefusals) program.hook('preAction', (_program, command) => void (json = Boolean(command.optsWithGlobals().json)));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : (options.usageExitCode ?? 2);
    if (e instanceof CliError) {
      if (options.jsonRefusals && json) io.out(JSON.stringify({ ok: false, error: e.message, details: e.details }, null, 2) + '\n');
      io.err(`Erreur : ${e.message}\n${e.details.map((d) => `  - ${d}\n`).join('')}`);
      return e.exitCode;
    }
    if (e instanceof MigrationError) {
      io.err(`Erreur : ${e.message}\n`);
      return 1;
    }
    const code = (e as { code?: string }).code;
    // A file the operator named that cannot be read or written (a missing folder, a folder, no right): their
    // mistake, said in French, not a bug's stack.
    const fileError = e as NodeJS.ErrnoException;
    if (typeof fileError.path === 'string' && typeof fileError.syscall === 'string' && code !== undefined && /^E[A-Z]+$/.test(code)) {
      io.err(`Erreur : ${fileErrorMessage(fileError, fileError.path)}\n`);
      return 1;
    }
    if (options.databaseVariable && (code === 'ECONNREFUSED' || code === 'ENOTFOUND')) {
      io.err(`Erreur : base de données injoignable (${code}). Vérifiez ${options.databaseVariable}.\n`);
      return 1;
    }
    io.err(`Erreur interne : ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((sub) => [sub, ...allCommands(sub)]);
}
