// The urn file is JSON Lines: a header, one canonical-JSON ballot per line sorted by ballot hash, then the seal.
// Lines rather than one JSON document: a 100,000-ballot urn is ~560 MB, beyond V8's largest string.
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64Url, toBase64Url } from './encoding.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { taggedHashHex } from './group.js';
import { merkleRoot } from './merkle.js';
import { chainHeads, genesisHead } from './chain.js';
import type { EncodedBallot, UrnHeader, UrnSeal, ElectionManifest, ElectionKey } from './schemas.js';
import { manifestFingerprint } from './manifest.js';
import { normaliseFingerprint, platformKeyFingerprint } from '@scrutin/contract/key-fingerprint.js';

export const URN_FORMAT = 'scrutin-urn/1';

export type PlatformKey = { secretKey: Uint8Array; publicKey: Uint8Array };

export function generatePlatformKey(): PlatformKey {
  const { secretKey, publicKey } = ed25519.keygen();
  return { secretKey, publicKey };
}

// The platform key's fingerprint (§5.3) is @scrutin/contract's, the one definition; evote's public surface
// keeps offering it here, where the urn header that carries it is made.
export { platformKeyFingerprint, normaliseFingerprint };

export function ballotLine(ballot: EncodedBallot): string {
  return canonicalJson({ kind: 'ballot', ...ballot });
}

/** The hash of a ballot is the hash of its canonical line: the verifier checks the line is canonical. */
export function ballotHash(line: string): string {
  return taggedHashHex('ballot', line);
}

export function sealPayload(header: UrnHeader, seal: Omit<UrnSeal, 'signature' | 'kind'>): Uint8Array {
  return utf8ToBytes(
    canonicalJson({
      format: URN_FORMAT,
      electionCode: header.manifest.electionCode,
      manifestFingerprint: header.manifestFingerprint,
      platformPublicKey: header.platformPublicKey,
      ballotCount: seal.ballotCount,
      perUrn: seal.perUrn,
      merkleRoot: seal.merkleRoot,
      closedAt: seal.closedAt,
      // Only the head is signed: it commits to every batch (evote/src/chain.ts).
      chainHead: seal.chain?.head,
    }),
  );
}

export function makeHeader(manifest: ElectionManifest, electionKey: ElectionKey, platformPublicKey: Uint8Array): UrnHeader {
  return {
    kind: 'header',
    format: URN_FORMAT,
    manifest,
    electionKey,
    manifestFingerprint: manifestFingerprint(manifest, electionKey),
    platformPublicKey: toBase64Url(platformPublicKey),
  };
}

/** What the voting platform does at close: sort, count, Merkle root, sign. Returns the file's lines. */
export function sealUrn(header: UrnHeader, ballots: EncodedBallot[], closedAt: Date, platformSecretKey: Uint8Array): string[] {
  return sealBallotLines(header, ballots.map((b) => ({ line: ballotLine(b), urnId: b.urnId })), closedAt, platformSecretKey);
}

/** Same as `sealUrn` for ballots already serialised with `ballotLine` (large urns built by workers). */
export function sealBallotLines(header: UrnHeader, entries: { line: string; urnId: string }[], closedAt: Date, platformSecretKey: Uint8Array, batches?: string[][]): string[] {
  const hashed = entries.map((e) => ({ line: e.line, hash: ballotHash(e.line) }));
  hashed.sort((x, y) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0));
  const perUrn: Record<string, number> = Object.fromEntries(header.manifest.urns.map((u) => [u.id, 0]));
  for (const e of entries) perUrn[e.urnId] = (perUrn[e.urnId] ?? 0) + 1;
  const sortedBatches = batches?.map((b) => [...b].sort());
  const chain = sortedBatches && { head: chainHeads(header.manifestFingerprint, sortedBatches).at(-1) ?? genesisHead(header.manifestFingerprint), batches: sortedBatches };
  const body = { ballotCount: entries.length, perUrn, merkleRoot: merkleRoot(hashed.map((h) => h.hash)), closedAt: closedAt.toISOString(), ...(chain ? { chain } : {}) };
  const signature = toBase64Url(ed25519.sign(sealPayload(header, body), platformSecretKey));
  const seal: UrnSeal = { kind: 'seal', ...body, signature };
  return [canonicalJson(header), ...hashed.map((h) => h.line), canonicalJson(seal)];
}

export function verifySealSignature(header: UrnHeader, seal: UrnSeal): boolean {
  try {
    // RFC 8032 strict rather than noble's ZIP-215 default: canonical A and R, S < ℓ, small-order A refused
    // (one accepted signature encoding per seal; docs/formats/urn.md §1.1).
    return ed25519.verify(fromBase64Url(seal.signature), sealPayload(header, seal), fromBase64Url(header.platformPublicKey), { zip215: false });
  } catch {
    return false;
  }
}
