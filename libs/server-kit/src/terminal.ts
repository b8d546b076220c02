import type { Db } from '@scrutin/db';
import type { CliEnv } from './cli.js';
import { configOrComplain } from './env-config.js';
import { forwardToLive } from './forward.js';
import type { LockInfo } from './station-lock.js';

/** What differs between the station's `scrutin` and the platform's `scrutin-platform` in a terminal. */
export type TerminalProgram = {
  runCli(argv: string[], env: CliEnv): Promise<number>;
  /** A PostgreSQL database named by the environment: any number of processes share it, nothing is forwarded. */
  databaseUrl: string | undefined;
  openDatabase(env: CliEnv): Promise<Db>;
  /** Whether openDatabase would open an existing station rather than create one. */
  hasDatabase?(env: CliEnv): boolean;
  /** Commands that run in this process even beside a live server (`serve` itself, …); help always does. */
  localCommands: readonly string[];
  /**
   * The live server that owns the PGlite folder, if any; asked only for a command that may be forwarded,
   * so that it may load the lock's module then (the platform's `--help` does not load it).
   */
  liveServer(env: CliEnv): LockInfo | null | Promise<LockInfo | null>;
  /** Sent with a forwarded command, which runs in the server with the server's environment. */
  password: string | null;
  /** The new password of `password change`, sent likewise. */
  newPassword?: string | null;
  /** The commission certificate's passphrase (station), sent likewise. */
  certPassphrase?: string | null;
  notResponding(url: string): string;
};

/**
 * Terminal entry point: forwards the command to a live server that owns the PGlite folder (PGlite
 * admits one process), or runs it here, opening the database on first use and closing it after.
 * `variables`: the environment the entry read (commands see it as `CliEnv.env`).
 */
export async function runInTerminal(program: TerminalProgram, variables: Record<string, string | undefined>): Promise<number> {
  const argv = process.argv.slice(2);
  let db: Db | undefined;
  const env: CliEnv = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: variables,
    inStation: false,
    async db() {
      db ??= await program.openDatabase(env);
      return db;
    },
    hasDatabase: () => db !== undefined || (program.hasDatabase?.(env) ?? true),
  };
  const local = program.localCommands.includes(argv[0] ?? '') || argv.includes('--help') || argv.includes('-h');
  const live = program.databaseUrl || local ? null : await program.liveServer(env);
  if (live && argv.length > 0) return forwardToLive(live, argv, { password: program.password, newPassword: program.newPassword ?? null, certPassphrase: program.certPassphrase ?? null }, program.notResponding);
  try {
    return await program.runCli(argv, env);
  } finally {
    await db?.close();
  }
}

/**
 * A terminal CLI's entry (`scrutin`, `scrutin-platform`): reads the entry's environment `env` once, validated
 * by `load` (an invalid variable: its French message on stderr, exit code 2, nothing runs), then runs in the
 * terminal the program built from that typed configuration, and sets `process.exitCode` to its exit code.
 */
export async function runTerminalEntry<C>(load: (env: Record<string, string | undefined>) => C, env: Record<string, string | undefined>, program: (config: C) => TerminalProgram): Promise<void> {
  const config = configOrComplain(load, env, (t) => process.stderr.write(t));
  process.exitCode = config === null ? 2 : await runInTerminal(program(config), env);
}
