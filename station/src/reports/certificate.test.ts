import forge from 'node-forge';
import fc from 'fast-check';
import { withNativeSigning } from './certificate.js';

describe('withNativeSigning', () => {
  // Two copies of one key: forge's own signing on one, node:crypto's on the other.
  const pair = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const pem = forge.pki.privateKeyToPem(pair.privateKey);
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  const nativeKey = withNativeSigning(forge.pki.privateKeyFromPem(pem));
  const digestOf = (algorithm: 'sha1' | 'sha256' | 'sha384' | 'sha512', bytes: Uint8Array) => forge.md[algorithm].create().update(Buffer.from(bytes).toString('binary'));

  test('writes the bytes forge writes (RSASSA-PKCS1-v1_5 is deterministic), for every digest CMS may use', () => {
    fc.assert(
      fc.property(fc.constantFrom('sha1', 'sha256', 'sha384', 'sha512' as const), fc.uint8Array({ maxLength: 300 }), (algorithm, bytes) => {
        const signature = nativeKey.sign(digestOf(algorithm, bytes));
        expect(signature).toBe(forgeKey.sign(digestOf(algorithm, bytes)));
        expect(pair.publicKey.verify(digestOf(algorithm, bytes).digest().getBytes(), signature)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  test('a digest computed elsewhere (signDigest) and the explicit scheme name sign the same', () => {
    const digest = forge.md.sha256.create().update('procès-verbal', 'utf8').digest().getBytes();
    const md = { algorithm: 'sha256', digest: () => forge.util.createBuffer(digest) } as unknown as forge.md.MessageDigest;
    expect(nativeKey.sign(md, 'RSASSA-PKCS1-V1_5')).toBe(forgeKey.sign(md, 'RSASSA-PKCS1-V1_5'));
  });

  test('another scheme (PSS) is left to forge, and verifies', () => {
    const pss = () => forge.pss.create({ md: forge.md.sha256.create(), mgf: forge.mgf.mgf1.create(forge.md.sha256.create()), saltLength: 20 });
    const md = digestOf('sha256', new Uint8Array([1, 2, 3]));
    const signature = nativeKey.sign(md, pss() as never);
    expect(pair.publicKey.verify(md.digest().getBytes(), signature, pss() as never)).toBe(true);
  });
});
