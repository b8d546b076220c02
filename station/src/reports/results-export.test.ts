import fc from 'fast-check';
import { generateCommissionCertificate } from './certificate.js';
import { makeReportData } from '../testing/reports.js';
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
    const result = consolidateExports(
      [
        { name: 'cci35.json', bytes: file },
        { name: 'cci22.json', bytes: otherFile },
      ],
      { trustedFingerprints: [credentials.fingerprint, otherCredentials.fingerprint] },
    );
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
    const result = consolidateExports(
      [
        { name: 'cci35.json', bytes: file },
        { name: 'cci22.json', bytes: bad },
        { name: 'cci35-bis.json', bytes: file },
      ],
      { trustedFingerprints: [credentials.fingerprint, otherCredentials.fingerprint] },
    );
    expect(!result.ok && result.error.map((f) => f.file)).toEqual(['cci22.json', 'cci35-bis.json']);
    expect(!result.ok && result.error[1]!.errors[0]!.message).toMatch(/déjà importé/);
  });

  it('accepts only exports signed by a certificate it was given, and nothing without a list', () => {
    // An attacker's certificate carrying the same names as the commission of CCI 22.
    const impostor = generateCommissionCertificate({ ...identity, electionCode: 'CCI22-2026' }, 'r');
    const forged = buildResultsExport(other, impostor);
    const result = consolidateExports(
      [
        { name: 'cci35.json', bytes: file },
        { name: 'cci22.json', bytes: forged },
      ],
      { trustedFingerprints: [credentials.fingerprint, otherCredentials.fingerprint] },
    );
    expect(!result.ok && result.error.map((f) => [f.file, f.errors.map((e) => e.code)])).toEqual([['cci22.json', ['UNTRUSTED_SIGNER']]]);
    expect(!result.ok && result.error[0]!.errors[0]!.message).toContain(impostor.fingerprint);
    const none = consolidateExports([{ name: 'cci35.json', bytes: file }], { trustedFingerprints: [] });
    expect(!none.ok && none.error[0]!.errors[0]!.code).toBe('NO_TRUSTED_CERTIFICATES');
  });

  it('refuses forged figures signed with the genuine key: 500 postal votes in an urn of 55 envelopes', () => {
    const forgedData = structuredClone(data);
    const urn = forgedData.contests[0]!.urns[0]!;
    const envelopes = 55;
    // A coherent-looking urn: 55 envelopes found and accepted, all valid; then one candidate credited 500 postal votes.
    urn.reconciliation = { envelopesAccepted: envelopes, envelopesFound: envelopes, difference: 0, note: null };
    urn.postal = { ballots: envelopes, valid: envelopes, blank: 0, null: 0 };
    urn.combined = { ballots: envelopes + urn.electronic.ballots, valid: envelopes + urn.electronic.valid, blank: urn.electronic.blank, null: 0 };
    urn.candidates.forEach((c) => {
      c.postalVotes = 0;
      c.combinedVotes = c.electronicVotes;
    });
    urn.candidates[0]!.postalVotes = 500;
    urn.candidates[0]!.combinedVotes = 500 + urn.candidates[0]!.electronicVotes;
    const forged = buildResultsExport(forgedData, credentials);
    expect(verifyResultsJson(forged, { trustedFingerprints: [credentials.fingerprint] }).ok).toBe(true);
    const result = consolidateExports([{ name: 'cci35.json', bytes: forged }], { trustedFingerprints: [credentials.fingerprint] });
    expect(result.ok).toBe(false);
    const errors = !result.ok ? result.error[0]!.errors : [];
    expect(errors.map((e) => e.code)).toContain('INCONSISTENT_FIGURES');
    expect(errors.map((e) => e.message).join('\n')).toMatch(/500 voix par correspondance .* pour 55 bulletin\(s\) valable\(s\)/);
  });
});
