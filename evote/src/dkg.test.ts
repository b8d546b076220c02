import fc from 'fast-check';
import { openCeremony, newTransportKey, createContribution, finalizeHolder, buildElectionKey, verifyElectionKey, HOLDERS, type Registration, type Contribution } from './dkg.js';
import { toBase64Url } from './encoding.js';
import { G, decodePoint, randomScalar, encodePoint } from './group.js';
import { encrypt } from './elgamal.js';
import { lagrangeAtZero, discreteLog } from './tally.js';
import { runCeremony } from './fixtures.test-helpers.js';

function setup() {
  const ceremony = openCeremony('CCI-TEST', new Date());
  const transports = HOLDERS.map(() => newTransportKey());
  const registrations: Registration[] = HOLDERS.map((h) => ({ format: 'scrutin-ceremony-registration/1', ceremonyId: ceremony.ceremonyId, holder: h, name: `D${h}`, transportPublicKey: toBase64Url(transports[h - 1]!.publicKey) }));
  const contributions = HOLDERS.map((h) => {
    const c = createContribution(ceremony, h, registrations);
    if (!c.ok) throw new Error(c.error);
    return c.value;
  });
  return { ceremony, transports, registrations, contributions };
}

const PAIRS: [number, number][] = [[1, 2], [1, 3], [2, 3]];

describe('Pedersen DKG, 2 of 3', () => {
  const { key, shares } = runCeremony('CCI-TEST');
  const Y = decodePoint(key.publicKey);

  test('every pair of holders decrypts the same value; the key is consistent with the commitments (property)', () => {
    expect(verifyElectionKey(key).ok).toBe(true);
    fc.assert(fc.property(fc.integer({ min: 0, max: 2000 }), (m) => {
      const ct = encrypt(Y, m, randomScalar());
      for (const [i, j] of PAIRS) {
        const d = ct.a.multiply(shares[i - 1]!).multiply(lagrangeAtZero(i, j)).add(ct.a.multiply(shares[j - 1]!).multiply(lagrangeAtZero(j, i)));
        expect(discreteLog(ct.b.subtract(d), 2000)).toBe(m);
      }
    }), { numRuns: 10 });
  });

  test('one share alone decrypts nothing (invariant 7)', () => {
    const ct = encrypt(Y, 7, randomScalar());
    for (const h of HOLDERS) {
      // Neither the raw share nor any public Lagrange weight applied to it recovers 7·G.
      for (const weight of [1n, lagrangeAtZero(h, h === 1 ? 2 : 1), lagrangeAtZero(h, h === 3 ? 2 : 3)]) {
        expect(discreteLog(ct.b.subtract(ct.a.multiply(shares[h - 1]!).multiply(weight)), 100000)).toBeNull();
      }
    }
  });

  test('no single holder knows the joint secret: it is none of the shares', () => {
    for (const s of shares) expect(G.multiply(s).equals(Y)).toBe(false);
  });

  test('a corrupted sub-share is detected by its recipient against the sender’s commitments', () => {
    const { ceremony, transports, registrations, contributions } = setup();
    // Holder 2 cheats: sends holder 3 a share from another polynomial than the one it committed to.
    const cheat = createContribution(ceremony, 2, registrations);
    if (!cheat.ok) throw new Error(cheat.error);
    const forged: Contribution = { ...contributions[1]!, subShares: contributions[1]!.subShares.map((s) => (s.to === 3 ? cheat.value.subShares.find((x) => x.to === 3)! : s)) };
    const r = finalizeHolder(ceremony, 3, transports[2]!.secretKey, [contributions[0]!, forged, contributions[2]!]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/détenteur 2/);
    // Holders 1 and 2 received honest parts and finalize normally.
    expect(finalizeHolder(ceremony, 1, transports[0]!.secretKey, [contributions[0]!, forged, contributions[2]!]).ok).toBe(true);
  });

  test('a sub-share cannot be read by another holder', () => {
    const { ceremony, transports, contributions } = setup();
    const stolen = contributions.map((c) => ({ ...c, subShares: c.subShares.map((s) => (s.to === 1 ? { ...c.subShares.find((x) => x.to === 2)!, to: 1 } : s)) }));
    expect(finalizeHolder(ceremony, 1, transports[0]!.secretKey, stolen).ok).toBe(false);
  });

  test('a contribution whose proof of knowledge does not match its commitment is refused, for either coefficient', () => {
    const { ceremony, transports, contributions } = setup();
    for (const k of [0, 1]) {
      const commitments = contributions[0]!.commitments.map((c, i) => (i === k ? encodePoint(G.multiply(randomScalar())) : c));
      const r = finalizeHolder(ceremony, 2, transports[1]!.secretKey, [{ ...contributions[0]!, commitments }, contributions[1]!, contributions[2]!]);
      expect(r).toEqual({ ok: false, error: `La preuve de connaissance du détenteur 1 pour son coefficient ${k} est invalide.` });
    }
  });

  test('publication needs the three confirmations on the same contributions', () => {
    const { ceremony, transports, contributions } = setup();
    const finals = HOLDERS.map((h) => {
      const f = finalizeHolder(ceremony, h, transports[h - 1]!.secretKey, contributions);
      if (!f.ok) throw new Error(f.error);
      return f.value.finalization;
    });
    expect(buildElectionKey(ceremony, contributions, finals).ok).toBe(true);
    expect(buildElectionKey(ceremony, contributions, finals.slice(0, 2)).ok).toBe(false);
    const altered = { ...finals[2]!, contributionHashes: [finals[2]!.contributionHashes[1]!, ...finals[2]!.contributionHashes.slice(1)] };
    expect(buildElectionKey(ceremony, contributions, [finals[0]!, finals[1]!, altered]).ok).toBe(false);
  });

  test('an election key whose public key does not match the commitments is refused', () => {
    expect(verifyElectionKey({ ...key, publicKey: encodePoint(Y.add(G)) }).ok).toBe(false);
    expect(verifyElectionKey({ ...key, verificationKeys: [key.verificationKeys[1]!, key.verificationKeys[0]!, key.verificationKeys[2]!] }).ok).toBe(false);
    expect(verifyElectionKey({ ...key, keyFingerprint: '0'.repeat(64) }).ok).toBe(false);
  });
});
