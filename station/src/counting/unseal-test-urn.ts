// Tests and demonstrations (`scrutin unseal make-test-urn`): an urn encrypted with evote's reference
// encryptor, sealed as the platform would, whose ballots per urn match the station's electronic emargement.
import { hexToBytes } from '@noble/hashes/utils.js';
import { decodePoint, encryptBallot, makeHeader, sealUrn, type ElectionKey, type ElectionManifest, type EncodedBallot } from '@scrutin/evote';

export type ExpectedUrn = { urnId: string; ballots: number; blank: number; votes: number[] };

/** A known distribution: ballot k of an urn is blank when k % 5 = 4, else marks k mod n (and k+1 when two seats or more and k is even). */
export function marksFor(k: number, candidates: number, seats: number): number[] {
  if (k % 5 === 4) return [];
  const first = k % candidates;
  const marks = [first];
  if (seats >= 2 && candidates >= 2 && k % 2 === 0) marks.push((first + 1) % candidates);
  return marks.sort((a, b) => a - b);
}

export function expectedFor(manifest: ElectionManifest, perUrn: Record<string, number>): ExpectedUrn[] {
  return manifest.urns.map((u) => {
    const votes = u.candidates.map(() => 0);
    let blank = 0;
    const n = perUrn[u.id] ?? 0;
    for (let k = 0; k < n; k++) {
      const marks = marksFor(k, u.candidates.length, u.seats);
      if (marks.length === 0) blank++;
      for (const m of marks) votes[m]!++;
    }
    return { urnId: u.id, ballots: n, blank, votes };
  });
}

/** The urn file's lines (header, ballots, seal) as the platform would close it. */
export function makeUrnLines(manifest: ElectionManifest, key: ElectionKey, perUrn: Record<string, number>, platform: { publicKey: string; secretKey: string }, closedAt = new Date()): string[] {
  const header = makeHeader(manifest, key, hexToBytes(platform.publicKey));
  const publicKey = decodePoint(key.publicKey);
  const ballots: EncodedBallot[] = [];
  for (const urn of manifest.urns) {
    for (let k = 0; k < (perUrn[urn.id] ?? 0); k++) {
      const b = encryptBallot({ publicKey, manifestFingerprint: header.manifestFingerprint, urn }, marksFor(k, urn.candidates.length, urn.seats));
      if (!b.ok) throw new Error(b.error.message);
      ballots.push(b.value);
    }
  }
  return sealUrn(header, ballots, closedAt, hexToBytes(platform.secretKey));
}
