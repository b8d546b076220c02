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
import * as store from '../store/index.js';
import type { OperationError, Staff } from '../operations.js';
import { staffRefusal } from '../staff-rights.js';

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
  await store.roles.actAsUrn(tx);
  const ballots = await store.urn.listBallots(tx);
  const stored = await store.urn.listBatches(tx);
  await store.roles.actAsVoterFile(tx);
  const emargement = await store.emargement.listEmargement(tx);
  await store.roles.resetRole(tx);
  // Invariant 5 before anything leaves the platform: ballots of each urn = emargements of its rights.
  const problems: string[] = [];
  for (const u of election.units) {
    const inUrn = ballots.filter((b) => b.urn_id === u.urnId).length;
    const emarged = emargement.filter((e) => e.category_code === u.categoryCode && e.subcategory_code === u.subcategoryCode).length;
    if (inUrn !== emarged) problems.push(`${u.urnId} : ${inUrn} bulletin(s) pour ${emarged} émargement(s)`);
  }
  if (problems.length > 0) return err({ code: 'INCONSISTENT', message: `Urne et émargement incohérents : ${problems.join(' ; ')}.` });
  // Issue 13, item 5: the chain the receipts name, rebuilt from the ballots and checked against the heads
  // stored when each batch committed (a ballot removed or moved since shows here, before sealing).
  const batches: string[][] = stored.map(() => []);
  for (const b of ballots) batches[b.batch - 1]?.push(b.fingerprint);
  const heads = chainHeads(election.header.manifestFingerprint, batches);
  const broken = stored.filter((s, i) => s.number !== i + 1 || heads[i] !== s.head).map((s) => s.number);
  const outside = ballots.filter((b) => b.batch < 1 || b.batch > stored.length).length;
  if (broken.length > 0 || outside > 0) return err({ code: 'INCONSISTENT', message: `Chaîne des lots de l’urne rompue${broken.length > 0 ? ` (lot(s) n° ${broken.slice(0, 10).join(', ')})` : ''}${outside > 0 ? ` ; ${outside} bulletin(s) hors lot` : ''}.` });
  const urnLines = sealBallotLines(election.header, ballots.map((b) => ({ line: b.line, urnId: b.urn_id })), closedAt, hexToBytes(key.secretKey), batches);
  const signed = signEmargement(
    { electionCode: election.code, closedAt: closedAt.toISOString(), entries: emargement.map((e) => ({ right: e.right_id, votedAt: new Date(e.voted_at).toISOString() })) },
    key.secretKey,
  );
  const events = await store.events.listAllEvents(tx);
  const suspensions = await store.suspensions.listSuspensions(tx);
  const loadDigest = await store.election.findLoadDigest(tx);
  const stateDigest = digestOf({ loadDigest: loadDigest!, events, suspensions });
  return ok({ urn: urnLines.join('\n') + '\n', emargement: signed.file, emargementSignature: signed.signature, ballots: ballots.length, emargements: emargement.length, stateDigest });
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
  const refusal = staff && staffRefusal(staff, 'close');
  if (refusal) return err(refusal);
  // Read before the transaction: ctx.election() and ctx.signingKey() query ctx.db, which inside it
  // would wait for the transaction on PGlite's single connection (the close hung for good).
  const key = await ctx.signingKey();
  const election = await ctx.election();
  if (!election) return err({ code: 'NOT_LOADED', message: 'La plateforme n’est pas chargée.' });
  // Votes received before the closing time and still waiting for their anonymity batch are written first
  // (issue 14): none is lost, and any batch committing later finds the urn frozen and is refused whole.
  if (staff) await ctx.drainVotes();
  return ctx.db.transaction(async (tx) => {
    const row = await store.election.lockElectionForClosing(tx);
    if (!row) return err({ code: 'NOT_LOADED', message: 'La plateforme n’est pas chargée.' });
    const existing = await store.closingSeal.findClosingSeal<Omit<ClosingSeal, 'signature'>>(tx);
    if (row.state === 'FROZEN' && existing) {
      const seal = { ...existing.body, signature: existing.signature } as ClosingSeal;
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
    if (await store.suspensions.hasOpenSuspension(tx)) return err({ code: 'SUSPENDED', message: 'Une suspension est en cours : la cellule enregistre d’abord sa décision sur les votes exprimés avant elle.' });
    await recordEvent(tx, staff.login, 'vote.close', { at: now.toISOString() });
    await store.election.markFrozen(tx);
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
    await store.closingSeal.insertClosingSeal(tx, { bodyJson: JSON.stringify(body), signature, urnSha256: seal.urnSha256, emargementSha256: seal.emargementSha256, sealedAt: now });
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
