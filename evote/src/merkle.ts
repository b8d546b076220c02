import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/** RFC 6962-style tree (distinct leaf and node prefixes), so that a voter can later get an inclusion proof. */
export function merkleRoot(leavesHex: string[]): string {
  if (leavesHex.length === 0) return bytesToHex(sha256(new Uint8Array(0)));
  let level: Uint8Array[] = leavesHex.map((h) => sha256(concatBytes(LEAF, hexToBytes(h))));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(right === undefined ? level[i]! : sha256(concatBytes(NODE, level[i]!, right)));
    }
    level = next;
  }
  return bytesToHex(level[0]!);
}
