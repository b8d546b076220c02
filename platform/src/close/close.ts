import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Queryable } from '@scrutin/db';
import { chainHeads, sealBallotLines } from '@scrutin/evote';
import { formatInstant } from '@scrutin/basics/calendar.js';
import { canonicalJson, digestOf, sha256Hex } from '@scrutin/basics/canonical-json.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { signEmargement } from '@scrutin/contract/electronic-emargement.js';
import { keyFingerprint } from '@scrutin/contract/key-fingerprint.js';
import type { LoadedElection, PlatformContext } from '../context.js';
import { recordEvent } from '../events.js';
import type { OperationError, Staff } from '../operations.js';

export const CLOSING_SEAL_FORMAT = 'scrutin-scellement-plateforme/1';

export type ClosingSeal = {
  format: typeof CLOSING_SEAL_FORMAT;
  electionCode: string;
  closedAt: string;
  ballotCount: number;
  emargementCount: number;
  urnSha256: string;
  emargementSha256: string;
  stateDigest: string;
  platformKeyFingerprint: string;
  signature: string;
};

export type ClosedFiles = { urn: string; emargement: string; emargementSignature: string; seal: ClosingSeal };

type SigningKey = Awaited<ReturnType<PlatformContext['signingKey']>>;

async function buildFiles(election: LoadedElection, key: SigningKey, tx: Queryable, closedAt: Date): Promise<Result<Omit<ClosedFiles, 'seal'> & { ballots: number; emargements: number; stateDigest: string }, OperationError>> {
  await tx.query('SET LOCAL ROLE scrutin_urn');
  const ballots = await tx.query<{ urn_id: string; line: string; fingerprint: string; batch: number }>('SELECT urn_id, line, fingerprint, batch FROM urn.ballot ORDER BY fingerprint');
  const stored = await tx.query<{ number: number; head: string }>('SELECT number, head FROM urn.batch ORDER BY number');
  await tx.query('SET LOCAL ROLE scrutin_voter_file');
  const emargement = await tx.query<{ right_id: number; voted_at: Date; category_code: string; subcategory_code: string | null }>(
    'SELECT e.right_id, e.voted_at, r.category_code, r.subcategory_code FROM voter_file.emargement e JOIN voter_file.voting_right r ON r.id = e.right_id ORDER BY e.right_id',
  );
  await tx.query('RESET ROLE');
  // Invariant 5 before anything leaves the platform: ballots of each urn = emargements of its rights.
  const problems: string[] = [];
  for (const u of election.units) {
    const inUrn = ballots.rows.filter((b) => b.urn_id === u.urnId).length;
    const emarged = emargement.rows.filter((e) => e.category_code === u.categoryCode && e.subcategory_code === u.subcategoryCode).length;
    if (inUrn !== emarged) problems.push(`${u.urnId} : ${inUrn} bulletin(s) pour ${emarged} émargement(s)`);
  }
  if (problems.length > 0) return err({ code: 'INCONSISTENT', message: `Urne et émargement incohérents : ${problems.join(' ; ')}.` });
  // Issue 13, item 5: the chain the receipts name, rebuilt from the ballots and checked against the heads
  // stored when each batch committed (a ballot removed or moved since shows here, before sealing).
  const batches: string[][] = stored.rows.map(() => []);
  for (const b of ballots.rows) batches[b.batch - 1]?.push(b.fingerprint);
  const heads = chainHeads(election.header.manifestFingerprint, batches);
  const broken = stored.rows.filter((s, i) => s.number !== i + 1 || heads[i] !== s.head).map((s) => s.number);
  const outside = ballots.rows.filter((b) => b.batch < 1 || b.batch > stored.rows.length).length;
  if (broken.length > 0 || outside > 0) return err({ code: 'INCONSISTENT', message: `Chaîne des lots de l’urne rompue${broken.length > 0 ? ` (lot(s) n° ${broken.slice(0, 10).join(', ')})` : ''}${outside > 0 ? ` ; ${outside} bulletin(s) hors lot` : ''}.` });
  const urnLines = sealBallotLines(election.header, ballots.rows.map((b) => ({ line: b.line, urnId: b.urn_id })), closedAt, hexToBytes(key.secretKey), batches);
  const signed = signEmargement(
    { electionCode: election.code, closedAt: closedAt.toISOString(), entries: emargement.rows.map((e) => ({ right: e.right_id, votedAt: new Date(e.voted_at).toISOString() })) },
    key.secretKey,
  );
  const events = await tx.query('SELECT seq, at, actor, action, payload FROM platform.event ORDER BY seq');
  const suspensions = await tx.query('SELECT id, suspended_at, reason, message, resumed_at, decision, decision_text FROM platform.suspension ORDER BY id');
  const loaded = await tx.query<{ load_digest: string }>('SELECT load_digest FROM platform.election');
  const stateDigest = digestOf({ loadDigest: loaded.rows[0]!.load_digest, events: events.rows, suspensions: suspensions.rows });
  return ok({ urn: urnLines.join('\n') + '\n', emargement: signed.file, emargementSignature: signed.signature, ballots: ballots.rows.length, emargements: emargement.rows.length, stateDigest });
}

function signSeal(body: Omit<ClosingSeal, 'signature'>, secretKeyHex: string): ClosingSeal {
  return { ...body, signature: bytesToHex(ed25519.sign(utf8ToBytes(canonicalJson(body)), hexToBytes(secretKeyHex))) };
}

export function verifyClosingSeal(seal: ClosingSeal, publicKeyHex: string): boolean {
  const { signature, ...body } = seal;
  try {
    return seal.platformKeyFingerprint === keyFingerprint(publicKeyHex) && ed25519.verify(hexToBytes(signature), utf8ToBytes(canonicalJson(body)), hexToBytes(publicKeyHex), { zip215: false });
  } catch {
    return false;
  }
}

/**
 * Close: after the configured closing time, freezes the urn and the emargement (no vote can commit after:
 * castVote holds the election row FOR SHARE), seals them (digests, time, platform signature) and returns
 * the files the station and evote import. Run again, it rebuilds the same bytes from the frozen state.
 */
export async function closeVote(ctx: PlatformContext, staff: Staff | null): Promise<Result<ClosedFiles, OperationError>> {
  if (staff && staff.role !== 'admin' && staff.role !== 'oversight_cell') return err({ code: 'FORBIDDEN', message: 'Clôture réservée à l’administrateur ou à la cellule.' });
  // Read before the transaction: ctx.election() and ctx.signingKey() query ctx.db, which inside it
  // would wait for the transaction on PGlite's single connection (the close hung for good).
  const key = await ctx.signingKey();
  const election = await ctx.election();
  if (!election) return err({ code: 'NOT_LOADED', message: 'La plateforme n’est pas chargée.' });
  // Votes received before the closing time and still waiting for their anonymity batch are written first
  // (issue 14): none is lost, and any batch committing later finds the urn frozen and is refused whole.
  if (staff) await ctx.drainVotes();
  return ctx.db.transaction(async (tx) => {
    const e = await tx.query<{ state: string; closes_at: Date; time_zone: string }>('SELECT state, closes_at, time_zone FROM platform.election FOR UPDATE');
    const row = e.rows[0];
    if (!row) return err({ code: 'NOT_LOADED', message: 'La plateforme n’est pas chargée.' });
    const existing = await tx.query<{ body: Omit<ClosingSeal, 'signature'>; signature: string; sealed_at: Date }>('SELECT body, signature, sealed_at FROM platform.closing_seal');
    if (row.state === 'FROZEN' && existing.rows[0]) {
      const seal = { ...existing.rows[0].body, signature: existing.rows[0].signature } as ClosingSeal;
      const files = await buildFiles(election, key, tx, new Date(seal.closedAt));
      if (!files.ok) return files;
      if (sha256Hex(files.value.urn) !== seal.urnSha256 || sha256Hex(files.value.emargement) !== seal.emargementSha256)
        return err({ code: 'TAMPERED', message: 'L’urne ou l’émargement ne correspondent plus au scellement de clôture.' });
      return ok({ urn: files.value.urn, emargement: files.value.emargement, emargementSignature: files.value.emargementSignature, seal });
    }
    if (!staff) return err({ code: 'NOT_CLOSED', message: 'Le vote n’est pas clos.' });
    if (row.state !== 'OPENED') return err({ code: 'WRONG_STATE', message: 'Le vote n’a pas été ouvert.' });
    const now = ctx.now();
    if (now < new Date(row.closes_at)) return err({ code: 'TOO_EARLY', message: `La clôture est fixée au ${formatInstant(row.closes_at, row.time_zone)} : le vote ne se clôt pas avant.` });
    const pending = await tx.query('SELECT 1 FROM platform.suspension WHERE resumed_at IS NULL');
    if (pending.rows.length > 0) return err({ code: 'SUSPENDED', message: 'Une suspension est en cours : la cellule enregistre d’abord sa décision sur les votes exprimés avant elle.' });
    await recordEvent(tx, staff.login, 'vote.close', { at: now.toISOString() });
    await tx.query("UPDATE platform.election SET state = 'FROZEN'");
    const files = await buildFiles(election, key, tx, now);
    if (!files.ok) return files;
    const seal = signSeal(
      {
        format: CLOSING_SEAL_FORMAT,
        electionCode: election.code,
        closedAt: now.toISOString(),
        ballotCount: files.value.ballots,
        emargementCount: files.value.emargements,
        urnSha256: sha256Hex(files.value.urn),
        emargementSha256: sha256Hex(files.value.emargement),
        stateDigest: files.value.stateDigest,
        platformKeyFingerprint: keyFingerprint(key.publicKey),
      },
      key.secretKey,
    );
    const { signature, ...body } = seal;
    await tx.query('INSERT INTO platform.closing_seal (body, signature, urn_sha256, emargement_sha256, sealed_at) VALUES ($1, $2, $3, $4, $5)', [JSON.stringify(body), signature, seal.urnSha256, seal.emargementSha256, now]);
    return ok({ urn: files.value.urn, emargement: files.value.emargement, emargementSignature: files.value.emargementSignature, seal });
  });
}

export const CLOSED_FILE_NAMES = { urn: 'urne.jsonl', emargement: 'emargement-electronique.json', emargementSignature: 'emargement-electronique.json.sig', seal: 'scellement-cloture.json' } as const;

export function writeClosedFiles(dir: string, files: ClosedFiles): Record<keyof typeof CLOSED_FILE_NAMES, string> {
  mkdirSync(dir, { recursive: true });
  const paths = Object.fromEntries(Object.entries(CLOSED_FILE_NAMES).map(([k, name]) => [k, join(dir, name)])) as Record<keyof typeof CLOSED_FILE_NAMES, string>;
  writeFileSync(paths.urn, files.urn);
  writeFileSync(paths.emargement, files.emargement);
  writeFileSync(paths.emargementSignature, files.emargementSignature);
  writeFileSync(paths.seal, JSON.stringify(files.seal, null, 2) + '\n');
  return paths;
}
