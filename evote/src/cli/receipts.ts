// `scrutin-verify-urn --receipts FILE` (issue 13, item 5): voters' receipts against the sealed urn.
import { readFileSync } from 'node:fs';
import { fromBase64Url } from '../encoding.js';
import type { FileCheck } from '../node/urn-file.js';
import { receiptInUrnProblems, verifyReceipt } from '../receipt.js';
import { CliError } from '@scrutin/server-kit/cli.js';

/** The receipts of FILE: one JSON array, or one JSON receipt per line (blank lines ignored). */
export function readReceipts(path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`Fichier de reçus introuvable : ${path}`);
  }
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('[')) {
      const all: unknown = JSON.parse(trimmed);
      if (Array.isArray(all)) return all as unknown[];
    }
    return trimmed.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  } catch {
    throw new CliError(`Fichier de reçus illisible : ${path} (tableau JSON ou une ligne JSON par reçu attendus).`);
  }
}

/**
 * Each receipt: signed by the urn's platform key, of this election, its batch's head on the urn's sealed
 * chain and its ballots in that batch. One French problem per failure, naming the receipt by its 1-based
 * position in FILE.
 */
export function receiptProblems(c: FileCheck, receipts: unknown[]): { count: number; problems: string[] } {
  const problems: string[] = [];
  if (receipts.length === 0) problems.push('Aucun reçu dans le fichier de reçus.');
  const key = fromBase64Url(c.verified.header.platformPublicKey);
  const chain = c.check.chain;
  receipts.forEach((raw, i) => {
    const r = verifyReceipt(raw, key);
    if (!r.ok) return problems.push(`Reçu n° ${i + 1} refusé : ${r.error}.`);
    if (!chain) return problems.push(`Reçu n° ${i + 1} non vérifiable : le sceau de l’urne ne porte pas la chaîne des lots.`);
    for (const p of receiptInUrnProblems(r.value, c.verified.header.manifest.electionCode, chain.batches, chain.heads)) problems.push(`Reçu n° ${i + 1} refusé : ${p}.`);
  });
  return { count: receipts.length, problems };
}
