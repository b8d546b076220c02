import { runCeremony, MANIFEST } from './fixtures.test-helpers.js';
import { makeHeader, sealUrn, generatePlatformKey } from './urn.js';
import { encryptTestBallots, expectedTally } from './test-urn.js';
import { decodePoint } from './group.js';
import { checkUrnLines } from './verifier.js';
import { partialDecrypt } from './tally.js';
import { buildElectronicTally } from './unseal.js';

test('smoke', () => {
  const { key, shares } = runCeremony();
  const platform = generatePlatformKey();
  const header = makeHeader(MANIFEST, key, platform.publicKey);
  let t = performance.now();
  const ballots = encryptTestBallots(MANIFEST, decodePoint(key.publicKey), header.manifestFingerprint, 's', 0, 20);
  console.log('encrypt ms/ballot', (performance.now() - t) / 20);
  const lines = sealUrn(header, ballots, new Date(), platform.secretKey);
  t = performance.now();
  const r = checkUrnLines(lines);
  console.log('check ms/ballot', (performance.now() - t) / 20);
  if (!r.ok) throw new Error(r.error);
  expect(r.value.check.problems).toEqual([]);
  const ctx = { electionCode: MANIFEST.electionCode, manifestFingerprint: header.manifestFingerprint, merkleRoot: r.value.check.merkleRoot };
  const p1 = partialDecrypt(ctx, 1, shares[0]!, r.value.check.aggregates);
  const p3 = partialDecrypt(ctx, 3, shares[2]!, r.value.check.aggregates);
  const tally = buildElectronicTally(r.value.verified, r.value.check, [p1, p3]);
  if (!tally.ok) throw new Error(tally.error);
  expect(tally.value.urns).toEqual(expectedTally(MANIFEST, 's', 20));
});
