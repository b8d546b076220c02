import forge from 'node-forge';
import fc from 'fast-check';
import { generateCommissionCertificate, loadPkcs12, withNativeSigning } from './certificate.js';

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

describe('loadPkcs12', () => {
  const identity = { commonName: 'Commission de test', organization: 'Préfecture de test', electionCode: 'CCIT26' };

  test('a PKCS#12 whose key has an altered prime is refused in French, not thrown', () => {
    const made = generateCommissionCertificate(identity, 'phrase de la commission');
    const key = made.privateKey as forge.pki.rsa.PrivateKey & { p: forge.jsbn.BigInteger };
    key.p = key.p.add(forge.jsbn.BigInteger.ONE);
    const p12 = forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, [made.certificate], 'phrase de la commission', { algorithm: 'aes256' })).getBytes();
    const loaded = loadPkcs12(Uint8Array.from(Buffer.from(p12, 'binary')), 'phrase de la commission');
    expect(loaded.ok ? null : loaded.error).toEqual({ code: 'BAD_PKCS12', message: expect.stringMatching(/^La clé privée du fichier PKCS#12 est incohérente/) });
  });

  test('a sound PKCS#12 loads and signs what the certificate verifies', () => {
    const made = generateCommissionCertificate(identity, 'phrase de la commission');
    const loaded = loadPkcs12(made.p12, 'phrase de la commission');
    if (!loaded.ok) throw new Error(loaded.error.message);
    const md = forge.md.sha256.create().update('résultats');
    expect((loaded.value.certificate.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().getBytes(), loaded.value.privateKey.sign(md))).toBe(true);
  });
});
