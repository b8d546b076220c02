import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Db, Queryable } from '@scrutin/db';
import { ElectionKeySchema, makeHeader, type ElectionKey, type ElectionManifest } from '@scrutin/evote';
import { DEFAULT_TIME_ZONE } from '@scrutin/basics/calendar.js';
import { digestOf } from '@scrutin/basics/canonical-json.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { keyFingerprint } from '@scrutin/contract/key-fingerprint.js';
import { loadFileSchema, type LoadFile } from './load-file.js';
import { recordEvent } from '../events.js';
import * as store from '../store/index.js';

export type LoadSummary = { electionCode: string; voters: number; rights: number; urns: number; platformPublicKey: string; platformKeyFingerprint: string; loadDigest: string };

export function manifestOf(file: LoadFile): ElectionManifest {
  return {
    electionCode: file.electionCode,
    urns: file.urns.map((u) => ({ id: u.id, label: u.label, seats: u.seats, candidates: u.candidates.map((c) => `${c.lastName} ${c.firstNames}`) })),
  };
}

/** The platform's signing key, made once; its public key is given to the station when it is sealed. */
export async function ensureSigningKey(db: Queryable): Promise<{ publicKey: string; fingerprint: string }> {
  let publicKey = await store.signingKey.findSigningPublicKey(db);
  if (!publicKey) {
    const { secretKey, publicKey: pk } = ed25519.keygen();
    publicKey = bytesToHex(pk);
    await store.signingKey.insertSigningKey(db, bytesToHex(secretKey), publicKey);
    publicKey = (await store.signingKey.findSigningPublicKey(db))!;
  }
  return { publicKey, fingerprint: keyFingerprint(publicKey) };
}

/** Loads the validated roll and candidates and the election key, once, before credentials are issued. */
export async function loadPlatform(db: Db, input: unknown, electionKeyInput: unknown): Promise<Result<LoadSummary, string[]>> {
  const parsed = loadFileSchema.safeParse(input);
  if (!parsed.success) return err(parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.')} : ${i.message}`));
  const key = ElectionKeySchema.safeParse(electionKeyInput);
  if (!key.success) return err(['Clé d’élection illisible (election-key.json de la cérémonie des clés attendu).']);
  const file = parsed.data;
  const electionKey: ElectionKey = key.data;
  if (electionKey.electionCode !== file.electionCode) return err([`Clé d’élection de ${electionKey.electionCode}, chargement de ${file.electionCode}.`]);
  const urnIds = new Set(file.urns.map((u) => u.id));
  const problems: string[] = [];
  const rightIds = new Set<number>();
  for (const v of file.voters)
    for (const r of v.rights) {
      if (rightIds.has(r.id)) problems.push(`Qualité ${r.id} en double.`);
      rightIds.add(r.id);
      if (!file.urns.some((u) => u.categoryCode === r.categoryCode && u.subcategoryCode === r.subcategoryCode)) problems.push(`Qualité ${r.id} : aucune urne pour ${r.categoryCode}/${r.subcategoryCode ?? ''}.`);
    }
  if (urnIds.size !== file.urns.length) problems.push('Urnes en double.');
  if (problems.length > 0) return err(problems.slice(0, 20));
  const manifest = manifestOf(file);
  const loadDigest = digestOf(file);

  return db.transaction(async (tx) => {
    if (await store.election.isElectionLoaded(tx)) return err(['La plateforme est déjà chargée : un second chargement est refusé.']);
    const signing = await ensureSigningKey(tx);
    const header = makeHeader(manifest, electionKey, hexToBytes(signing.publicKey));
    await store.election.insertElection(tx, {
      code: file.electionCode,
      name: file.name,
      chamber: file.chamber,
      opensAt: file.opensAt,
      closesAt: file.closesAt,
      timeZone: file.timeZone ?? DEFAULT_TIME_ZONE,
      manifestJson: JSON.stringify(manifest),
      electionKeyJson: JSON.stringify(electionKey),
      urnHeaderJson: JSON.stringify(header),
      loadDigest,
    });
    for (const [position, u] of file.urns.entries()) {
      await store.election.insertUrnUnit(tx, u, position);
      for (const [i, c] of u.candidates.entries()) await store.election.insertCandidate(tx, u.id, i, c);
    }
    const v = file.voters;
    await store.voters.insertVoters(tx, v);
    const rights = v.flatMap((x) => x.rights.map((r) => ({ ...r, voterId: x.id })));
    await store.voters.insertRights(tx, rights);
    await recordEvent(tx, 'chargement', 'platform.load', { electionCode: file.electionCode, loadDigest, voters: v.length, rights: rights.length, rollSha256: file.rollSha256, candidatesDigest: file.candidatesDigest });
    return ok({ electionCode: file.electionCode, voters: v.length, rights: rights.length, urns: file.urns.length, platformPublicKey: signing.publicKey, platformKeyFingerprint: signing.fingerprint, loadDigest });
  });
}
