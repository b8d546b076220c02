import type { Db, Queryable } from '@scrutin/db';
import { keyFingerprint } from '@scrutin/contract/key-fingerprint.js';
import { z } from 'zod';
import type { Actor, Role } from '@scrutin/domain/roles.js';
import { formatInstant } from '@scrutin/basics/calendar.js';
import { digestOf, sha256Hex } from '@scrutin/basics/canonical-json.js';
import type { Result } from '@scrutin/basics/result.js';
import { softwareIdentity } from '../basics/software.js';
import { transition, type Election, type ElectionError } from '../election/election.js';
import { appendJournal } from '../journal/journal.js';
import * as store from '../store/index.js';

export const sealRequestSchema = z.object({
  platformPublicKey: z.string().regex(/^[0-9a-f]{64}$/i, 'clé publique Ed25519 de la plateforme : 64 caractères hexadécimaux'),
});

export type Seal = {
  electionDigest: string;
  rollDigest: string;
  candidatesDigest: string;
  softwareVersion: string;
  platformPublicKey: string;
  platformKeyFingerprint: string;
  /**
   * SHA-256 of the DER of the commission's certificate (lower-case hex), recorded at sealing: the one signer every
   * verifier accepts (docs/threat-model.md « signer pinning »). Null only for stations sealed before it was recorded.
   */
  commissionCertificateFingerprint: string | null;
  digest: string;
  sealedAt: string;
};

async function rollDigest(tx: Queryable): Promise<string> {
  const { file, rights } = await store.seals.rollDigests(tx);
  return sha256Hex(`${file}:${rights}`);
}

/**
 * Seals the station before the vote opens: digests of the parameters, the validated roll
 * and candidates, the software, the platform key whose signature the electronic
 * emargement must carry, and the fingerprint of the commission's certificate, the only
 * signer the verifiers will accept. Refused (PRECONDITION, French message) while the
 * commission has no certificate; after sealing the database refuses another one
 * (db/migrations/007_seal_commission_certificate.sql).
 */
export async function sealStation(db: Db, actor: Omit<Actor, 'role'>, roles: readonly Role[], input: z.infer<typeof sealRequestSchema>): Promise<Result<Election, ElectionError>> {
  return transition(db, actor, roles, 'SEALED', {
    precondition: async (tx) =>
      (await store.certificates.currentFingerprint(tx)) === null
        ? 'Le certificat de la commission doit être créé (scrutin certificate create) ou importé avant le scellement : son empreinte est enregistrée au scellement et seule sa signature sera reconnue.'
        : null,
    effect: async (tx, election) => {
      const software = softwareIdentity();
      const body = {
        electionDigest: election.definitionDigest,
        rollDigest: await rollDigest(tx),
        candidatesDigest: (await store.seals.candidatesDigest(tx)) ?? '',
        softwareVersion: `${software.version} (${software.digest.slice(0, 16)})`,
        platformPublicKey: input.platformPublicKey.toLowerCase(),
        platformKeyFingerprint: keyFingerprint(input.platformPublicKey),
        commissionCertificateFingerprint: (await store.certificates.currentFingerprint(tx))!,
      };
      const digest = digestOf(body);
      await store.seals.insertSeal(tx, {
        election_digest: body.electionDigest,
        roll_digest: body.rollDigest,
        candidates_digest: body.candidatesDigest,
        software_version: body.softwareVersion,
        platform_public_key: body.platformPublicKey,
        platform_key_fingerprint: body.platformKeyFingerprint,
        commission_certificate_fingerprint: body.commissionCertificateFingerprint,
        digest,
        sealed_by: actor.userId,
      });
      return { ...body, digest };
    },
  });
}

export async function getSeal(db: Queryable): Promise<Seal | null> {
  const r = await store.seals.getSeal(db);
  if (!r) return null;
  return {
    electionDigest: r.election_digest,
    rollDigest: r.roll_digest,
    candidatesDigest: r.candidates_digest,
    softwareVersion: r.software_version,
    platformPublicKey: r.platform_public_key,
    platformKeyFingerprint: r.platform_key_fingerprint,
    commissionCertificateFingerprint: r.commission_certificate_fingerprint ?? null,
    digest: r.digest,
    sealedAt: new Date(r.sealed_at).toISOString(),
  };
}

/** The president declares the close; refused before the configured closing time. */
export async function closeVote(db: Db, actor: Omit<Actor, 'role'>, roles: readonly Role[], now = new Date()): Promise<Result<Election, ElectionError>> {
  return transition(db, actor, roles, 'VOTE_CLOSED', {
    precondition: async (_tx, election) =>
      now < election.voteClosesAt
        ? `Le vote ne se clôt que le ${formatInstant(election.voteClosesAt, election.timeZone)}.`
        : null,
    payload: { closedAt: now.toISOString() },
  });
}

export const approvalSchema = z.object({ description: z.string().trim().min(10, 'décrivez la modification approuvée (10 caractères au moins)').max(2000) });

/** An oversight-cell approval, required for any change after sealing, and printed on the report. */
export async function recordApproval(db: Db, actor: Actor, input: z.infer<typeof approvalSchema>): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const id = await store.approvals.insertApproval(tx, input.description, actor.userId);
    await appendJournal(tx, actor, 'approval.record', { id, description: input.description });
    return { id };
  });
}

export async function listApprovals(db: Queryable): Promise<{ id: number; description: string; approvedBy: string; approvedAt: string }[]> {
  const rows = await store.approvals.listApprovals(db);
  return rows.map((r) => ({ id: Number(r.id), description: r.description, approvedBy: r.login, approvedAt: new Date(r.approved_at).toISOString() }));
}

