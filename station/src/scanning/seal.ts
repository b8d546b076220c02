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
  const { rows } = await tx.query<{ file: string; rights: string }>(
    `SELECT (SELECT file_sha256 FROM roll_import) AS file,
       encode(sha256(convert_to(coalesce(string_agg(id || ':' || barcode || ':' || category_code || ':' || coalesce(subcategory_code, ''), E'\\n' ORDER BY id), ''), 'UTF8')), 'hex') AS rights
     FROM voting_right`,
  );
  return sha256Hex(`${rows[0]!.file}:${rows[0]!.rights}`);
}

/** The fingerprint of the commission's current certificate, or null when none was made yet. */
async function currentCertificateFingerprint(tx: Queryable): Promise<string | null> {
  const { rows } = await tx.query<{ fingerprint: string }>('SELECT fingerprint FROM commission_certificate ORDER BY id DESC LIMIT 1');
  return rows[0]?.fingerprint ?? null;
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
      (await currentCertificateFingerprint(tx)) === null
        ? 'Le certificat de la commission doit être créé (scrutin certificate create) ou importé avant le scellement : son empreinte est enregistrée au scellement et seule sa signature sera reconnue.'
        : null,
    effect: async (tx, election) => {
      const candidates = await tx.query<{ digest: string }>('SELECT digest FROM candidates_validation');
      const software = softwareIdentity();
      const body = {
        electionDigest: election.definitionDigest,
        rollDigest: await rollDigest(tx),
        candidatesDigest: candidates.rows[0]?.digest ?? '',
        softwareVersion: `${software.version} (${software.digest.slice(0, 16)})`,
        platformPublicKey: input.platformPublicKey.toLowerCase(),
        platformKeyFingerprint: keyFingerprint(input.platformPublicKey),
        commissionCertificateFingerprint: (await currentCertificateFingerprint(tx))!,
      };
      const digest = digestOf(body);
      await tx.query(
        `INSERT INTO seal (election_digest, roll_digest, candidates_digest, software_version, platform_public_key, platform_key_fingerprint, commission_certificate_fingerprint, digest, sealed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [body.electionDigest, body.rollDigest, body.candidatesDigest, body.softwareVersion, body.platformPublicKey, body.platformKeyFingerprint, body.commissionCertificateFingerprint, digest, actor.userId],
      );
      return { ...body, digest };
    },
  });
}

export async function getSeal(db: Queryable): Promise<Seal | null> {
  const { rows } = await db.query<Record<string, string | Date>>('SELECT * FROM seal');
  const r = rows[0];
  if (!r) return null;
  return {
    electionDigest: r.election_digest as string,
    rollDigest: r.roll_digest as string,
    candidatesDigest: r.candidates_digest as string,
    softwareVersion: r.software_version as string,
    platformPublicKey: r.platform_public_key as string,
    platformKeyFingerprint: r.platform_key_fingerprint as string,
    commissionCertificateFingerprint: (r.commission_certificate_fingerprint as string | null) ?? null,
    digest: r.digest as string,
    sealedAt: new Date(r.sealed_at as Date).toISOString(),
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
    const { rows } = await tx.query<{ id: number }>('INSERT INTO change_approval (description, approved_by) VALUES ($1, $2) RETURNING id', [input.description, actor.userId]);
    const id = Number(rows[0]!.id);
    await appendJournal(tx, actor, 'approval.record', { id, description: input.description });
    return { id };
  });
}

export async function listApprovals(db: Queryable): Promise<{ id: number; description: string; approvedBy: string; approvedAt: string }[]> {
  const { rows } = await db.query<{ id: number; description: string; login: string; approved_at: Date }>(
    'SELECT a.id, a.description, u.login, a.approved_at FROM change_approval a JOIN app_user u ON u.id = a.approved_by ORDER BY a.id',
  );
  return rows.map((r) => ({ id: Number(r.id), description: r.description, approvedBy: r.login, approvedAt: new Date(r.approved_at).toISOString() }));
}

