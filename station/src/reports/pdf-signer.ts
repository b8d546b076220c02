/**
 * CMS (adbe.pkcs7.detached) signer for @signpdf. We do not use @signpdf/signer-p12: it passes the
 * certificate's parsed issuer to forge, which keeps UTF8String values as raw bytes when parsing but
 * encodes them again when writing, so a French issuer (« Préfecture ») comes out double-encoded in
 * the SignerInfo and no verifier finds the signer certificate.
 */
import forge from 'node-forge';
import type { SigningCredentials } from './certificate.js';
import { SignerBase } from './signpdf-interop.js';

function issuerAttributes(certificate: forge.pki.Certificate): forge.pki.CertificateField[] {
  return certificate.issuer.attributes.map((attr) =>
    (attr.valueTagClass as unknown) === forge.asn1.Type.UTF8 ? { ...attr, value: forge.util.decodeUtf8(attr.value as string) } : attr,
  );
}

export class CommissionSigner extends SignerBase {
  private readonly credentials: SigningCredentials;

  constructor(credentials: SigningCredentials) {
    super();
    this.credentials = credentials;
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    // Parsed from PEM so that forge reuses the exact DER of the certificate (its cached TBSCertificate).
    const certificate = forge.pki.certificateFromPem(this.credentials.certificatePem);
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    p7.addCertificate(certificate);
    p7.addSigner({
      key: this.credentials.privateKey,
      issuer: issuerAttributes(certificate),
      serialNumber: certificate.serialNumber,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime!, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest! },
      ],
    } as never);
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}
