// Art. 8: nothing in the urn schema links to a voter. Checked on the schema itself (columns, constraints,
// role privileges) and, with fast-check, on the stored data after random votes.
import fc from 'fast-check';
import { createContext } from '../context.js';
import { describeEachPlatformDatabase } from '../testing/databases.js';
import { encryptForUrns, loadAndOpenWithoutLetters, runCeremony, testLoadFile } from '../testing/election.js';
import { castVote, rightsOfVoter } from './ballot-box.js';

const ceremony = runCeremony('CCITEST26');

describeEachPlatformDatabase('urn schema cannot be linked to voters', (get) => {
  const file = testLoadFile(30);
  beforeAll(async () => {
    const db = get().db;
    await loadAndOpenWithoutLetters(db, file, ceremony.key);
  }, 60_000);

  test('the urn schema has only fingerprint, urn, ballot line, day and batch, the batches and the used ciphertexts; no key or constraint reaches the voter file', async () => {
    const db = get().db;
    const cols = await db.query<{ table_name: string; column_name: string; data_type: string }>("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'urn' ORDER BY table_name, ordinal_position");
    expect(cols.rows).toEqual([
      { table_name: 'ballot', column_name: 'fingerprint', data_type: 'text' },
      { table_name: 'ballot', column_name: 'urn_id', data_type: 'text' },
      { table_name: 'ballot', column_name: 'line', data_type: 'text' },
      { table_name: 'ballot', column_name: 'cast_on', data_type: 'date' },
      // Issue 14: the anonymity batch, shared by its k voters' ballots (urn-attacker.test.ts).
      { table_name: 'ballot', column_name: 'batch', data_type: 'integer' },
      { table_name: 'batch', column_name: 'number', data_type: 'integer' },
      { table_name: 'batch', column_name: 'head', data_type: 'text' },
      { table_name: 'batch', column_name: 'recorded_at', data_type: 'timestamp with time zone' },
      { table_name: 'batch', column_name: 'ballot_count', data_type: 'integer' },
      { table_name: 'ciphertext_component', column_name: 'a', data_type: 'text' },
    ]);
    const fks = await db.query("SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname IN ('urn', 'voter_file') AND c.contype = 'f' AND (c.conrelid::regclass::text LIKE 'urn.%' OR c.confrelid::regclass::text LIKE 'urn.%')");
    expect(fks.rows).toEqual([]);
    const sequences = await db.query("SELECT 1 FROM information_schema.sequences WHERE sequence_schema = 'urn'");
    expect(sequences.rows).toEqual([]);
  });

  test('the urn role cannot read the voter file', async () => {
    await expect(get().db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE scrutin_urn');
      await tx.query('SELECT * FROM voter_file.emargement');
    })).rejects.toThrow(/permission denied/);
    await expect(get().db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE scrutin_voter_file');
      await tx.query('SELECT * FROM urn.ballot');
    })).rejects.toThrow(/permission denied/);
  });

  test('after any sequence of votes, no stored urn value contains a voter or right identifier, a name or a time', async () => {
    const db = get().db;
    const ctx = createContext(db, undefined, {}, { size: 1 });
    const e = (await ctx.election())!;
    const voted = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: file.voters.length - 1 }), fc.nat({ max: 3 }), async (i, mark) => {
        const voter = file.voters[i]!;
        for (const right of await rightsOfVoter(ctx, voter.id)) {
          if (right.voted) continue;
          const units = e.units.filter((u) => u.categoryCode === right.categoryCode);
          const ballots = encryptForUrns(e, ceremony.key, units.map((u) => ({ urnId: u.urnId, marks: mark === 3 ? [] : [mark] })));
          const r = await castVote(ctx, voter.id, { rightId: right.id, ballots });
          expect(r.ok).toBe(true);
          voted.add(voter.id);
        }
        const stored = await db.query<{ fingerprint: string; urn_id: string; line: string; cast_on: string }>("SELECT fingerprint, urn_id, line, to_char(cast_on, 'YYYY-MM-DD') AS cast_on FROM urn.ballot");
        const secrets = file.voters.flatMap((v) => [v.voterNumber, v.lastName, v.birthDate, `IDENT-${String(v.id).padStart(8, '0')}`]);
        const leaves = (x: unknown): unknown[] => (Array.isArray(x) ? x.flatMap(leaves) : x && typeof x === 'object' ? Object.values(x).flatMap(leaves) : [x]);
        for (const row of stored.rows) {
          const text = JSON.stringify(row);
          for (const s of secrets) expect(text.includes(s)).toBe(false);
          // The ballot line holds group elements and scalars (43-character base64url), its kind and its urn: nothing else.
          for (const leaf of leaves(JSON.parse(row.line))) expect(typeof leaf === 'string' && (/^[A-Za-z0-9_-]{43}$/.test(leaf) || leaf === 'ballot' || leaf === row.urn_id)).toBe(true);
          expect(row.cast_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(text).not.toMatch(/T\d{2}:\d{2}/);
        }
      }),
      { numRuns: 8 },
    );
    expect(voted.size).toBeGreaterThan(0);
  }, 120_000);
});
