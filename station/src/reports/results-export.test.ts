import fc from 'fast-check';
import { generateCommissionCertificate } from './certificate.js';
import { makeReportData } from './fixture.js';
import { buildResultsExport, consolidateExports, verifyResultsJson } from './results-export.js';

const identity = { commonName: 'Commission — CCI Ille-et-Vilaine', organization: 'Préfecture', electionCode: 'CCI35-2026' };
const credentials = generateCommissionCertificate(identity, 'p');
const data = makeReportData({ setAside: 20 });
const file = buildResultsExport(data, credentials);

describe('signed JSON export', () => {
  it('verifies and gives back the results', () => {
    const verified = verifyResultsJson(file, { trustedFingerprints: [credentials.fingerprint] });
    if (!verified.ok) throw new Error(JSON.stringify(verified.error));
    expect(verified.value.results).toEqual(data);
    expect(verified.value.signer).toBe(identity.commonName);
  });

  it('fails when any single byte is flipped', () => {
    fc.assert(
      fc.property(fc.nat({ max: file.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const tampered = Uint8Array.from(file);
        tampered[at] = tampered[at]! ^ mask;
        expect(verifyResultsJson(tampered).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('fails when a vote is changed and the file rewritten canonically', () => {
    const parsed = JSON.parse(new TextDecoder().decode(file));
    parsed.results.contests[0].urns[0].candidates[0].combinedVotes += 1;
    const sorted = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sorted(x)])) : v;
    const rewritten = new TextEncoder().encode(JSON.stringify(sorted(parsed)));
    const verified = verifyResultsJson(rewritten);
    expect(!verified.ok && verified.error.map((e) => e.code)).toEqual(['RESULTS_DIGEST_MISMATCH', 'BAD_SIGNATURE']);
  });
});

describe('consolidateExports', () => {
  const other = makeReportData({ seed: 99, setAside: 5 });
  other.election.code = 'CCI22-2026';
  other.election.chamber = 'CCI territoriale des Côtes-d’Armor';
  const otherCredentials = generateCommissionCertificate({ ...identity, electionCode: 'CCI22-2026' }, 'q');
  const otherFile = buildResultsExport(other, otherCredentials);

  it('sums participation and votes by contest kind and category across chambres', () => {
    const result = consolidateExports([
      { name: 'cci35.json', bytes: file },
      { name: 'cci22.json', bytes: otherFile },
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.chambers.map((c) => c.electionCode)).toEqual(['CCI35-2026', 'CCI22-2026']);
    expect(result.value.participation.registeredRights).toBe(data.participation.registeredRights + other.participation.registeredRights);
    const all = [...data.contests, ...other.contests].flatMap((c) => c.urns);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(result.value.categories.map((c) => c.combined.valid))).toBe(sum(all.map((u) => u.combined.valid)));
    expect(result.value.categories.every((c) => c.chambers === 2)).toBe(true);
    expect(sum(result.value.categories.map((c) => c.elected.length))).toBe(sum(all.map((u) => u.candidates.filter((x) => x.elected).length)));
  });

  it('refuses the consolidation and names the bad file and the duplicate', () => {
    const bad = Uint8Array.from(otherFile);
    bad[500] = bad[500]! ^ 1;
    const result = consolidateExports([
      { name: 'cci35.json', bytes: file },
      { name: 'cci22.json', bytes: bad },
      { name: 'cci35-bis.json', bytes: file },
    ]);
    expect(!result.ok && result.error.map((f) => f.file)).toEqual(['cci22.json', 'cci35-bis.json']);
    expect(!result.ok && result.error[1]!.errors[0]!.message).toMatch(/déjà importé/);
  });
});
