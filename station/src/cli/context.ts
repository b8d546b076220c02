import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import type { Db } from '@scrutin/db';
// The error class alone, not the package index: that would load the database drivers for `--help`.
import { MigrationError } from '@scrutin/db/migrate.js';
import type { Actor, Role } from '@scrutin/domain/roles.js';

/** What a command may touch: its output streams, its folder, and the station's database. */
export type CliEnv = {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
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

export class CliError extends Error {
  constructor(message: string, readonly details: string[] = [], readonly exitCode = 1) {
    super(message);
  }
}

export const resolvePath = (env: CliEnv, path: string): string => resolve(env.cwd, path);

export function readInput(env: CliEnv, path: string): Buffer {
  try {
    return readFileSync(resolvePath(env, path));
  } catch (e) {
    throw new CliError(`Fichier illisible : ${path} (${(e as NodeJS.ErrnoException).code ?? 'erreur'}).`);
  }
}

/** The acting account's password: from --password-file, else SCRUTIN_PASSWORD; a French refusal without either. */
export function readPassword(env: CliEnv, options: { passwordFile?: string }): string {
  const password = options.passwordFile ? readInput(env, options.passwordFile).toString('utf8').trim() : env.env.SCRUTIN_PASSWORD;
  if (!password) throw new CliError('Mot de passe absent : définissez SCRUTIN_PASSWORD ou utilisez --password-file.');
  return password;
}

/**
 * Commands that change the election act as a named account, authenticated like the web:
 * --as LOGIN with the password from SCRUTIN_PASSWORD or --password-file. As on the web, an account
 * still holding its one-time password may do nothing but replace it (`scrutin password change`), which
 * alone passes `oneTimePasswordAllowed`.
 */
export async function authenticate(
  env: CliEnv,
  db: Db,
  options: { as?: string; passwordFile?: string },
  stationId = 'console',
  oneTimePasswordAllowed = false,
): Promise<{ actor: Actor; roles: Role[] }> {
  if (!options.as) throw new CliError('Indiquez le compte qui agit : --as IDENTIFIANT (mot de passe dans SCRUTIN_PASSWORD ou --password-file).');
  // Loaded here rather than at the top: password hashing and its policy are heavy, and `--help` needs neither.
  const { checkCredentials } = await import('../auth/users.js');
  const user = await checkCredentials(db, options.as, readPassword(env, options));
  if (!user) throw new CliError('Identifiant ou mot de passe incorrect.');
  if (user.mustChangePassword && !oneTimePasswordAllowed) {
    throw new CliError(
      `Le compte « ${user.login} » a encore son mot de passe à usage unique : remplacez-le d'abord par « scrutin password change --as ${user.login} » (nouveau mot de passe dans SCRUTIN_NEW_PASSWORD ou --new-password-file).`,
      [],
      3,
    );
  }
  return { actor: { userId: user.id, login: user.login, role: user.roles[0]!, stationId }, roles: user.roles };
}

/** The first of the account's roles among those allowed, or a French refusal. */
export function requireRole(who: { actor: Actor; roles: Role[] }, allowed: readonly Role[]): Actor {
  const role = allowed.find((r) => who.roles.includes(r));
  if (!role) throw new CliError(`Action réservée aux rôles : ${allowed.join(', ')}.`, [], 3);
  return { ...who.actor, role };
}

/** Prints either JSON (for scripts) or the human text. */
export function report(env: CliEnv, json: boolean | undefined, value: unknown, human: () => string): void {
  env.out(json ? JSON.stringify(value, null, 2) + '\n' : human() + '\n');
}

/** commander speaks English; the station speaks French. */
export function frenchCommander(s: string): string {
  return s
    .replace(/^error: unknown command '(.*)'/m, 'Erreur : commande inconnue « $1 »')
    .replace(/^error: unknown option '(.*)'/m, 'Erreur : option inconnue « $1 »')
    .replace(/^error: missing required argument '(.*)'/m, 'Erreur : argument obligatoire manquant « $1 »')
    .replace(/^error: required option '(.*)' not specified/m, 'Erreur : option obligatoire manquante « $1 »')
    .replace(/^error: option '(.*)' argument missing/m, "Erreur : l'option « $1 » attend une valeur")
    .replace(/^error: too many arguments.*$/m, 'Erreur : trop d’arguments')
    .replace(/^Usage:/gm, 'Usage :');
}

/**
 * Parses and runs a program (the station's or the platform's) with commander speaking French in every
 * subcommand, and turns what it throws into the exit code: 0 after help, 2 for a usage error, the
 * CliError's own code, 1 for a database that cannot be migrated or, when `databaseVariable` names where
 * the server is configured, reached; 70 for anything else, which is a bug: its stack is printed.
 */
export async function runProgram(program: Command, argv: string[], env: CliEnv, databaseVariable?: string): Promise<number> {
  for (const c of allCommands(program)) c.exitOverride().helpOption('-h, --help', "affiche l'aide").configureOutput({ writeOut: (s) => env.out(s), writeErr: (s) => env.err(frenchCommander(s)) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    if (e instanceof CliError) {
      env.err(`Erreur : ${e.message}\n${e.details.map((d) => `  - ${d}\n`).join('')}`);
      return e.exitCode;
    }
    if (e instanceof MigrationError) {
      env.err(`Erreur : ${e.message}\n`);
      return 1;
    }
    const code = (e as { code?: string }).code;
    if (databaseVariable && (code === 'ECONNREFUSED' || code === 'ENOTFOUND')) {
      env.err(`Erreur : base de données injoignable (${code}). Vérifiez ${databaseVariable}.\n`);
      return 1;
    }
    env.err(`Erreur interne : ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((sub) => [sub, ...allCommands(sub)]);
}
