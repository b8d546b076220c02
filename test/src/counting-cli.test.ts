import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarDateIn, formatInstant } from '@scrutin/basics/calendar.js';
import { timeZoneOf } from '@scrutin/contract/election-definition.js';
import { runCli } from '@scrutin/station/cli/main.js';
import { loadCommissionCredentials } from '@scrutin/station/counting/certificate.js';
import { buildReportPdf, buildResultsExport, generateCommissionCertificate, verifyReportPdf, writeBundle } from '@scrutin/station/reports/index.js';
import type { CliEnv } from '@scrutin/server-kit/cli.js';
import { describeEachDatabase, exampleDefinition, PASSWORD, startFixture, type Fixture } from './index.js';
import { CERT_PASSPHRASE, openCounting, sheetFor, type UrnStatus } from './counting-flow.js';

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/;

describeEachDatabase('scrutin count, tally, results, report, verify, freeze and purge (CLI)', (get) => {
  let f: Fixture;
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-cli-count-'));
  writeFileSync(join(dir, 'passphrase.txt'), CERT_PASSPHRASE);

  const cli = async (args: string[], as?: string, extra: Partial<CliEnv> = {}): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let errText = '';
    const env: CliEnv = {
      out: (t) => (out += t),
      err: (t) => (errText += t),
      cwd: dir,
      env: { SCRUTIN_PASSWORD: PASSWORD },
      db: async () => get().db,
      inStation: false,
      ...extra,
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
  afterAll(async () => {
    await f.station.close();
    rmSync(dir, { recursive: true, force: true });
  });

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
    const pinned = (await get().db.query<{ f: string }>('SELECT commission_certificate_fingerprint AS f FROM seal')).rows[0]!.f;
    const verified = await ok(['verify', 'pv.pdf']);
    expect(verified).toMatch(/VALIDE/);
    expect(verified).toContain(`Certificat signataire (SHA-256 du certificat DER) : ${pinned}`);
    expect(verified).toContain(`Certificat enregistré au scellement : ${pinned} (source : scellement enregistré dans la base du poste)`);
    expect(verified).toContain('SIGNÉ PAR LE CERTIFICAT DE LA COMMISSION ENREGISTRÉ AU SCELLEMENT');
    expect(await ok(['verify', 'pv.pdf', '--fingerprint', pinned.toUpperCase().match(/../g)!.join(':')])).toMatch(/source : option --fingerprint/);
    // Elsewhere, with no station database and no --fingerprint, an intact PV is never called valid.
    const offline = await cli(['verify', 'pv.pdf'], undefined, { hasDatabase: () => false, db: () => Promise.reject(new Error('aucune base ne doit être ouverte')) });
    expect([offline.code, offline.err]).toEqual([2, expect.stringMatching(/NON CONFIRMÉ — SIGNATAIRE NON VÉRIFIÉ[\s\S]*--fingerprint/)]);

    // A self-made certificate carrying the commission's names, stating its own fingerprint in the results.
    const genuine = await verifyReportPdf(new Uint8Array(readFileSync(join(dir, 'pv.pdf'))));
    if (!genuine.ok) throw new Error(JSON.stringify(genuine.error));
    const impostor = generateCommissionCertificate({ commonName: genuine.value.signer, organization: genuine.value.results.election.chamber, electionCode: genuine.value.electionCode }, 'phrase de l’imposteur');
    const forgedResults = structuredClone(genuine.value.results);
    forgedResults.seal.commissionCertificateFingerprint = impostor.fingerprint;
    writeFileSync(join(dir, 'pv-faux.pdf'), (await buildReportPdf(forgedResults, impostor)).pdf);
    writeFileSync(join(dir, 'resultats-faux.json'), buildResultsExport(forgedResults, impostor));
    for (const file of ['pv-faux.pdf', 'resultats-faux.json']) {
      const forged = await cli(['verify', file]);
      expect([forged.code, forged.out]).toEqual([2, '']);
      expect(forged.err).toContain('REFUSÉ — SIGNATURE D’UN AUTRE CERTIFICAT QUE CELUI DE LA COMMISSION');
      expect(forged.err).toContain(impostor.fingerprint);
      expect(forged.err).toContain(pinned);
    }
    expect((await cli(['verify', 'pv.pdf', '--fingerprint', impostor.fingerprint])).err).toMatch(/REFUSÉ — SIGNATURE D’UN AUTRE CERTIFICAT[\s\S]*source : option --fingerprint/);
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
    expect(await ok(['verify', 'resultats.json', '--fingerprint', pinned])).toMatch(/VALIDE/);
    // The prefecture consolidates only with the commissions' certificates, given as fingerprints or PEM certificates.
    const noList = await cli(['consolidate', 'resultats.json']);
    expect([noList.code, noList.err]).toEqual([1, expect.stringMatching(/--trusted FICHIER ou --fingerprint/)]);
    expect(await ok(['consolidate', 'resultats.json', '--fingerprint', pinned])).toMatch(/1 chambre/);
    const certificatePem = (await get().db.query<{ pem: string }>('SELECT certificate_pem AS pem FROM commission_certificate')).rows[0]!.pem;
    writeFileSync(join(dir, 'confiance.txt'), `# certificats remis par les commissions\n${certificatePem}\n${'0'.repeat(64)}\n`);
    expect(await ok(['consolidate', 'resultats.json', '--trusted', 'confiance.txt'])).toMatch(/1 chambre/);
    expect((await cli(['consolidate', 'resultats.json', 'altere.json', '--fingerprint', pinned])).code).toBe(2);
    const untrusted = await cli(['consolidate', 'resultats-faux.json', '--trusted', 'confiance.txt']);
    expect([untrusted.code, untrusted.err]).toEqual([2, expect.stringContaining('SIGNATURE D’UN AUTRE CERTIFICAT QUE CELUI DE LA COMMISSION')]);
    // Forged figures signed with the genuine key: 500 postal votes for one candidate of an urn of a handful of envelopes.
    const key = await loadCommissionCredentials(get().db, CERT_PASSPHRASE);
    if (!key.ok) throw new Error(key.error.message);
    const inflated = structuredClone(genuine.value.results);
    const urn = inflated.contests[0]!.urns[0]!;
    urn.candidates[0]!.postalVotes = 500;
    urn.candidates[0]!.combinedVotes = 500 + urn.candidates[0]!.electronicVotes;
    writeFileSync(join(dir, 'resultats-gonfles.json'), buildResultsExport(inflated, key.value));
    expect(await ok(['verify', 'resultats-gonfles.json'])).toMatch(/VALIDE/); // the signature is genuine…
    const inconsistent = await cli(['consolidate', 'resultats-gonfles.json', '--fingerprint', pinned]);
    expect([inconsistent.code, inconsistent.err]).toEqual([2, expect.stringMatching(/Résultats incohérents — .*500 voix par correspondance/)]);

    expect((await cli(['freeze', '--out', 'scelle', '--passphrase-file', 'passphrase.txt'], 'assesseur')).code).toBe(3);
    await ok(['freeze', '--out', 'scelle', '--passphrase-file', 'passphrase.txt'], 'president');
    const bundle = await ok(['verify-bundle', 'scelle']);
    expect(bundle).toMatch(/VALIDE/);
    // Times for a person in the election's zone with its offset, whatever the process's (TZ) or the sessions' (PGOPTIONS); --json keeps ISO.
    const zone = timeZoneOf(f.definition);
    const { createdAt } = JSON.parse(await ok(['verify-bundle', 'scelle', '--json'])) as { createdAt: string };
    expect(createdAt).toMatch(ISO_INSTANT);
    expect(bundle).toContain(`constitué le ${formatInstant(createdAt, zone, { seconds: true })}, signé par`);
    expect(bundle).not.toMatch(ISO_INSTANT);
    expect(readFileSync(join(dir, 'scelle', 'LISEZMOI.txt'), 'utf8')).toContain(`constitué le ${formatInstant(createdAt, zone, { seconds: true })} (article 11`);
    const journalJson = JSON.parse(await ok(['journal', 'verify', '--json'])) as { lastSignedHead: { signedAt: string } | null };
    const journalText = await ok(['journal', 'verify']);
    expect(journalText).toContain(`signée le ${formatInstant(journalJson.lastSignedHead!.signedAt, zone, { seconds: true })}, empreinte`);
    expect(journalText).not.toMatch(ISO_INSTANT);
    expect(bundle).toContain(`Certificat enregistré au scellement : ${pinned} (source : scellement enregistré dans la base du poste)`);
    cpSync(join(dir, 'scelle'), join(dir, 'scelle-altere'), { recursive: true });
    writeFileSync(join(dir, 'scelle-altere', 'journal.jsonl'), readFileSync(join(dir, 'scelle', 'journal.jsonl'), 'utf8').replace('"count.validate"', '"count.valider"'));
    const badBundle = await cli(['verify-bundle', 'scelle-altere']);
    expect(badBundle.code).toBe(2);
    expect(badBundle.err).toMatch(/journal\.jsonl/);
    // Re-sealed by an attacker around an altered depouillement.json, the commission's PV kept inside.
    const { files: listed } = JSON.parse(readFileSync(join(dir, 'scelle', 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    const files = listed
      .filter((e) => e.path !== 'LISEZMOI.txt')
      .map((e) => ({ path: e.path, bytes: new Uint8Array(readFileSync(join(dir, 'scelle', ...e.path.split('/')))) }));
    const depouillement = files.find((x) => x.path === 'depouillement.json')!;
    depouillement.bytes = new TextEncoder().encode(new TextDecoder().decode(depouillement.bytes).replace(/"ballots_valid":(\d+)/, '"ballots_valid":500'));
    await writeBundle(join(dir, 'scelle-refait'), { electionCode: genuine.value.electionCode, createdAt: new Date().toISOString(), files, credentials: impostor });
    for (const args of [['verify-bundle', 'scelle-refait'], ['verify-bundle', 'scelle-refait', '--fingerprint', impostor.fingerprint]]) {
      const resealed = await cli(args);
      expect(resealed.code).toBe(2);
      expect(resealed.err).toMatch(/SIGNATURE D’UN AUTRE CERTIFICAT QUE CELUI DE LA COMMISSION : le scellé est signé par le certificat [0-9a-f]{64}, mais proces-verbal\.pdf/);
    }

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
  }, 480_000); // PDFs signed and verified several times over, on 2 cores shared by the whole team
});
