import type { Db } from '@scrutin/db';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { parseHeader, type ElectionManifest, type UrnHeader, type VerifiedHeader } from '@scrutin/evote';
import type { Result } from '@scrutin/basics/result.js';
import { createBatcher, type AnonymityOptions, type Batcher } from './voting/anonymity-batcher.js';
import { writeBatch, type BatchError, type BatchRecord, type PendingVote } from './voting/urn-batch.js';
import { batchingVerifier, directVerifier, type BallotVerifier, type BatchingOptions } from './voting/ballot-verifier.js';
import * as store from './store/index.js';

export type UrnUnit = { urnId: string; contestCode: string; contestName: string; categoryCode: string; subcategoryCode: string | null; label: string; seats: number; position: number };
export type Candidate = { urnId: string; position: number; lastName: string; firstNames: string; profession: string; substitute: string | null };

export type LoadedElection = {
  code: string;
  name: string;
  chamber: string;
  opensAt: Date;
  closesAt: Date;
  /** IANA zone of the election: the letters' times, a ballot's day. */
  timeZone: string;
  manifest: ElectionManifest;
  header: UrnHeader;
  verified: VerifiedHeader;
  units: UrnUnit[];
  candidates: Candidate[];
};

/** What every service needs: the database, the clock (injected so that tests can vote "during" the vote). */
export type PlatformContext = {
  db: Db;
  now: () => Date;
  election(): Promise<LoadedElection | null>;
  signingKey(): Promise<{ secretKey: string; publicKey: string }>;
  /** Proof verification of arriving ballots (batched by default); null before the platform is loaded. */
  verifier(): Promise<BallotVerifier | null>;
  /** The anonymity batcher that writes verified votes (voting/urn-batch.ts); null before the platform is loaded. */
  urnWriter(): Promise<Batcher<PendingVote, Result<BatchRecord, BatchError>> | null>;
  /** Writes the votes waiting for a batch and waits for the batches being written (close, shutdown). */
  drainVotes(): Promise<void>;
  close(): Promise<void>;
};

/** `direct`: one submission at a time on the request thread (the baseline of bench/booth). */
export type VerificationOptions = 'direct' | BatchingOptions;

/**
 * `anonymity`: the batch size k and its timers (voting/anonymity-batcher.ts); the defaults (k = 32) are the
 * production's, tests that vote one voter at a time pass `{ size: 1 }`.
 */
export function createContext(db: Db, now: () => Date = () => new Date(), verification: VerificationOptions = {}, anonymity: AnonymityOptions = {}): PlatformContext {
  let cached: LoadedElection | null = null;
  let writer: Batcher<PendingVote, Result<BatchRecord, BatchError>> | null = null;
  let key: { secretKey: string; publicKey: string } | null = null;
  let verifier: BallotVerifier | null = null;
  return {
    db,
    now,
    async verifier() {
      if (verifier) return verifier;
      const e = await this.election();
      if (!e) return null;
      verifier ??= verification === 'direct' ? directVerifier(e.verified) : batchingVerifier(e.verified, canonicalJson(e.header), verification);
      return verifier;
    },
    async urnWriter() {
      if (writer) return writer;
      const e = await this.election();
      if (!e) return null;
      writer ??= createBatcher((votes: PendingVote[]) => writeBatch(this, e, votes), anonymity, () => now() >= e.closesAt);
      return writer;
    },
    async drainVotes() {
      await writer?.drain();
    },
    async close() {
      // Votes already verified and waiting are written (and answered) before the process lets go.
      await writer?.drain();
      await verifier?.close();
      if (verification !== 'direct') await verification.pool?.close();
    },
    async election() {
      if (cached) return cached;
      const row = await store.election.findElection(db);
      if (!row) return null;
      const verified = parseHeader(canonicalJson(row.urn_header));
      if (!verified.ok) throw new Error(`en-tête d’urne invalide en base : ${verified.error}`);
      const units = await store.election.listUrnUnits(db);
      const candidates = await store.election.listCandidates(db);
      cached = {
        code: row.code,
        name: row.name,
        chamber: row.chamber,
        opensAt: new Date(row.opens_at),
        closesAt: new Date(row.closes_at),
        timeZone: row.time_zone,
        manifest: row.manifest,
        header: row.urn_header,
        verified: verified.value,
        units: units.map((u) => ({ urnId: u.urn_id, contestCode: u.contest_code, contestName: u.contest_name, categoryCode: u.category_code, subcategoryCode: u.subcategory_code, label: u.label, seats: u.seats, position: u.position })),
        candidates: candidates.map((c) => ({ urnId: c.urn_id, position: c.position, lastName: c.last_name, firstNames: c.first_names, profession: c.profession, substitute: c.substitute })),
      };
      return cached;
    },
    async signingKey() {
      if (key) return key;
      const r = await store.signingKey.findSigningKey(db);
      if (!r) throw new Error('clé de signature de la plateforme absente');
      key = { secretKey: r.secret_key, publicKey: r.public_key };
      return key;
    },
  };
}

export { currentPhase, unitsOfRight, type PhaseInfo } from './election-reads.js';
