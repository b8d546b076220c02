// Files signed by the voting platform are checked as RFC 8032 strict Ed25519 against the key recorded at sealing.
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { sha256Hex } from '@scrutin/basics/canonical-json.js';
import { checkPlatformSignature, signAsPlatform } from './platform-signature.js';
import { keyFingerprint } from './key-fingerprint.js';

const secret = bytesToHex(ed25519.utils.randomSecretKey());
const publicKey = bytesToHex(ed25519.getPublicKey(hexToBytes(secret)));

test('a file signed by the platform key verifies; one changed byte does not', () => {
  const { file, signature } = signAsPlatform({ emargements: [1, 2, 3] }, secret);
  const bytes = new TextEncoder().encode(file);
  expect(checkPlatformSignature(publicKey, bytes, signature, 'l’émargement')).toEqual({ ok: true, value: { fileSha256: sha256Hex(bytes) } });
  const altered = Uint8Array.from(bytes);
  altered[2] = altered[2]! ^ 1;
  const forged = JSON.stringify({ ...JSON.parse(signature), sha256: sha256Hex(altered) });
  expect(checkPlatformSignature(publicKey, altered, forged, 'l’émargement')).toMatchObject({ ok: false, error: { code: 'BAD_SIGNATURE' } });
});

test('a small-order key recorded at sealing does not make every signature valid (ZIP-215 would accept R = identity, S = 0)', () => {
  const identityKey = new Uint8Array(32);
  identityKey[0] = 1;
  const bytes = new TextEncoder().encode('{"emargements":[]}\n');
  const signature = new Uint8Array(64);
  signature[0] = 1;
  expect(ed25519.verify(signature, bytes, identityKey)).toBe(true);
  const file = JSON.stringify({ sha256: sha256Hex(bytes), signature: bytesToHex(signature), keyFingerprint: keyFingerprint(bytesToHex(identityKey)) });
  expect(checkPlatformSignature(bytesToHex(identityKey), bytes, file, 'l’émargement')).toMatchObject({ ok: false, error: { code: 'BAD_SIGNATURE' } });
});
