/**
 * Configuration from environment variables, declared once per app (station/src/config.ts,
 * platform/src/config.ts): each variable's name, default, unit and description, with a zod schema that turns
 * its text into a typed value. The app's entry reads the environment once with `loadConfig` and passes the
 * typed object down; docs/operations.md lists every variable and a test keeps the two in step.
 */
import { z } from 'zod';

/** One environment variable: its name, how its text is read, and what the documentation says of it. */
export type EnvVariable<T> = {
  name: string;
  schema: z.ZodType<T, string | undefined>;
  /** The default as written in the documentation; absent when the variable is optional with no default. */
  default?: string;
  /** Unit of a number (ms, s, threads…). */
  unit?: string;
  description: string;
};

/** An app's variables, keyed by the name of the field they fill in the configuration object. */
export type EnvVariables = Record<string, EnvVariable<unknown>>;

/** The typed configuration an app's variables describe. */
export type ConfigOf<V extends EnvVariables> = { [K in keyof V]: V[K] extends EnvVariable<infer T> ? T : never };

/** A text variable; empty counts as unset, as a shell's `VAR=` means. */
export function textVariable(name: string, description: string): EnvVariable<string | undefined>;
export function textVariable(name: string, description: string, byDefault: string): EnvVariable<string>;
export function textVariable(name: string, description: string, byDefault?: string): EnvVariable<string | undefined> {
  return {
    name,
    schema: z.string().optional().transform((v) => (v === undefined || v === '' ? byDefault : v)),
    ...(byDefault === undefined ? {} : { default: byDefault }),
    description,
  };
}

/** One of a fixed list of words. */
export function choiceVariable<C extends string>(name: string, choices: readonly [C, ...C[]], byDefault: C, description: string): EnvVariable<C> {
  return {
    name,
    schema: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === '') return byDefault;
        if ((choices as readonly string[]).includes(v)) return v as C;
        ctx.addIssue({ code: 'custom', message: `${name} doit valoir ${choices.join(', ')} (reçu « ${v} »).` });
        return z.NEVER;
      }),
    default: byDefault,
    description,
  };
}

/** An integer between `min` and `max`, with a default (or none: undefined when unset). */
export function integerVariable(name: string, range: { min: number; max: number; unit?: string }, byDefault: number, description: string): EnvVariable<number>;
export function integerVariable(name: string, range: { min: number; max: number; unit?: string }, byDefault: undefined, description: string): EnvVariable<number | undefined>;
export function integerVariable(name: string, range: { min: number; max: number; unit?: string }, byDefault: number | undefined, description: string): EnvVariable<number | undefined> {
  return {
    name,
    schema: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === '') return byDefault;
        const n = Number(v);
        if (Number.isInteger(n) && n >= range.min && n <= range.max) return n;
        ctx.addIssue({ code: 'custom', message: `${name} doit être un entier entre ${range.min} et ${range.max} (reçu « ${v} »).` });
        return z.NEVER;
      }),
    ...(byDefault === undefined ? {} : { default: String(byDefault) }),
    ...(range.unit ? { unit: range.unit } : {}),
    description,
  };
}

/** A configuration that cannot be used: every invalid variable, each named in a French message. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration invalide : ${problems.join(' ')}`);
  }
}

/**
 * Reads every declared variable from `env` (the environment the entry was given, or a test's record). Errors: throws a
 * ConfigError listing every invalid variable, so that an operator fixes them in one go.
 */
export function loadConfig<V extends EnvVariables>(variables: V, env: Record<string, string | undefined>): ConfigOf<V> {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(variables)) {
    const parsed = variable.schema.safeParse(env[variable.name]);
    if (parsed.success) config[key] = parsed.data;
    else problems.push(...parsed.error.issues.map((i) => i.message));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as ConfigOf<V>;
}

/**
 * An entry's reading of its configuration: the loaded configuration, or null after writing the French
 * ConfigError to `err` (the entry then exits with code 2 without running anything).
 */
export function configOrComplain<C>(load: (env: Record<string, string | undefined>) => C, env: Record<string, string | undefined>, err: (text: string) => void): C | null {
  try {
    return load(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    err(`Erreur : ${e.message}\n`);
    return null;
  }
}

/**
 * The configuration written back as environment variables (unset values left out): what a command forwarded
 * to, or run inside, a server is given, so that it sees the configuration the server was started with.
 */
export function configEnv<V extends EnvVariables>(variables: V, config: ConfigOf<V>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, variable] of Object.entries(variables)) {
    const value = (config as Record<string, unknown>)[key];
    if (value !== undefined) env[variable.name] = String(value);
  }
  return env;
}
