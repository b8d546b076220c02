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

export type LoadSummary = { electionCode: string; voters: number; rights: number; urns: number; platformPublicKey: string; platformKeyFingerprint: string; loadDigest: string };

export function manifestOf(file: LoadFile): ElectionManifest {
  return {
    electionCode: file.electionCode,
    urns: file.urns.map((u) => ({ id: u.id, label: u.label, seats: u.seats, candidates: u.candidates.map((c) => `${c.lastName} ${c.firstNames}`) })),
  };
}

/** The platform's signing key, made once; its public key is given to the station when it is sealed. */
export async function ensureSigningKey(db: Queryable): Promise<{ publicKey: string; fingerprint: string }> {
  const existing = await db.query<{ public_key: string }>('SELECT public_key FROM platform.signing_key');
  let publicKey = existing.rows[0]?.public_key;
  if (!publicKey) {
    const { secretKey, publicKey: pk } = ed25519.keygen();
    publicKey = bytesToHex(pk);
    await db.query('INSERT INTO platform.signing_key (secret_key, public_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [bytesToHex(secretKey), publicKey]);
    publicKey = (await db.query<{ public_key: string }>('SELECT public_key FROM platform.signing_key')).rows[0]!.public_key;
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
    const already = await tx.query('SELECT 1 FROM platform.election');
    if (already.rows.length > 0) return err(['La plateforme est déjà chargée : un second chargement est refusé.']);
    const signing = await ensureSigningKey(tx);
    const header = makeHeader(manifest, electionKey, hexToBytes(signing.publicKey));
    await tx.query(
      `INSERT INTO platform.election (code, name, chamber, opens_at, closes_at, time_zone, manifest, election_key, urn_header, load_digest) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [file.electionCode, file.name, file.chamber, file.opensAt, file.closesAt, file.timeZone ?? DEFAULT_TIME_ZONE, JSON.stringify(manifest), JSON.stringify(electionKey), JSON.stringify(header), loadDigest],
    );
    for (const [position, u] of file.urns.entries()) {
      await tx.query('INSERT INTO platform.urn_unit VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [u.id, u.contestCode, u.contestName, u.categoryCode, u.subcategoryCode, u.label, u.seats, position]);
      for (const [i, c] of u.candidates.entries())
        await tx.query('INSERT INTO platform.candidate VALUES ($1, $2, $3, $4, $5, $6, $7)', [u.id, i, c.id, c.lastName, c.firstNames, c.profession, c.substitute]);
    }
    const v = file.voters;
    await tx.query(
      `INSERT INTO voter_file.voter (id, voter_number, civility, last_name, first_names, birth_date, postal_address, company_name)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[])`,
      [v.map((x) => x.id), v.map((x) => x.voterNumber), v.map((x) => x.civility), v.map((x) => x.lastName), v.map((x) => x.firstNames), v.map((x) => x.birthDate), v.map((x) => x.postalAddress), v.map((x) => x.companyName)],
    );
    const rights = v.flatMap((x) => x.rights.map((r) => ({ ...r, voterId: x.id })));
    await tx.query(
      `INSERT INTO voter_file.voting_right (id, voter_id, category_code, subcategory_code, label, withdrawn)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::boolean[])`,
      [rights.map((r) => r.id), rights.map((r) => r.voterId), rights.map((r) => r.categoryCode), rights.map((r) => r.subcategoryCode), rights.map((r) => r.label), rights.map((r) => r.withdrawn)],
    );
    await recordEvent(tx, 'chargement', 'platform.load', { electionCode: file.electionCode, loadDigest, voters: v.length, rights: rights.length, rollSha256: file.rollSha256, candidatesDigest: file.candidatesDigest });
    return ok({ electionCode: file.electionCode, voters: v.length, rights: rights.length, urns: file.urns.length, platformPublicKey: signing.publicKey, platformKeyFingerprint: signing.fingerprint, loadDigest });
  });
}
