import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { taggedHashHex } from './group.js';
import type { ElectionKey, ElectionManifest } from './schemas.js';

/**
 * Binds the candidate lists and seats to the election key: every proof's challenge includes it, so a ballot
 * cannot be replayed in another election, another urn layout, or under another key.
 */
export function manifestFingerprint(manifest: ElectionManifest, electionKey: ElectionKey): string {
  return taggedHashHex(
    'manifest',
    canonicalJson({ manifest, publicKey: electionKey.publicKey, keyFingerprint: electionKey.keyFingerprint }),
  );
}

