// Test helpers for the unsealing, in @scrutin/station/testing: a real three-holder ceremony (evote's in-memory
// one) with its shares sealed in files.
import { sealShare, type ElectionKey, type Vault } from '@scrutin/evote';
import { runCeremony } from '@scrutin/evote/testing';
import type { CeremonyFiles } from '@scrutin/evote/ceremony-record.js';

export { expectedFor, makeUrnLines, marksFor, type ExpectedUrn } from '../counting/unseal-test-urn.js';

/** `files`: the ceremony's public folder (texts), for the independent verifier's --election-key. */
export type TestCeremony = { key: ElectionKey; shares: bigint[]; vaults: Vault[]; passphrases: string[]; files: CeremonyFiles };

/** Low scrypt cost (2^10) so that tests stay fast; the station reads the cost from the vault itself. */
export function testCeremony(electionCode: string): TestCeremony {
  const { key, shares, files } = runCeremony(electionCode);
  const passphrases = [1, 2, 3].map((h) => `phrase secrète du détenteur ${h}`);
  const vaults = shares.map((s, i) => sealShare(key.ceremonyId, i + 1, s, passphrases[i]!, { logN: 10, r: 8, p: 1 }));
  return { key, shares, vaults, passphrases, files };
}
