// The platform's batch chain, docs/formats/platform.md « Batch chain »: what binds receipts to the urn.
import { canonicalJson, taggedHash } from './hash.js';

/** head_0 = H("urn-chain-genesis", manifestFingerprint as hex text). */
export function genesisHead(manifestFingerprint: string): string {
  return taggedHash('urn-chain-genesis', manifestFingerprint);
}

/**
 * Heads after each batch: head_n = H("urn-batch", canonical JSON of {ballots, number: n, previous: head_(n−1)}),
 * `batches` in commit order, each its sorted ballot hashes.
 */
export function chainHeads(manifestFingerprint: string, batches: string[][]): string[] {
  const heads: string[] = [];
  let previous = genesisHead(manifestFingerprint);
  batches.forEach((ballots, i) => {
    previous = taggedHash('urn-batch', canonicalJson({ ballots, number: i + 1, previous }));
    heads.push(previous);
  });
  return heads;
}
