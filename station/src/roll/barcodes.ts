import { createHmac } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The generated barcodes of a roll, the same codes as @scrutin/domain/barcode.ts makeBarcode
 * (a test holds them equal), computed with node:crypto: noble's portable HMAC took
 * about 20 µs a code, most of a million-row import; OpenSSL's takes about 2.
 */
export function barcodeMaker(secret: Uint8Array, electionCode: string): (rightId: number) => string {
  const key = Buffer.from(secret);
  return (rightId) => {
    const body = `${electionCode}-${String(rightId).padStart(7, '0')}`;
    const mac = createHmac('sha256', key).update(body).digest();
    // 8 base32 characters = the first 40 bits of the MAC
    const hi = mac.readUInt32BE(0);
    const lo = mac[4]!;
    let out = '';
    for (let k = 0; k < 6; k++) out += ALPHABET[(hi >>> (27 - 5 * k)) & 31];
    out += ALPHABET[((hi & 3) << 3) | (lo >>> 5)];
    out += ALPHABET[lo & 31];
    return `${body}-${out}`;
  };
}
