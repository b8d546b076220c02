// Receipts bound to the platform's batch chain (§9, docs/formats/platform.md): genuine receipts are found,
// a ballot dropped after its receipt was issued is detected, forged receipts are refused; and the seal's
// signature refuses a small-order platform key (§1.1). Urns built with evote's test helpers.
import { encryptTestBallots, MANIFEST, runCeremony } from '@scrutin/evote/testing';
import { makeHeader, sealUrn, sealBallotLines, generatePlatformKey, ballotHash } from '@scrutin/evote/urn.js';
import { chainHeads as mainChainHeads } from '@scrutin/evote/chain.js';
import { signReceipt } from '@scrutin/evote/receipt.js';
import { decodePoint as mainDecode } from '@scrutin/evote/group.js';
import { loadGroup } from './group.js';
import { canonicalJson } from './hash.js';
import { chainHeads } from './chain.js';
import { checkUrnLines } from './urn-file.js';
import { receiptProblems } from './receipts.js';

const { key } = runCeremony();
const platform = generatePlatformKey();
const header = makeHeader(MANIFEST, key, platform.publicKey);
const ballots = encryptTestBallots(MANIFEST, mainDecode(key.publicKey), header.manifestFingerprint, 'verifier-receipts', 0, 6);
const closedAt = new Date('2026-12-01T18:00:00Z');
const lines = sealUrn(header, ballots, closedAt, platform.secretKey);
const entries = lines.slice(1, -1).map((line) => ({ line, urnId: (JSON.parse(line) as { urnId: string }).urnId, hash: ballotHash(line) }));
const batches = [entries.slice(0, 3).map((e) => e.hash).sort(), entries.slice(3).map((e) => e.hash).sort()];
const sealChained = (batchList: string[][]) => {
  const kept = new Set(batchList.flat());
  return sealBallotLines(header, entries.filter((e) => kept.has(e.hash)), closedAt, platform.secretKey, batchList);
};
const heads = mainChainHeads(header.manifestFingerprint, batches);
const receiptFor = (i: number, secret = platform.secretKey) => {
  const batch = i < 3 ? 1 : 2;
  return signReceipt({ electionCode: MANIFEST.electionCode, ballots: [{ urnId: entries[i]!.urnId, fingerprint: entries[i]!.hash }], batch, batchHead: heads[batch - 1]!, recordedAt: new Date('2026-12-01T09:14:00Z') }, secret);
};
const receipts = entries.map((_, i) => receiptFor(i));
function report(urnLines: string[]) {
  const r = checkUrnLines(urnLines);
  if (!r.ok) throw new Error(r.error);
  return r.report;
}

beforeAll(loadGroup);

test('the batch heads are those of the main path (same definition, other hash library)', () => {
  expect(chainHeads(header.manifestFingerprint, batches)).toEqual(heads);
});

test('genuine receipts are all in the chained urn', () => {
  const r = report(sealChained(batches));
  expect(r.problems).toEqual([]);
  expect(receiptProblems(r, receipts)).toEqual([]);
});

test('a ballot dropped after its receipt was issued, then re-sealed honestly, is detected by its receipt and by later ones', () => {
  const dropped = sealChained([batches[0]!.filter((h) => h !== entries[1]!.hash), batches[1]!]);
  const r = report(dropped);
  expect(r.problems).toEqual([]); // the urn alone is consistent: only the receipts can tell
  const problems = receiptProblems(r, receipts);
  expect(problems).toContain('Reçu n° 2 refusé : la chaîne de l’urne ne passe pas par la tête du lot n° 1 du reçu : un bulletin de ce lot ou d’un lot antérieur a été retiré, ajouté ou déplacé.');
  expect(problems.join('\n')).toMatch(/Reçu n° 6 refusé : la chaîne de l’urne ne passe pas par la tête du lot n° 2/);
});

test('forged receipts are refused in French; an urn without chain vouches for none', () => {
  const r = report(sealChained(batches));
  const altered = { ...receipts[0]!, ballots: [{ ...receipts[0]!.ballots[0]!, fingerprint: entries[4]!.hash }] };
  const foreign = receiptFor(1, generatePlatformKey().secretKey);
  const problems = receiptProblems(r, [altered, foreign, { format: 'autre' }]);
  expect(problems[0]).toBe('Reçu n° 1 refusé : signature du reçu invalide : reçu modifié ou contrefait.');
  expect(problems[1]).toBe('Reçu n° 2 refusé : reçu signé par une autre clé que celle de la plateforme.');
  expect(problems[2]).toMatch(/^Reçu n° 3 refusé : reçu illisible/);
  expect(receiptProblems(report(lines), [receipts[0]])).toEqual([expect.stringMatching(/^Reçu n° 1 non vérifiable : le sceau de l’urne ne porte pas la chaîne des lots/)]);
});

test('a small-order platform key, which ZIP-215 would accept with R = identity, S = 0, fails the seal', () => {
  const identityKey = new Uint8Array(32);
  identityKey[0] = 1;
  const weakHeader = makeHeader(MANIFEST, key, identityKey);
  const sealed = sealUrn(weakHeader, ballots, closedAt, platform.secretKey);
  const seal = JSON.parse(sealed[sealed.length - 1]!) as Record<string, unknown> & { signature: string };
  const signature = new Uint8Array(64);
  signature[0] = 1;
  const forged = [...sealed.slice(0, -1), canonicalJson({ ...seal, signature: Buffer.from(signature).toString('base64url') })];
  expect(report(forged).problems).toEqual(['Signature de la plateforme invalide sur le sceau de clôture.']);
});
