import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarDateIn } from '@scrutin/station/basics/calendar.js';
import { runCli } from '@scrutin/station/cli/main.js';
import type { CliEnv } from '@scrutin/station/cli/context.js';
import { describeEachDatabase, exampleDefinition, PASSWORD, startFixture, type Fixture } from './index.js';
import { CERT_PASSPHRASE, openCounting, sheetFor, type UrnStatus } from './counting-flow.js';

describeEachDatabase('scrutin count, tally, results, report, verify, freeze and purge (CLI)', (get) => {
  let f: Fixture;
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-cli-count-'));
  writeFileSync(join(dir, 'passphrase.txt'), CERT_PASSPHRASE);

  const cli = async (args: string[], as?: string): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let errText = '';
    const env: CliEnv = {
      out: (t) => (out += t),
      err: (t) => (errText += t),
      cwd: dir,
      env: { SCRUTIN_PASSWORD: PASSWORD },
      db: async () => get().db,
      inStation: false,
    };
    const code = await runCli([...args, ...(as ? ['--as', as] : [])], env);
    return { code, out, err: errText };
  };
  const ok = async (args: string[], as?: string) => {
    const r = await cli(args, as);
    if (r.code !== 0) throw new Error(`scrutin ${args.join(' ')} → ${r.code}\n${r.out}\n${r.err}`);
    return r.out;
  };

  beforeAll(async () => {
    f = await startFixture(get().db);
    // Appeal deadline yesterday (Paris) and the vote closed the day before, so that the purge is allowed at the end.
    const now = Date.now();
    f.definition = exampleDefinition({ voteClosesAt: new Date(now - 2 * 86400_000).toISOString(), appealDeadline: calendarDateIn(new Date(now - 86400_000), 'Europe/Paris') });
    await openCounting(f, get().db);
  }, 180_000);
  afterAll(() => f.station.close());

  test('the whole counting from the command line, down to the purge', async () => {
    const { urns } = JSON.parse(await ok(['count', 'status', '--json'])) as { urns: UrnStatus[] };
    for (const urn of urns) {
      writeFileSync(join(dir, `${urn.urnId}.json`), JSON.stringify(sheetFor(urn)));
      await ok(['count', 'enter', '--urn', urn.urnId, '--sheet', `${urn.urnId}.json`], 'assesseur');
      const second = await ok(['count', 'enter', '--urn', urn.urnId, '--sheet', `${urn.urnId}.json`], 'assesseur2');
      expect(second).toMatch(/concordent/);
      await ok(['count', 'validate', '--urn', urn.urnId], 'president');
    }
    writeFileSync(join(dir, 'platform.json'), JSON.stringify(f.platformKey));
    await ok(['tally', 'make', '--key', 'platform.json', '--out', 'wrong.json', '--shift', '2']);
    const refused = await cli(['tally', 'import', 'wrong.json'], 'president');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/invariant 5/);
    await ok(['tally', 'make', '--key', 'platform.json', '--out', 'tally.json']);
    expect(await ok(['tally', 'import', 'tally.json'], 'president')).toMatch(/6 bulletins/);
    await ok(['election', 'advance', 'RESULTS_PROCLAIMED'], 'president');
    const results = await ok(['results']);
    expect(results).toMatch(/ÉLU\(E\)/);
    expect(results).not.toMatch(/PARTIELS/);

    await ok(['report', '--out', 'pv.pdf', '--passphrase-file', 'passphrase.txt'], 'president');
    expect(await ok(['verify', 'pv.pdf'])).toMatch(/VALIDE/);
    const pdf = readFileSync(join(dir, 'pv.pdf'));
    const middle = Math.floor(pdf.length / 2);
    pdf[middle] = pdf[middle]! ^ 0x20;
    writeFileSync(join(dir, 'pv-altere.pdf'), pdf);
    const bad = await cli(['verify', 'pv-altere.pdf']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/REFUSÉ/);

    await ok(['export-results', '--out', 'resultats.json', '--passphrase-file', 'passphrase.txt'], 'president');
    expect(await ok(['verify', 'resultats.json'])).toMatch(/VALIDE/);
    writeFileSync(join(dir, 'altere.json'), readFileSync(join(dir, 'resultats.json'), 'utf8').replace('"registeredRights":', '"registeredRights":1'));
    expect((await cli(['verify', 'altere.json'])).code).toBe(2);
    expect(await ok(['consolidate', 'resultats.json'])).toMatch(/1 chambre/);
    expect((await cli(['consolidate', 'resultats.json', 'altere.json'])).code).toBe(2);

    expect((await cli(['freeze', '--out', 'scelle', '--passphrase-file', 'passphrase.txt'], 'assesseur')).code).toBe(3);
    await ok(['freeze', '--out', 'scelle', '--passphrase-file', 'passphrase.txt'], 'president');
    expect(await ok(['verify-bundle', 'scelle'])).toMatch(/VALIDE/);
    cpSync(join(dir, 'scelle'), join(dir, 'scelle-altere'), { recursive: true });
    writeFileSync(join(dir, 'scelle-altere', 'journal.jsonl'), readFileSync(join(dir, 'scelle', 'journal.jsonl'), 'utf8').replace('"count.validate"', '"count.valider"'));
    const badBundle = await cli(['verify-bundle', 'scelle-altere']);
    expect(badBundle.code).toBe(2);
    expect(badBundle.err).toMatch(/journal\.jsonl/);

    const before = await get().db.query<{ n: number }>("SELECT count(*)::int AS n FROM voter WHERE last_name <> '—'");
    expect(before.rows[0]!.n).toBeGreaterThan(0);
    expect((await cli(['purge'], 'president')).code).toBe(3);
    expect(await ok(['purge'], 'admin')).toMatch(/purgées/);
    const after = await get().db.query<{ n: number }>("SELECT count(*)::int AS n FROM voter WHERE last_name <> '—' OR birth_date IS NOT NULL");
    expect(after.rows[0]!.n).toBe(0);
    const record = await get().db.query<{ manifest_sha256: string }>('SELECT manifest_sha256 FROM purge_record');
    const freeze = await get().db.query<{ manifest_sha256: string }>('SELECT manifest_sha256 FROM freeze_record');
    expect(record.rows[0]!.manifest_sha256).toBe(freeze.rows[0]!.manifest_sha256);
    // Aggregates stay; the lock is back after the purge's own transaction.
    expect(await ok(['results'])).toMatch(/ÉLU\(E\)/);
    await expect(get().db.query("UPDATE voter SET last_name = 'X'")).rejects.toThrow(/figé/);
    const journal = await get().db.query<{ n: number }>("SELECT count(*)::int AS n FROM journal WHERE action = 'election.transition' AND payload->>'to' = 'PURGED'");
    expect(journal.rows[0]!.n).toBe(1);
    expect(await ok(['journal', 'verify'])).toBeTruthy();
  }, 240_000);
});
