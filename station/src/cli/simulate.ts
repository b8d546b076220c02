import { randomUUID } from 'node:crypto';
import type { Db } from '@scrutin/db';
import type { Actor } from '@scrutin/domain/roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { makeBarcode } from '@scrutin/domain/barcode.js';
import { getElectionSecret } from '../election/election.js';
import { startStation } from '../server.js';
import { readCounters } from '../scanning/counters.js';
import { issueStationToken } from '../scanning/stations.js';
import { CliError } from '@scrutin/server-kit/cli.js';
import * as store from '../store/index.js';

export const MIX_KEYS = ['accepted', 'electronic', 'duplicate', 'unknown', 'malformed', 'late'] as const;
export type MixKey = (typeof MIX_KEYS)[number];
export type Mix = Record<MixKey, number>;

const EXPECTED_VERDICT: Record<MixKey, string> = {
  accepted: 'ACCEPTED',
  electronic: 'ELECTRONIC_PRIORITY',
  duplicate: 'ALREADY_EMARGED',
  unknown: 'UNKNOWN',
  malformed: 'MALFORMED',
  late: 'LATE',
};

export function parseMix(text: string): Result<Mix, string> {
  const mix: Mix = { accepted: 0, electronic: 0, duplicate: 0, unknown: 0, malformed: 0, late: 0 };
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!(MIX_KEYS as readonly string[]).includes(k ?? '')) return err(`--mix : catégorie inconnue « ${k} » (attendu : ${MIX_KEYS.join(', ')}).`);
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) return err(`--mix : proportion invalide pour ${k}.`);
    mix[k as MixKey] = n;
  }
  const total = Object.values(mix).reduce((a, b) => a + b, 0);
  if (total <= 0) return err('--mix : au moins une proportion positive.');
  for (const k of MIX_KEYS) mix[k] /= total;
  return ok(mix);
}

type Envelope = { kind: MixKey; barcode: string; late?: boolean };

export type SimulationResult = {
  sent: number;
  ms: number;
  expected: Record<string, number>;
  observed: Record<string, number>;
  expectedPresidentQueue: number;
  observedPresidentQueue: number;
  latencyMs: { p50: number; p99: number };
  ok: boolean;
};

function shuffle<T>(items: T[], seed: number): T[] {
  let x = seed >>> 0 || 1;
  for (let i = items.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const j = x % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Draws envelopes from the roll with the chosen mix, sends them over HTTP from several
 * stations at once (each station one envelope at a time, as a person would), then checks
 * that the counters moved exactly as the draw predicts.
 */
export async function simulate(
  db: Db,
  actor: Actor,
  o: { envelopes: number; stations: number; mix: Mix; agentLogin: string; seed: number; stationUrl?: string | undefined; progress?: ((text: string) => void) | undefined },
): Promise<SimulationResult> {
  if (!Number.isInteger(o.envelopes) || o.envelopes < 1) throw new CliError('--envelopes : entier positif attendu.');
  if (!Number.isInteger(o.stations) || o.stations < 1 || o.stations > 256) throw new CliError('--stations : entre 1 et 256.');
  const found = await getElectionSecret(db);
  if (!found || found.election.state !== 'EMARGEMENT_LOADED') throw new CliError("La simulation exige l'état « Émargement électronique chargé » (numérisation ouverte).");
  const { election, secret } = found;
  const counts = Object.fromEntries(MIX_KEYS.map((k) => [k, Math.floor(o.envelopes * o.mix[k])])) as Record<MixKey, number>;
  counts.accepted += o.envelopes - Object.values(counts).reduce((a, b) => a + b, 0);
  if (counts.duplicate > counts.accepted) throw new CliError('--mix : il faut au moins autant de plis acceptés que de doublons.');

  const freshNeeded = counts.accepted + counts.late + counts.malformed;
  const rows = await store.roll.drawUntouchedRights(db, freshNeeded, String(o.seed));
  if (rows.length < freshNeeded) throw new CliError(`Pas assez de qualités jamais numérisées : ${rows.length} disponibles, ${freshNeeded} nécessaires.`);
  const electronic = await store.roll.drawElectronicVoterBarcodes(db, counts.electronic, String(o.seed));
  if (electronic.length < counts.electronic) throw new CliError(`Pas assez de votes électroniques chargés : ${electronic.length} pour ${counts.electronic} plis demandés.`);
  const maxId = await store.roll.maxRightId(db);

  const accepted = rows.slice(0, counts.accepted).map((r) => ({ kind: 'accepted' as const, barcode: r.barcode }));
  const late = rows.slice(counts.accepted, counts.accepted + counts.late).map((r) => ({ kind: 'late' as const, barcode: r.barcode, late: true }));
  const malformed = rows.slice(counts.accepted + counts.late).map((r) => ({ kind: 'malformed' as const, barcode: r.barcode.slice(0, -1) + (r.barcode.endsWith('0') ? '1' : '0') }));
  const unknown = Array.from({ length: counts.unknown }, (_, i) => ({ kind: 'unknown' as const, barcode: makeBarcode(secret, election.code, maxId + 1 + i) }));
  const dual = electronic.map((barcode) => ({ kind: 'electronic' as const, barcode }));
  const firstPass: Envelope[] = shuffle([...accepted, ...late, ...malformed, ...unknown, ...dual], o.seed);
  const duplicates: Envelope[] = accepted.slice(0, counts.duplicate).map((e) => ({ kind: 'duplicate', barcode: e.barcode }));

  const tokens: string[] = [];
  for (let i = 1; i <= o.stations; i++) {
    const r = await issueStationToken(db, actor, { id: `SIM-${String(i).padStart(2, '0')}`, label: `Poste simulé ${i}`, agentLogin: o.agentLogin });
    if (!r.ok) throw new CliError(r.error.message);
    tokens.push(r.value.token);
  }
  const own = o.stationUrl ? null : await startStation({ db });
  const url = o.stationUrl ?? own!.url;
  const before = await readCounters(db);
  const latencies: number[] = [];
  const started = performance.now();
  let sent = 0;

  const send = async (token: string, e: Envelope) => {
    const body = JSON.stringify({ requestId: randomUUID(), barcode: e.barcode, ...(e.late ? { late: true } : {}) });
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}/api/scans`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body });
        if (res.status >= 500 && attempt < 5) continue;
        if (res.status !== 200) throw new CliError(`Lecture refusée par le poste (${res.status}) : ${await res.text()}`);
        await res.json();
        latencies.push(performance.now() - t0);
        if (++sent % 500 === 0) o.progress?.(`  … ${sent} plis\n`);
        return;
      } catch (e) {
        if (e instanceof CliError || attempt >= 5) throw e;
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt)); // same requestId: the station answers a retry once
      }
    }
  };
  const runPass = (envelopes: Envelope[]) =>
    Promise.all(
      tokens.map(async (token, s) => {
        for (let i = s; i < envelopes.length; i += tokens.length) await send(token, envelopes[i]!);
      }),
    );
  try {
    await runPass(firstPass);
    await runPass(duplicates);
  } finally {
    await own?.close();
  }
  const ms = performance.now() - started;
  const after = await readCounters(db);
  const expected: Record<string, number> = {};
  for (const k of MIX_KEYS) if (counts[k] > 0) expected[EXPECTED_VERDICT[k]] = (expected[EXPECTED_VERDICT[k]] ?? 0) + counts[k];
  const observed: Record<string, number> = {};
  for (const [v, n] of Object.entries(after.byVerdict)) {
    const delta = n - (before.byVerdict[v] ?? 0);
    if (delta !== 0) observed[v] = delta;
  }
  const expectedPresidentQueue = counts.electronic;
  const observedPresidentQueue = after.pendingElectronicPriority - before.pendingElectronicPriority;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) / 10;
  const same = Object.keys({ ...expected, ...observed }).every((k) => (expected[k] ?? 0) === (observed[k] ?? 0));
  return { sent, ms: Math.round(ms), expected, observed, expectedPresidentQueue, observedPresidentQueue, latencyMs: { p50: pct(0.5), p99: pct(0.99) }, ok: same && expectedPresidentQueue === observedPresidentQueue };
}
