// Encryption happens here, on the voter's device (arrêté art. 8): only ciphertexts and proofs leave it.
import { decodePoint, encryptBallot, manifestFingerprint, ElectionKeySchema, ElectionManifestSchema, type EncodedBallot } from '@scrutin/evote';

export function encryptChoices(manifestInput: unknown, keyInput: unknown, expectedFingerprint: string, choices: { urnId: string; marks: number[] }[]): EncodedBallot[] {
  const manifest = ElectionManifestSchema.parse(manifestInput);
  const key = ElectionKeySchema.parse(keyInput);
  const fingerprint = manifestFingerprint(manifest, key);
  // The browser recomputes the fingerprint: a page serving another key or candidate list is detected.
  if (fingerprint !== expectedFingerprint) throw new Error('Empreinte de l’élection incohérente : le vote est interrompu par sécurité.');
  const publicKey = decodePoint(key.publicKey);
  return choices.map((c) => {
    const urn = manifest.urns.find((u) => u.id === c.urnId);
    if (!urn) throw new Error('Urne inconnue.');
    const b = encryptBallot({ publicKey, manifestFingerprint: fingerprint, urn }, c.marks);
    if (!b.ok) throw new Error(b.error.message);
    return b.value;
  });
}
