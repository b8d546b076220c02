import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { err, ok, type Result } from '@scrutin/basics/result.js';

/**
 * scrutin-scanner's configuration: a JSON file, then flags on top. Parsed with zod so that a typo
 * in a counting room is a clear French message at start-up, not a silent default.
 */
const backoffSchema = z.object({
  initialMs: z.number().int().positive(),
  maxMs: z.number().int().positive(),
  factor: z.number().min(1),
});

export const configSchema = z
  .object({
    station: z.url({ error: 'adresse de station invalide ou manquante (--station)' }),
    token: z.string({ error: 'jeton de station manquant (--token ou SCRUTIN_STATION_TOKEN)' }).min(1, 'jeton de station manquant'),
    queueFile: z.string().min(1).default('scrutin-scanner-file.jsonl'),
    source: z.enum(['serial', 'folder', 'simulate'], { error: 'aucun lecteur choisi : --serial, --folder ou --simulate' }),
    serial: z
      .object({
        path: z.string().min(1),
        baudRate: z.number().int().positive().default(9600),
        prefix: z.string().default(''),
        suffix: z.string().default(''),
        terminator: z.string().min(1).default('auto'),
      })
      .optional(),
    folder: z.object({ path: z.string().min(1), doneDir: z.string().optional() }).optional(),
    simulate: z.object({ barcodes: z.array(z.string()).default([]), intervalMs: z.number().int().positive().default(1000) }).optional(),
    feedback: z.object({ ok: z.string().optional(), setAside: z.string().optional(), error: z.string().optional() }).default({}),
    reconnect: backoffSchema.optional(),
    retry: backoffSchema.optional(),
    json: z.boolean().default(false),
  })
  .superRefine((c, ctx) => {
    if (c.source === 'serial' && !c.serial) ctx.addIssue({ code: 'custom', message: 'source « serial » sans port série (--serial)', path: ['serial'] });
    if (c.source === 'folder' && !c.folder) ctx.addIssue({ code: 'custom', message: 'source « folder » sans dossier (--folder)', path: ['folder'] });
  });
export type BridgeConfig = z.infer<typeof configSchema>;

export interface Flags {
  config?: string;
  station?: string;
  token?: string;
  serial?: string;
  baud?: string;
  folder?: string;
  simulate?: boolean;
  queue?: string;
  json?: boolean;
}

function readConfigFile(path: string): Result<Record<string, unknown>, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return err(`fichier de configuration introuvable : ${path}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return err(`${path} : un objet JSON est attendu`);
    return ok(value as Record<string, unknown>);
  } catch (error) {
    return err(`${path} : JSON invalide (${(error as Error).message})`);
  }
}

/** File first, flags over it; the scanner source is whichever of --serial/--folder/--simulate was given. */
export function loadConfig(flags: Flags, env: NodeJS.ProcessEnv = process.env): Result<BridgeConfig, string> {
  let raw: Record<string, unknown> = {};
  if (flags.config) {
    const file = readConfigFile(flags.config);
    if (!file.ok) return file;
    raw = file.value;
  }
  if (flags.station) raw.station = flags.station;
  raw.token = flags.token ?? raw.token ?? env.SCRUTIN_STATION_TOKEN;
  if (flags.queue) raw.queueFile = flags.queue;
  if (flags.json) raw.json = true;
  if (flags.serial) {
    raw.source = 'serial';
    raw.serial = { ...(raw.serial as object | undefined), path: flags.serial };
  }
  if (flags.baud) {
    const baudRate = Number(flags.baud);
    if (!Number.isInteger(baudRate) || baudRate <= 0) return err(`--baud : vitesse invalide « ${flags.baud} »`);
    raw.serial = { ...(raw.serial as object | undefined), baudRate };
  }
  if (flags.folder) {
    raw.source = 'folder';
    raw.folder = { ...(raw.folder as object | undefined), path: flags.folder };
  }
  if (flags.simulate) {
    raw.source = 'simulate';
    raw.simulate = raw.simulate ?? {};
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    return err(parsed.error.issues.map((i) => `${i.path.join('.') || 'configuration'} : ${i.message}`).join('\n'));
  }
  return ok(parsed.data);
}
