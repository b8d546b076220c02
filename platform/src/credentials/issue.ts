import { randomInt } from 'node:crypto';
import type { Db } from '@scrutin/db';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { generatePassword, hashGeneratedSecret } from '@scrutin/server-kit/password.js';
import { makeIdentifier } from '../domain/identifier.js';
import { recordEvent } from '../events.js';
import * as store from '../store/index.js';

export type Letter = {
  voterNumber: string;
  civility: string | null;
  lastName: string;
  firstNames: string;
  companyName: string;
  postalAddress: string;
  identifier: string;
  password: string;
};

/** Which print batch a set of letters is, printed on every page so that the mail room can check that none is missing. */
export type BatchMark = { number: number; of: number };

/**
 * Where the letters of one batch go before their credentials are committed (a PDF written and synced to
 * disk, or a test's array). It must resolve only once the letters are safely kept: a rejection commits
 * nothing for the batch and stops the run.
 */
export type LetterSink = (letters: Letter[], batch: BatchMark) => Promise<void>;

/** `parallelBatches`: batches in progress at once (each still atomic), so that laying out one overlaps committing another. */
export type IssueOptions = { voterNumbers?: string[]; reissue?: boolean; actor: string; batchSize?: number; parallelBatches?: number };
export type IssueSummary = { letters: number; batches: number };

/** A print batch of 500 letters is the unit of atomicity: a crash loses at most one batch's work. */
export const DEFAULT_BATCH_SIZE = 500;
/** Voter passwords: 5 groups of 4 signs, about 99 bits (generatePassword). */
const VOTER_PASSWORD_GROUPS = 5;

const randomDigits = (n: number): string => Array.from({ length: n }, () => String(randomInt(10))).join('');

/**
 * Art. 7: an identifier and a password per voter. The password exists only in the letters handed to `sink`
 * (printed under a scratch area); the database keeps its salted hash. Batch by batch, in voter number order:
 * secrets are drawn, the batch's letters are given to `sink`, and only once it has resolved are the hashes
 * committed, in one transaction per batch with its journal entry. So no voter ever has a committed password
 * without a written letter, and a failed run can simply be run again: voters whose credentials were
 * committed are skipped, the others get theirs. Without `reissue`, only voters with no credentials yet get a
 * letter; `reissue` gives new ones to the listed voters (lost letter), voiding the old.
 */
export async function issueCredentials(db: Db, options: IssueOptions, sink: LetterSink): Promise<Result<IssueSummary, string>> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) return err('Taille de lot invalide : un nombre entier de courriers, 1 au moins.');
  const state = await store.election.findElectionState(db);
  if (!state) return err('La plateforme n’est pas chargée.');
  if (state.state === 'FROZEN') return err('Le vote est clos : plus aucun identifiant n’est délivré.');
  if (options.reissue && !options.voterNumbers?.length) return err('Indiquez les électeurs dont les identifiants sont renouvelés (--voters).');
  const reissue = options.reissue ?? false;
  const wanted = options.voterNumbers ?? null;
  const pending = await store.voters.listVoterNumbersForLetters(db, wanted, reissue);
  if (wanted) {
    const found = new Set(pending);
    const missing = wanted.filter((n) => !found.has(n));
    if (missing.length > 0) return err(`Électeurs inconnus ou déjà pourvus : ${missing.slice(0, 10).join(', ')}.`);
  }
  const of = Math.ceil(pending.length / batchSize);
  const issueBatch = async (number: number): Promise<string | null> => {
    // Only the batch's voters are read and held: the letters of a whole chamber never sit in memory at once.
    const numbers = pending.slice((number - 1) * batchSize, number * batchSize);
    const voters = await store.voters.listLetterVoters(db, numbers);
    const identifiers = await freshIdentifiers(db, voters.length);
    const letters: Letter[] = [];
    const hashes: string[] = [];
    for (const [i, v] of voters.entries()) {
      const password = generatePassword(VOTER_PASSWORD_GROUPS);
      hashes.push(hashGeneratedSecret(password));
      letters.push({ voterNumber: v.voter_number, civility: v.civility, lastName: v.last_name, firstNames: v.first_names, companyName: v.company_name, postalAddress: v.postal_address, identifier: identifiers[i]!, password });
    }
    await sink(letters, { number, of });
    const committed = await db.transaction(async (tx) => {
      // A concurrent run that committed some of these voters meanwhile: this batch's letters are void, commit nothing.
      const updated = await store.voters.setCredentials(tx, voters.map((v) => v.id), identifiers, hashes, reissue);
      if (updated !== voters.length) throw new ConcurrentIssue();
      await recordEvent(tx, options.actor, reissue ? 'credentials.reissue' : 'credentials.issue', { batch: number, of, count: letters.length, voterNumbers: [letters[0]!.voterNumber, letters.at(-1)!.voterNumber] });
      return true;
    }).catch((e: unknown) => {
      if (e instanceof ConcurrentIssue) return false;
      throw e;
    });
    return committed ? null : `Lot ${number}/${of} : des électeurs ont reçu leurs identifiants par un autre lancement pendant celui-ci ; ce lot n’est pas valable, détruisez-le et relancez la commande.`;
  };
  // Lanes take the next batch until none is left or one has failed; every lane ends before the answer, so
  // that no batch is still being committed once the caller hears of a failure.
  let next = 1;
  let refusal: string | null = null;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (next <= of && !refusal && !failure) {
      const number = next++;
      try {
        refusal = (await issueBatch(number)) ?? refusal;
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallelBatches ?? 1, of)) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
  if (refusal) return err(refusal);
  return ok({ letters: pending.length, batches: of });
}

class ConcurrentIssue extends Error {}

/** `count` identifiers held by no voter and distinct from one another (11 random digits: collisions are rare, retried). */
async function freshIdentifiers(db: Db, count: number): Promise<string[]> {
  const chosen = new Set<string>();
  while (chosen.size < count) {
    const candidates = Array.from({ length: count - chosen.size }, () => makeIdentifier(randomDigits(11))).filter((c) => !chosen.has(c));
    const used = new Set(await store.voters.listTakenIdentifiers(db, candidates));
    for (const c of candidates) if (!used.has(c)) chosen.add(c);
  }
  return [...chosen];
}
