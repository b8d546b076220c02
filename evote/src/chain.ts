// The urn's batch chain (issue 13, item 5): the platform writes ballots in anonymity batches (issue 14,
// item 1) and chains the batches, so that a receipt naming its batch's head proves that every ballot of
// that batch and of every earlier batch is still in the sealed urn. docs/formats/platform.md, « Reçu ».
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { taggedHashHex } from './group.js';

/** Head before the first batch: bound to the election (manifest fingerprint, 64 hex characters). */
export function genesisHead(manifestFingerprint: string): string {
  return taggedHashHex('urn-chain-genesis', manifestFingerprint);
}

/**
 * Head of batch `number` (1, 2, …): H("urn-batch", canonical JSON {ballots, number, previous}), `ballots`
 * the batch's ballot hashes sorted (so the head reveals no order of arrival), `previous` the head before it.
 */
export function nextBatchHead(previous: string, number: number, ballotHashes: readonly string[]): string {
  return taggedHashHex('urn-batch', canonicalJson({ ballots: [...ballotHashes].sort(), number, previous }));
}

/** Every head, batch 1 first: heads[n - 1] is the head of batch n. */
export function chainHeads(manifestFingerprint: string, batches: readonly (readonly string[])[]): string[] {
  const heads: string[] = [];
  let head = genesisHead(manifestFingerprint);
  batches.forEach((b, i) => {
    head = nextBatchHead(head, i + 1, b);
    heads.push(head);
  });
  return heads;
}

/**
 * The seal's chain against the urn's ballot hashes: each batch sorted without repetition, every ballot in
 * exactly one batch, the sealed head recomputed. French reasons; [] when it holds.
 */
export function chainProblems(manifestFingerprint: string, chain: { head: string; batches: string[][] }, hashes: readonly string[]): string[] {
  const problems: string[] = [];
  const inUrn = new Set(hashes);
  const seen = new Set<string>();
  chain.batches.forEach((batch, i) => {
    if (batch.length === 0) problems.push(`Lot n° ${i + 1} de la chaîne vide.`);
    for (let j = 0; j < batch.length; j++) {
      const h = batch[j]!;
      if (j > 0 && batch[j - 1]! >= h) problems.push(`Lot n° ${i + 1} de la chaîne : empreintes non triées ou répétées.`);
      if (seen.has(h)) problems.push(`Bulletin ${h} inscrit dans deux lots de la chaîne.`);
      seen.add(h);
      if (!inUrn.has(h)) problems.push(`Bulletin ${h} du lot n° ${i + 1} absent de l’urne : bulletin retiré après son enregistrement.`);
    }
  });
  const missing = hashes.filter((h) => !seen.has(h)).length;
  if (missing > 0) problems.push(`${missing} bulletin(s) de l’urne hors de tout lot de la chaîne.`);
  const heads = chainHeads(manifestFingerprint, chain.batches);
  if ((heads.at(-1) ?? genesisHead(manifestFingerprint)) !== chain.head) problems.push('La tête de chaîne recalculée diffère de celle du sceau : lots modifiés.');
  return problems;
}
