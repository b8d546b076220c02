import { randomInt } from 'node:crypto';
import type { Db } from '@scrutin/db';
import { generatePassword, hashPassword } from '@scrutin/station/auth/password.js';
import { err, ok, type Result } from '@scrutin/station/basics/result.js';
import { makeIdentifier } from '../domain/identifier.js';
import { recordEvent } from '../events.js';

export type Letter = {
  voterNumber: string;
  civility: string | null;
  lastName: string;
  firstNames: string;
  companyName: string;
  postalAddress: string;
  identifier: string;
  password: string;
};

const randomDigits = (n: number): string => Array.from({ length: n }, () => String(randomInt(10))).join('');

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

/**
 * Art. 7: an identifier and a password per voter. The password exists only in the returned letters (printed
 * under a scratch area); the database keeps its scrypt hash. Without `reissue`, only voters who have no
 * credentials yet get a letter; `reissue` gives new ones to the listed voters (lost letter), voiding the old.
 */
export async function issueCredentials(db: Db, options: { voterNumbers?: string[]; reissue?: boolean; actor: string }): Promise<Result<Letter[], string>> {
  const state = await db.query<{ state: string }>('SELECT state FROM platform.election');
  if (!state.rows[0]) return err('La plateforme n’est pas chargée.');
  if (state.rows[0].state === 'FROZEN') return err('Le vote est clos : plus aucun identifiant n’est délivré.');
  if (options.reissue && !options.voterNumbers?.length) return err('Indiquez les électeurs dont les identifiants sont renouvelés (--voters).');
  const voters = await db.query<{ id: number; voter_number: string; civility: string | null; last_name: string; first_names: string; company_name: string; postal_address: string }>(
    `SELECT id, voter_number, civility, last_name, first_names, company_name, postal_address FROM voter_file.voter
     WHERE ($1::text[] IS NULL OR voter_number = ANY($1)) AND ($2 OR password_hash IS NULL) ORDER BY voter_number`,
    [options.voterNumbers ?? null, options.reissue ?? false],
  );
  if (options.voterNumbers) {
    const found = new Set(voters.rows.map((v) => v.voter_number));
    const missing = options.voterNumbers.filter((n) => !found.has(n));
    if (missing.length > 0) return err(`Électeurs inconnus ou déjà pourvus : ${missing.slice(0, 10).join(', ')}.`);
  }
  // scrypt is memory-hard and slow on purpose: hash several at once on libuv's thread pool.
  const issued = await mapLimit(voters.rows, 4, async (v) => {
    const password = generatePassword();
    return { v, password, hash: await hashPassword(password) };
  });
  const letters: Letter[] = [];
  await db.transaction(async (tx) => {
    for (const { v, password, hash } of issued) {
      let identifier = '';
      for (let attempt = 0; attempt < 5; attempt++) {
        identifier = makeIdentifier(randomDigits(11));
        const taken = await tx.query('SELECT 1 FROM voter_file.voter WHERE identifier = $1', [identifier]);
        if (taken.rows.length === 0) break;
      }
      await tx.query('UPDATE voter_file.voter SET identifier = $1, password_hash = $2, credentials_issued_at = now() WHERE id = $3', [identifier, hash, v.id]);
      letters.push({ voterNumber: v.voter_number, civility: v.civility, lastName: v.last_name, firstNames: v.first_names, companyName: v.company_name, postalAddress: v.postal_address, identifier, password });
    }
    await recordEvent(tx, options.actor, options.reissue ? 'credentials.reissue' : 'credentials.issue', { count: letters.length });
  });
  return ok(letters);
}
