/**
 * The electronic tally per urn (docs/formats/electronic-tally.md), loaded once for the whole election:
 * - from a tally file signed with the platform key registered at sealing (`scrutin-depouillement-electronique/1`),
 * - from evote's `scrutin-electronic-tally/1` with its urn, every proof re-verified here,
 * - or from an unsealing done at the station (source UNSEALING, station/src/counting/unseal.ts).
 * Invariant 5: refused unless each urn's ballots equal the electronic emargement of its rights.
 */
import type { Db } from '@scrutin/db';
import { z } from 'zod';
import type { Actor } from '@scrutin/domain/roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import type { ElectronicTally } from '@scrutin/domain/reconciliation.js';
import { getElection, requireState } from '../election/election.js';
import { appendJournal } from '../journal/journal.js';
import { loadUrnBases } from '../results/results.js';
import type { UrnBase } from '@scrutin/contract/results-types.js';
import { signAsPlatform } from '@scrutin/contract/platform-signature.js';
import { verifyPlatformSignature } from '../scanning/platform-signature.js';
import type { CountingError } from '@scrutin/contract/counting-types.js';
import { parseUntrustedJson } from '@scrutin/basics/json-limits.js';
import * as store from '../store/index.js';

export const TALLY_FORMAT = 'scrutin-depouillement-electronique/1';

const count = z.number().int().nonnegative();
export const tallyFileSchema = z.object({
  format: z.literal(TALLY_FORMAT),
  electionCode: z.string(),
  unsealedAt: z.iso.datetime({ offset: true }),
  urns: z.array(
    z.object({
      urnId: z.string().min(1),
      ballots: count,
      blank: count,
      /** By candidate id, or an array in the station's candidate order (GET /api/counting). */
      votes: z.union([z.record(z.string(), count), z.array(count)]),
    }),
  ),
});
export type TallyFile = z.infer<typeof tallyFileSchema>;

export type TallySource = 'FILE' | 'UNSEALING';

/** Maps the announced urns onto the station's urns and candidates; every urn must be present once. */
export function tallyByUrn(bases: readonly UrnBase[], urns: TallyFile['urns']): Result<Map<string, ElectronicTally>, string[]> {
  const problems: string[] = [];
  const byId = new Map(bases.map((b) => [b.id, b]));
  const out = new Map<string, ElectronicTally>();
  for (const u of urns) {
    const base = byId.get(u.urnId);
    if (!base) {
      problems.push(`Urne « ${u.urnId} » inconnue du poste.`);
      continue;
    }
    if (out.has(u.urnId)) {
      problems.push(`Urne ${u.urnId} présente deux fois.`);
      continue;
    }
    const ids = base.candidates.map((c) => c.id);
    let votes: Record<string, number>;
    const announced = u.votes;
    if (Array.isArray(announced)) {
      if (announced.length !== ids.length) {
        problems.push(`Urne ${u.urnId} : ${announced.length} nombres de voix pour ${ids.length} candidats.`);
        continue;
      }
      votes = Object.fromEntries(ids.map((id, i) => [id, announced[i]!]));
    } else {
      const unknown = Object.keys(announced).filter((id) => !ids.includes(id));
      const missing = ids.filter((id) => !(id in announced));
      if (unknown.length > 0 || missing.length > 0) {
        problems.push(`Urne ${u.urnId} : candidats inconnus (${unknown.join(', ') || 'aucun'}) ou absents (${missing.join(', ') || 'aucun'}).`);
        continue;
      }
      votes = { ...announced };
    }
    if (u.blank > u.ballots) problems.push(`Urne ${u.urnId} : ${u.blank} blancs pour ${u.ballots} bulletins.`);
    const marks = Object.values(votes).reduce((a, b) => a + b, 0);
    const nonBlank = u.ballots - u.blank;
    // A non-blank electronic ballot marks between 1 and `seats` candidates (its proof guarantees it).
    if (marks < nonBlank || marks > nonBlank * base.seats)
      problems.push(`Urne ${u.urnId} : ${marks} voix pour ${nonBlank} bulletins non blancs et ${base.seats} siège(s) : incohérent.`);
    for (const [id, n] of Object.entries(votes)) if (n > nonBlank) problems.push(`Urne ${u.urnId} : le candidat ${id} a ${n} voix pour ${nonBlank} bulletins non blancs.`);
    out.set(u.urnId, { ballots: u.ballots, blank: u.blank, votes });
  }
  for (const b of bases) if (!out.has(b.id) && !urns.some((u) => u.urnId === b.id)) problems.push(`Urne ${b.id} absente du dépouillement électronique.`);
  return problems.length > 0 ? err(problems) : ok(out);
}

/** Invariant 5, per contest × category: electronic ballots = electronic emargement of the urn's rights. */
export function checkAgainstEmargement(bases: readonly UrnBase[], tallies: ReadonlyMap<string, ElectronicTally>): string[] {
  return bases
    .filter((b) => (tallies.get(b.id)?.ballots ?? 0) !== b.electronicVoters)
    .map((b) => `Urne ${b.id} : ${tallies.get(b.id)?.ballots ?? 0} bulletin(s) électronique(s) pour ${b.electronicVoters} émargement(s) électronique(s) — dépouillement refusé (invariant 5).`);
}

/** Records a verified tally; the checks of state, completeness and invariant 5 run inside the transaction. */
export async function recordElectronicTally(
  db: Db,
  actor: Actor,
  input: { source: TallySource; verification: string; fileSha256: string; urns: TallyFile['urns']; details?: unknown },
): Promise<Result<{ urns: number; ballots: number; fileSha256: string; source: TallySource }, CountingError>> {
  return db.transaction(async (tx) => {
    const election = await getElection(tx);
    const refusal = requireState(election, ['COUNTING'], 'charger le dépouillement électronique');
    if (refusal) return err(refusal);
    await store.tally.lockElection(tx);
    if (await store.tally.isTallyImported(tx)) return err({ code: 'ALREADY_IMPORTED', message: 'Le dépouillement électronique est déjà chargé : un second chargement est refusé.' });
    const bases = await loadUrnBases(tx);
    const mapped = tallyByUrn(bases, input.urns);
    if (!mapped.ok) return err({ code: 'BAD_TALLY', message: 'Dépouillement électronique incohérent avec les urnes du poste.', details: mapped.error });
    const mismatch = checkAgainstEmargement(bases, mapped.value);
    if (mismatch.length > 0) return err({ code: 'EMARGEMENT_MISMATCH', message: 'Le nombre de bulletins électroniques diffère de l’émargement électronique.', details: mismatch });
    await store.tally.insertTally(tx, { source: input.source, verification: input.verification, fileSha256: input.fileSha256, importedBy: actor.userId, urns: mapped.value });
    const ballots = [...mapped.value.values()].reduce((n, t) => n + t.ballots, 0);
    await appendJournal(tx, actor, 'tally.import', { source: input.source, verification: input.verification, fileSha256: input.fileSha256, ballots, urns: Object.fromEntries(mapped.value), ...(input.details ? { details: input.details } : {}) });
    return ok({ urns: mapped.value.size, ballots, fileSha256: input.fileSha256, source: input.source });
  });
}

/** A tally file signed with the platform key of the seal (same signature file as the electronic emargement). */
export async function importSignedTally(db: Db, actor: Actor, fileBytes: Uint8Array, signatureText: string) {
  const election = await getElection(db);
  if (!election) return err({ code: 'NO_ELECTION', message: "Aucune élection n'est configurée." });
  const signed = await verifyPlatformSignature(db, fileBytes, signatureText, 'dépouillement');
  if (!signed.ok) return signed;
  const { fileSha256 } = signed.value;
  let body: TallyFile;
  try {
    const parsed = tallyFileSchema.safeParse(parseUntrustedJson(fileBytes));
    if (!parsed.success) return err({ code: 'BAD_FORMAT', message: `Format de dépouillement électronique invalide (${TALLY_FORMAT} attendu).`, details: parsed.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`) });
    body = parsed.data;
  } catch {
    return err({ code: 'BAD_FORMAT', message: 'Fichier de dépouillement illisible (JSON UTF-8 attendu).' });
  }
  if (body.electionCode !== election.code) return err({ code: 'OTHER_ELECTION', message: `Dépouillement d'une autre élection (${body.electionCode}, attendu ${election.code}).` });
  return recordElectronicTally(db, actor, { source: 'FILE', verification: 'signature Ed25519 de la plateforme', fileSha256, urns: body.urns });
}

/** Signs a tally file as the platform would (tests and demos), like the electronic emargement (signEmargement). */
export function makeSignedTally(input: { electionCode: string; unsealedAt: string; urns: TallyFile['urns'] }, secretKeyHex: string): { file: string; signature: string } {
  const body: TallyFile = { format: TALLY_FORMAT, ...input };
  return signAsPlatform(body, secretKeyHex);
}

/**
 * A plausible tally consistent with the electronic emargement (tests and demos): each urn gets as
 * many ballots as electronic voters, about one in ten blank, the others marking 1..seats candidates.
 */
export function plausibleTally(bases: readonly UrnBase[], seed = 1): TallyFile['urns'] {
  let x = seed >>> 0 || 1;
  const next = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), x / 2 ** 32);
  return bases.map((b) => {
    const votes: number[] = b.candidates.map(() => 0);
    let blank = 0;
    for (let i = 0; i < b.electronicVoters; i++) {
      if (b.candidates.length === 0 || next() < 0.1) {
        blank++;
        continue;
      }
      const marks = 1 + Math.floor(next() * Math.min(b.seats, b.candidates.length));
      const chosen = new Set<number>();
      while (chosen.size < marks) chosen.add(Math.floor(next() ** 1.5 * b.candidates.length));
      for (const c of chosen) votes[c]! += 1;
    }
    return { urnId: b.id, ballots: b.electronicVoters, blank, votes };
  });
}
