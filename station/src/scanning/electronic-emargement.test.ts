import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Db } from '@scrutin/db';
import { describeEachDatabase, setUpElection, startFixture, type Fixture } from '@scrutin/test';
import type { Actor } from '@scrutin/domain/roles.js';
import { sha256Hex } from '@scrutin/basics/canonical-json.js';
import { importElectronicEmargement } from './electronic-emargement.js';
import { generatePlatformKey, signEmargement } from '@scrutin/contract/electronic-emargement.js';

/** Everything an import could touch: a refusal must leave all of it as it was. */
async function snapshot(db: Db): Promise<string> {
  const { rows } = await db.query(
    `SELECT (SELECT state FROM election) AS state, (SELECT count(*)::int FROM electronic_emargement) AS electronic,
       (SELECT count(*)::int FROM emargement_import) AS imports, (SELECT count(*)::int FROM journal) AS journal`,
  );
  return JSON.stringify(rows[0]);
}

const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();

describeEachDatabase('electronic emargement import', (get) => {
  let f: Fixture;
  let db: Db;
  let president: Actor;
  const encode = (s: string) => new TextEncoder().encode(s);
  const make = (entries: { right: number; votedAt: string }[], overrides: { electionCode?: string; closedAt?: string; key?: string } = {}) =>
    signEmargement({ electionCode: overrides.electionCode ?? f.definition.code, closedAt: overrides.closedAt ?? new Date().toISOString(), entries }, overrides.key ?? f.platformKey.secretKey);
  const load = (file: string | Uint8Array, signature: string) => importElectronicEmargement(db, president, ['president'], typeof file === 'string' ? encode(file) : file, signature);

  beforeAll(async () => {
    db = get().db;
    f = await startFixture(db);
    await setUpElection(f, { voters: 20, until: 'VOTE_CLOSED' });
    const { rows } = await db.query<{ id: number }>("SELECT id FROM app_user WHERE login = 'president'");
    president = { userId: Number(rows[0]!.id), login: 'president', role: 'president', stationId: 'BUREAU' };
  }, 120_000);
  afterAll(() => f.station.close());

  const good = () => make([{ right: 1, votedAt: hourAgo() }, { right: 2, votedAt: hourAgo() }]);

  test.each([
    ['a signature by another key', () => make([{ right: 1, votedAt: hourAgo() }], { key: generatePlatformKey().secretKey }), 'WRONG_KEY', /autre clé/],
    [
      'a modified file whose digest was recomputed (signature no longer verifies)',
      () => {
        const s = good();
        const file = s.file.replace('"right":2', '"right":3');
        const sig = JSON.parse(s.signature) as { sha256: string };
        return { file, signature: JSON.stringify({ ...sig, sha256: sha256Hex(encode(file)) }) };
      },
      'BAD_SIGNATURE',
      /Signature Ed25519 invalide/,
    ],
    ['a modified file (digest differs)', () => ({ ...good(), file: good().file.replace('"right":2', '"right":3') }), 'BAD_DIGEST', /SHA-256/],
    ['a truncated file', () => ({ ...good(), file: good().file.slice(0, 40) }), 'BAD_DIGEST', /SHA-256/],
    ['an unreadable signature file', () => ({ ...good(), signature: 'pas du JSON' }), 'BAD_SIGNATURE_FILE', /signature illisible/],
    ['another election', () => make([{ right: 1, votedAt: hourAgo() }], { electionCode: 'AUTRE26' }), 'OTHER_ELECTION', /autre élection/],
    ['unknown rights', () => make([{ right: 1, votedAt: hourAgo() }, { right: 999_999, votedAt: hourAgo() }]), 'UNKNOWN_RIGHTS', /999999/],
    ['duplicate rights', () => make([{ right: 1, votedAt: hourAgo() }, { right: 1, votedAt: hourAgo() }]), 'DUPLICATES', /double : 1/],
    ['a file dated before the close', () => make([{ right: 1, votedAt: '2020-01-01T00:00:00Z' }], { closedAt: '2020-01-01T10:00:00Z' }), 'BEFORE_CLOSE', /^Fichier arrêté le 01\/01\/2020 à 11:00:00 UTC\+1, avant la clôture du vote \(\d{2}\/\d{2}\/\d{4} à \d{2}:\d{2} UTC\+[12]\) : refusé\.$/],
    ['a vote dated after the file', () => make([{ right: 1, votedAt: new Date(Date.now() + 3600_000).toISOString() }]), 'VOTE_AFTER_CLOSE', /après la clôture/],
  ])('refuses %s, with a French reason and no change', async (_what, build, code, message) => {
    const before = await snapshot(db);
    const { file, signature } = build();
    const result = await load(file, signature);
    expect(result).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
    expect(await snapshot(db)).toBe(before);
  });

  test('refuses a header whose count does not match, even when signed', async () => {
    const body = JSON.parse(good().file) as { count: number };
    const file = JSON.stringify({ ...body, count: 3 }) + '\n';
    const bytes = encode(file);
    const secret = hexToBytes(f.platformKey.secretKey);
    const signature = JSON.stringify({ sha256: sha256Hex(bytes), signature: bytesToHex(ed25519.sign(bytes, secret)), keyFingerprint: f.platformKey.fingerprint });
    const before = await snapshot(db);
    expect(await load(file, signature)).toMatchObject({ ok: false, error: { code: 'BAD_COUNT' } });
    expect(await snapshot(db)).toBe(before);
  });

  test('refuses a signed file that is not the format, listing what is wrong', async () => {
    const file = JSON.stringify({ format: 'autre', entries: 'x' });
    const bytes = encode(file);
    const secret = hexToBytes(f.platformKey.secretKey);
    const signature = JSON.stringify({ sha256: sha256Hex(bytes), signature: bytesToHex(ed25519.sign(bytes, secret)), keyFingerprint: f.platformKey.fingerprint });
    const result = await load(file, signature);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_FORMAT' } });
    expect(!result.ok && result.error.details?.length).toBeGreaterThan(0);
  });

  test('loads a good file once, opens emargement, and refuses a second import', async () => {
    const s = good();
    const loaded = await load(s.file, s.signature);
    expect(loaded).toMatchObject({ ok: true, value: { count: 2, fileSha256: sha256Hex(encode(s.file)) } });
    const { rows } = await db.query<{ state: string }>('SELECT state FROM election');
    expect(rows[0]!.state).toBe('EMARGEMENT_LOADED');
    const before = await snapshot(db);
    const second = await load(s.file, s.signature);
    expect(second).toMatchObject({ ok: false, error: { code: 'ALREADY_IMPORTED', message: expect.stringMatching(/second chargement est refusé/) } });
    const other = make([{ right: 5, votedAt: hourAgo() }]);
    expect(await load(other.file, other.signature)).toMatchObject({ ok: false, error: { code: 'ALREADY_IMPORTED' } });
    expect(await snapshot(db)).toBe(before);
  });

  test('the database itself refuses a postal acceptance of an electronically emarged right (invariant 2)', async () => {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO scan (request_id, station_id, agent_login, mode, barcode, right_id, verdict, answer) VALUES (gen_random_uuid(), 'P', 'a', 'EMARGEMENT', 'x', 1, 'ACCEPTED', '{}') RETURNING id`,
    );
    await expect(db.query('INSERT INTO postal_emargement (right_id, generation, scan_id) VALUES (1, 0, $1)', [rows[0]!.id])).rejects.toThrow(/émargée électroniquement/);
  });
});
