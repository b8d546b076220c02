import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { generateCommissionCertificate, loadPkcs12, subjectName } from './certificate.js';
import { makeReportData } from '../testing/reports.js';
import { formatQrPayload, parseQrPayload, resultsDigest, signDigest, verifyDigestSignature } from './results-digest.js';

const credentials = generateCommissionCertificate(
  { commonName: 'Commission d’organisation des élections — CCI Ille-et-Vilaine', organization: 'Préfecture d’Ille-et-Vilaine', electionCode: 'CCI35-2026' },
  'phrase de passe très longue',
);

// The files the tests hand to openssl and zbarimg, below one folder removed after them.
const root = mkdtempSync(join(tmpdir(), 'scrutin-digest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('canonicalJson', () => {
  it('does not depend on key order and round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
    expect(canonicalJson({ b: 1, a: [true, null, 'é'] })).toBe('{"a":[true,null,"é"],"b":1}');
  });
});

describe('certificate', () => {
  it('keeps the French subject readable and reloads from PKCS#12', () => {
    expect(subjectName(credentials.certificate)).toBe('Commission d’organisation des élections — CCI Ille-et-Vilaine');
    const loaded = loadPkcs12(credentials.p12, 'phrase de passe très longue');
    expect(loaded.ok && loaded.value.fingerprint).toBe(credentials.fingerprint);
    expect(loaded.ok && subjectName(loaded.value.certificate)).toBe('Commission d’organisation des élections — CCI Ille-et-Vilaine');
  });

  it('refuses a wrong passphrase and garbage in French', () => {
    const wrong = loadPkcs12(credentials.p12, 'mauvaise');
    expect(!wrong.ok && wrong.error.code).toBe('BAD_PASSPHRASE');
    const garbage = loadPkcs12(new Uint8Array([1, 2, 3, 4]), 'x');
    expect(!garbage.ok && garbage.error.message).toMatch(/PKCS#12/);
  });

  it('is read back by openssl with a UTF-8 subject', () => {
    const dir = mkdtempSync(join(root, 'cert-'));
    writeFileSync(join(dir, 'c.pem'), credentials.certificatePem);
    const text = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-subject', '-nameopt', 'utf8'], { encoding: 'utf8' });
    expect(text).toContain('Commission d’organisation des élections');
  });
});

describe('results digest', () => {
  const data = makeReportData();
  const digest = resultsDigest(data);
  const signature = signDigest(digest, credentials.privateKey);

  it('signs and verifies, and any change of the results breaks it', () => {
    expect(verifyDigestSignature(digest, signature, credentials.certificate.publicKey as never)).toBe(true);
    const changed = structuredClone(data);
    changed.contests[0]!.urns[0]!.candidates[0]!.combinedVotes += 1;
    expect(verifyDigestSignature(resultsDigest(changed), signature, credentials.certificate.publicKey as never)).toBe(false);
  });

  it('fits a QR code that zbarimg reads back from a paper-sized image', async () => {
    const payload = formatQrPayload({ electionCode: data.election.code, digest, signature });
    const parsed = parseQrPayload(payload);
    expect(parsed.ok && Buffer.from(parsed.value.digest).equals(Buffer.from(digest))).toBe(true);
    const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
    // Version ≤ 20 (97 modules) printed 45 mm wide gives modules of about 0.5 mm: fine for a phone or a flatbed scanner.
    expect(qr.version).toBeLessThanOrEqual(20);
    const dir = mkdtempSync(join(root, 'qr-'));
    await QRCode.toFile(join(dir, 'qr.png'), payload, { errorCorrectionLevel: 'M', scale: 3 });
    const read = execFileSync('zbarimg', ['--raw', '-q', join(dir, 'qr.png')], { encoding: 'utf8' }).trim();
    expect(read).toBe(payload);
  });

  it('rejects a malformed payload in French', () => {
    expect(parseQrPayload('HELLO:x:y:z')).toEqual({ ok: false, error: expect.stringMatching(/préfixe SCRUTIN1/) });
  });
});
