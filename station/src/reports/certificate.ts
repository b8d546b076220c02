/**
 * The commission's signing certificate: generated at setup (self-signed, RSA 2048) or imported as a
 * PKCS#12 file. The same key signs the PDF (CMS) and the results digest carried by the QR code.
 */
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import forge from 'node-forge';
import { err, ok, type Result } from '@scrutin/basics/result.js';

export type CommissionIdentity = {
  /** e.g. « Commission d'organisation des élections — CCI Ille-et-Vilaine » */
  commonName: string;
  organization: string;
  locality?: string;
  electionCode: string;
};

export type SigningCredentials = {
  privateKey: forge.pki.rsa.PrivateKey;
  certificate: forge.pki.Certificate;
  certificatePem: string;
  /** SHA-256 of the DER certificate, lower-case hex: what a verifier pins. */
  fingerprint: string;
  /** The PKCS#12 bytes and passphrase, as @signpdf/signer-p12 wants them. */
  p12: Uint8Array;
  passphrase: string;
};

// With the UTF8String tag forge encodes the value itself: encoding it first with forge.util.encodeUtf8 (needed
// for the default PrintableString tag) would double-encode, which openssl then shows as « Ã© ».
const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });

export function certificateFingerprint(certificate: forge.pki.Certificate): string {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes();
  return forge.md.sha256.create().update(der).digest().toHex();
}

/** A printable name for a certificate subject, decoding the UTF-8 values forge keeps as bytes. */
export function subjectName(certificate: forge.pki.Certificate): string {
  const cn = certificate.subject.getField('CN') as { value: string } | null;
  if (!cn) return '(sans nom)';
  try {
    return forge.util.decodeUtf8(cn.value);
  } catch {
    return cn.value;
  }
}

/**
 * `key`, whose `sign` (what forge's certificates and CMS signatures and signDigest call, RSASSA-PKCS1-v1_5)
 * now runs in node:crypto rather than in forge's JavaScript big numbers: about 100 ms a signature there,
 * a few here, and a PV is signed twice (the QR's digest, the CMS). PKCS#1 v1.5 signatures are
 * deterministic, so the bytes are the ones forge writes (certificate.test.ts compares them): the DigestInfo
 * of the digest, padded and raised to the private exponent by OpenSSL (privateEncrypt, block type 1).
 * Any other scheme goes to forge's own code.
 */
export function withNativeSigning(key: forge.pki.rsa.PrivateKey): forge.pki.rsa.PrivateKey {
  const native = createPrivateKey(forge.pki.privateKeyToPem(key));
  const forgeSign = key.sign.bind(key);
  const { asn1 } = forge;
  key.sign = (md: forge.md.MessageDigest, scheme?: string) => {
    const oid = forge.pki.oids[md.algorithm];
    if ((scheme !== undefined && scheme !== 'RSASSA-PKCS1-V1_5') || !oid) return forgeSign(md, scheme as never);
    const digestInfo = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, md.digest().getBytes()),
    ]);
    return privateEncrypt({ key: native, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(asn1.toDer(digestInfo).getBytes(), 'binary')).toString('binary');
  };
  return key;
}

export function generateCommissionCertificate(
  identity: CommissionIdentity,
  passphrase: string,
  options: { now?: Date; validityDays?: number } = {},
): SigningCredentials {
  const now = options.now ?? new Date();
  // forge hands RSA generation to node:crypto when present, which keeps this well under a second.
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  withNativeSigning(keys.privateKey);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  certificate.validity.notBefore = new Date(now.getTime() - 60_000);
  certificate.validity.notAfter = new Date(now.getTime() + (options.validityDays ?? 3 * 366) * 86_400_000);
  const attrs: forge.pki.CertificateField[] = [
    { shortName: 'CN', ...utf8(identity.commonName) },
    { shortName: 'O', ...utf8(identity.organization) },
    { shortName: 'OU', ...utf8(`Scrutin ${identity.electionCode}`) },
    ...(identity.locality ? [{ shortName: 'L', ...utf8(identity.locality) }] : []),
    { shortName: 'C', value: 'FR' },
  ];
  certificate.setSubject(attrs);
  certificate.setIssuer(attrs);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(keys.privateKey, forge.md.sha256.create());
  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [certificate], passphrase, {
    algorithm: 'aes256',
    friendlyName: 'commission',
  });
  const p12 = Uint8Array.from(Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), 'binary'));
  return {
    privateKey: keys.privateKey,
    certificate,
    certificatePem: forge.pki.certificateToPem(certificate),
    fingerprint: certificateFingerprint(certificate),
    p12,
    passphrase,
  };
}

export type CertificateError = { code: 'BAD_PKCS12' | 'BAD_PASSPHRASE' | 'NO_KEY' | 'NO_CERTIFICATE' | 'NOT_RSA'; message: string };

/** Loads an imported PKCS#12 (commission certificate from a qualified provider, or one generated earlier). */
export function loadPkcs12(bytes: Uint8Array, passphrase: string): Result<SigningCredentials, CertificateError> {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(Buffer.from(bytes).toString('binary'));
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
    } catch {
      return err({ code: 'BAD_PASSPHRASE', message: 'Le fichier PKCS#12 ne s’ouvre pas avec cette phrase de passe.' });
    }
  } catch {
    return err({ code: 'BAD_PKCS12', message: 'Le fichier n’est pas un conteneur PKCS#12 lisible.' });
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const privateKey = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!privateKey) return err({ code: 'NO_KEY', message: 'Le fichier PKCS#12 ne contient pas de clé privée.' });
  if (typeof (privateKey as { n?: unknown }).n === 'undefined')
    return err({ code: 'NOT_RSA', message: 'La clé du fichier PKCS#12 n’est pas une clé RSA.' });
  // The signing certificate is the one whose public key matches the private key; others are the chain.
  const certificate = certBags
    .map((b) => b.cert)
    .find((c): c is forge.pki.Certificate => !!c && (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(privateKey.n));
  if (!certificate) return err({ code: 'NO_CERTIFICATE', message: 'Le fichier PKCS#12 ne contient pas le certificat de la clé privée.' });
  // A key whose parameters do not make one RSA key (a prime or a CRT value altered) may still match the
  // certificate's modulus: OpenSSL refuses some at import and signs wrongly with others, so the key signs once
  // here and the certificate must verify it.
  let signing: forge.pki.rsa.PrivateKey;
  try {
    signing = withNativeSigning(privateKey);
    const probe = forge.md.sha256.create().update('scrutin : contrôle de la clé');
    if (!(certificate.publicKey as forge.pki.rsa.PublicKey).verify(probe.digest().getBytes(), signing.sign(probe))) throw new Error('signature fausse');
  } catch {
    return err({ code: 'BAD_PKCS12', message: 'La clé privée du fichier PKCS#12 est incohérente : elle ne signe pas ce que son certificat vérifie.' });
  }
  return ok({
    privateKey: signing,
    certificate,
    certificatePem: forge.pki.certificateToPem(certificate),
    fingerprint: certificateFingerprint(certificate),
    p12: Uint8Array.from(bytes),
    passphrase,
  });
}
