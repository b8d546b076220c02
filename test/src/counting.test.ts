import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSignedTally, plausibleTally } from '@scrutin/station/counting/electronic-tally.js';
import { buildReportPdf, buildResultsExport, digestHex, generateCommissionCertificate, parseQrPayload, QR_PREFIX, verifyBundle, verifyReportPdf, verifyResultsJson } from '@scrutin/station/reports/index.js';
import { loadUrnBases } from '@scrutin/station/results/results.js';
import { ApiClient, describeEachDatabase, startFixture, type Fixture } from './index.js';
import { CERT_PASSPHRASE, expectOk, loadTally, openCounting, proclaimAndFreeze, sheetFor, type UrnStatus } from './counting-flow.js';

type Results = { complete: boolean; contests: { urns: { id: string; postal: { ballots: number }; electronic: { ballots: number }; combined: { ballots: number }; elected: string[]; seats: number; candidates: { id: string; combined: number; elected: boolean }[] }[] }[] };

function pdfsig(path: string): string {
  try {
    return execFileSync('pdfsig', [path], { encoding: 'utf8' });
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? '');
  }
}

const flip = (bytes: Uint8Array, at: number): Uint8Array => {
  const copy = Uint8Array.from(bytes);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
};

describeEachDatabase('counting, results, PV, bundle and freeze through the API', (get) => {
  let f: Fixture;
  let president: ApiClient;
  let tellers: [ApiClient, ApiClient];
  let urns: UrnStatus[];
  let documents: { directory: string; pdf: Uint8Array; json: Uint8Array };
  // The tests' files (PV copies, a bundle's copy) below one folder, removed after them.
  const root = mkdtempSync(join(tmpdir(), 'scrutin-counting-'));

  beforeAll(async () => {
    f = await startFixture(get().db);
    ({ president, tellers } = await openCounting(f, get().db));
    urns = (await expectOk(president.get<{ urns: UrnStatus[] }>('/api/counting'), 'état')).urns;
  }, 180_000);
  afterAll(async () => {
    await f.station.close();
    rmSync(root, { recursive: true, force: true });
  });
  const sealedFingerprint = async (): Promise<string> =>
    (await get().db.query<{ f: string }>('SELECT commission_certificate_fingerprint AS f FROM seal')).rows[0]!.f;

  test('accepted envelopes per urn come from the scans', () => {
    // Rights 1, 2, 5, 6, 7, 8 accepted: each sits in one urn per contest.
    const total = urns.filter((u) => u.urnId.startsWith('CCIR')).reduce((n, u) => n + u.envelopesAccepted, 0);
    expect(total).toBe(6);
  });

  test('a mismatch between the two tellers is listed and blocks validation until corrected', async () => {
    const urn = urns.find((u) => u.envelopesAccepted > 0)!;
    await expectOk(tellers[0].post('/api/counting/sheets', { urnId: urn.urnId, sheet: sheetFor(urn) }), 'saisie 1');
    const wrong = sheetFor(urn);
    wrong.ballotsValid -= 1;
    wrong.ballotsNull += 1;
    const second = await expectOk(tellers[1].post<{ state: string; mismatches: { field: string }[] }>('/api/counting/sheets', { urnId: urn.urnId, sheet: wrong }), 'saisie 2');
    expect(second.state).toBe('MISMATCH');
    expect(second.mismatches.map((m) => m.field).sort()).toEqual(['ballotsNull', 'ballotsValid']);
    const refused = await president.post<{ error: { code: string; details: string[] } }>('/api/counting/validate', { urnId: urn.urnId });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('MISMATCH');
    expect(refused.body.error.details.join(' ')).toMatch(/bulletins nuls/);
    // A correction without a reason is refused; with one it is a new entry.
    expect((await tellers[1].post<{ error: { code: string } }>('/api/counting/sheets', { urnId: urn.urnId, sheet: sheetFor(urn) })).body.error.code).toBe('REASON_REQUIRED');
    const fixed = await expectOk(tellers[1].post<{ state: string }>('/api/counting/sheets', { urnId: urn.urnId, sheet: sheetFor(urn), reason: 'recompte des bulletins nuls' }), 'correction');
    expect(fixed.state).toBe('READY');
    // A third teller may not enter: two different tellers only (enforced by count_slot).
    const { rows } = await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM count_entry WHERE urn_id = $1', [urn.urnId]);
    expect(rows[0]!.n).toBe(3);
    // The validation names the president as printed above their signature, both in its answer and when read again.
    await get().db.query("UPDATE app_user SET display_name = 'M. Gaspard LENOIR' WHERE login = 'president'");
    const validated = await expectOk(president.post<{ validation: { by: string; byName: string } }>('/api/counting/validate', { urnId: urn.urnId }), 'validation');
    expect(validated.validation).toMatchObject({ by: 'president', byName: 'M. Gaspard LENOIR' });
    const listed = await expectOk(president.get<{ urns: { urnId: string; validation: { byName: string } | null }[] }>('/api/counting'), 'état');
    expect(listed.urns.find((u) => u.urnId === urn.urnId)!.validation!.byName).toBe('M. Gaspard LENOIR');
    expect((await tellers[0].post<{ error: { code: string } }>('/api/counting/sheets', { urnId: urn.urnId, sheet: sheetFor(urn), reason: 'trop tard' })).body.error.code).toBe('ALREADY_VALIDATED');
  });

  test('a reconciliation difference needs a written note, kept for the PV (invariant 4)', async () => {
    const urn = urns.find((u) => u.urnId.startsWith('CCIT') && u.envelopesAccepted > 0)!;
    for (const t of tellers) await expectOk(t.post('/api/counting/sheets', { urnId: urn.urnId, sheet: sheetFor(urn, urn.envelopesAccepted + 1) }), 'saisie');
    const refused = await president.post<{ error: { code: string; message: string } }>('/api/counting/validate', { urnId: urn.urnId });
    expect(refused.body.error.code).toBe('NOTE_REQUIRED');
    expect(refused.body.error.message).toMatch(/écart \+1/);
    await expectOk(president.post('/api/counting/validate', { urnId: urn.urnId, note: 'une enveloppe remise en main propre au bureau, constat signé' }), 'validation');
  });

  test('checks of a sheet are shown: votes above valid ballots, outcomes differing from envelopes', async () => {
    const urn = urns.find((u) => u.envelopesAccepted === 0 && u.urnId.startsWith('CCIR'))!;
    const bad = { ...sheetFor(urn, 2), ballotsValid: 1, ballotsBlank: 0 };
    const entered = await expectOk(tellers[0].post<{ problems: { problems: { code: string }[] }[] }>('/api/counting/sheets', { urnId: urn.urnId, sheet: bad }), 'saisie');
    expect(entered.problems[0]!.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['OUTCOMES_DIFFER_FROM_ENVELOPES', 'VOTES_ABOVE_VALID']));
    await expectOk(tellers[1].post('/api/counting/sheets', { urnId: urn.urnId, sheet: bad }), 'saisie 2');
    const refused = await president.post<{ error: { code: string } }>('/api/counting/validate', { urnId: urn.urnId });
    expect(refused.body.error.code).toBe('INVALID_SHEET');
    for (const t of tellers) await expectOk(t.post('/api/counting/sheets', { urnId: urn.urnId, sheet: sheetFor(urn), reason: 'feuille refaite' }), 'correction');
    await expectOk(president.post('/api/counting/validate', { urnId: urn.urnId }), 'validation');
  });

  test('tellers only enter, the president only validates', async () => {
    expect((await president.post('/api/counting/sheets', { urnId: urns[0]!.urnId, sheet: sheetFor(urns[0]!) })).status).toBe(403);
    expect((await tellers[0].post('/api/counting/validate', { urnId: urns[0]!.urnId })).status).toBe(403);
  });

  test('after sealing no other certificate can be made or stored', async () => {
    const r = await president.post<{ error: { message: string } }>('/api/certificate', { passphrase: 'une autre phrase de passe 2026' });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    const db = get().db;
    await expect(db.query("INSERT INTO commission_certificate (source, p12, certificate_pem, fingerprint, subject, created_by) VALUES ('GENERATED', '\\x00', 'x', 'y', 'z', 1)")).rejects.toThrow(/certificat de la commission ne peut plus changer/);
    await expect(db.query("UPDATE seal SET commission_certificate_fingerprint = repeat('a', 64)")).rejects.toThrow(/ajout seul/);
  });

  test('proclamation is refused while urns and the electronic tally are missing', async () => {
    const r = await president.post<{ error: { message: string } }>('/api/election/transition', { to: 'RESULTS_PROCLAIMED' });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/non validé/);
  });

  test('an electronic tally whose ballots differ from the electronic emargement is refused (invariant 5)', async () => {
    const bases = await loadUrnBases(get().db);
    const urnsTally = plausibleTally(bases, 3);
    const target = urnsTally.find((u) => u.ballots > 0)!;
    target.ballots -= 1;
    target.blank = Math.max(0, target.blank - 1);
    if (target.blank === 0 && Array.isArray(target.votes)) target.votes = target.votes.map(() => 0).map((_, i) => (i === 0 ? target.ballots : 0));
    const signed = makeSignedTally({ electionCode: f.definition.code, unsealedAt: new Date().toISOString(), urns: urnsTally }, f.platformKey.secretKey);
    const r = await president.post<{ error: { code: string; details: string[] } }>('/api/tally', signed);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('EMARGEMENT_MISMATCH');
    expect(r.body.error.details.join(' ')).toMatch(/invariant 5/);
    const tampered = { ...makeSignedTally({ electionCode: f.definition.code, unsealedAt: new Date().toISOString(), urns: plausibleTally(bases, 3) }, f.platformKey.secretKey) };
    tampered.file = tampered.file.replace('"blank":', '"blank": ');
    expect((await president.post<{ error: { code: string } }>('/api/tally', tampered)).body.error.code).toBe('BAD_DIGEST');
    expect((await get().db.query('SELECT 1 FROM electronic_tally')).rows).toHaveLength(0);
  });

  test('the electronic tally loads once', async () => {
    const r = await loadTally(f, get().db, president);
    expect(r.status).toBe(201);
    expect(r.body.ballots).toBe(6); // rights 3, 4, 9 voted electronically, in two contests each
    expect((await loadTally(f, get().db, president)).body.error?.code).toBe('ALREADY_IMPORTED');
  });

  test('results and seats on screen, then the signed PV, export and bundle', async () => {
    const { urns: status } = await expectOk(president.get<{ urns: UrnStatus[] }>('/api/counting'), 'état');
    for (const u of status.filter((s) => s.state !== 'VALIDATED')) {
      for (const t of tellers) await t.post('/api/counting/sheets', { urnId: u.urnId, sheet: sheetFor(u) });
      await expectOk(president.post('/api/counting/validate', { urnId: u.urnId }), `validation ${u.urnId}`);
    }
    const results = await expectOk(president.get<Results>('/api/results'), 'résultats');
    expect(results.complete).toBe(true);
    for (const urn of results.contests.flatMap((c) => c.urns)) {
      expect(urn.combined.ballots).toBe(urn.postal.ballots + urn.electronic.ballots);
      expect(urn.elected).toHaveLength(urn.seats);
      const electedVotes = urn.candidates.filter((c) => c.elected).map((c) => c.combined);
      const others = urn.candidates.filter((c) => !c.elected).map((c) => c.combined);
      expect(Math.min(...electedVotes)).toBeGreaterThanOrEqual(Math.max(0, ...others));
    }
    // The president and one teller have a name; the other accounts carry only their login.
    await get().db.query("UPDATE app_user SET display_name = 'Mme Odile VERNEUIL' WHERE login = 'president'");
    await get().db.query("UPDATE app_user SET display_name = 'M. Félix DORANGE' WHERE login = 'assesseur2'");
    documents = await proclaimAndFreeze(president);
    const dir = mkdtempSync(join(root, 'pv-'));
    writeFileSync(join(dir, 'pv.pdf'), documents.pdf);
    if (process.env.SCRUTIN_KEEP_PV) writeFileSync(process.env.SCRUTIN_KEEP_PV, documents.pdf);
    expect(pdfsig(join(dir, 'pv.pdf'))).toMatch(/Signature is Valid/);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'pv.pdf'), '-'], { encoding: 'utf8' });
    expect(text.split('\n').find((line) => line.startsWith('Lieu du dépouillement'))).toContain(f.definition.place);
    // Urns without a ballot tie at 0 votes: their seats go to the eldest, and the PV says so in full.
    expect(text).toContain('Élu(e) au bénéfice de l’âge');
    const section = (from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)));
    // The president's decisions only, with their reasons; the tellers' correction under its own title.
    const decisions = section('Corrections décidées par le président', 'Corrections de saisie des feuilles');
    expect(decisions).toContain('pli présenté deux fois, vérification demandée');
    expect(decisions).toContain('émargement annulé');
    expect(decisions).not.toContain('recompte des bulletins nuls');
    expect(decisions).not.toContain('Feuille de dépouillement');
    expect(section('Corrections de saisie des feuilles de dépouillement (assesseurs)', 'Incidents')).toMatch(/M\. Félix DORANGE[\s\S]*recompte des bulletins nuls/);
    // Signatures: each function with the person's name, never a login standing for a name.
    const signatures = section('Signatures', 'Annexe 1').split('\n').map((line) => line.trim()).filter(Boolean);
    const after = (label: string) => signatures[signatures.indexOf(signatures.find((l) => l.startsWith(label))!) + 1];
    expect(signatures.filter((l) => /^(Président|Membre|Assesseur|Représentant)/.test(l)).map((l) => l.replace(/\s+Signature :.*$/, ''))).toEqual([
      'Président de la commission',
      'Membre de la commission',
      'Assesseur',
      'Assesseur',
      'Représentant du préfet',
    ]);
    expect(after('Président de la commission')).toBe('Mme Odile VERNEUIL');
    expect(signatures).toContain('M. Félix DORANGE');
    expect(signatures).toContain('nom à écrire à la main (compte « membre »)');
    for (const login of ['president', 'membre', 'assesseur', 'prefet']) expect(signatures).not.toContain(login);
    const verified = await verifyReportPdf(documents.pdf);
    expect(verified.ok).toBe(true);
    const exported = verifyResultsJson(documents.json);
    if (!exported.ok) throw new Error(JSON.stringify(exported.error));
    // Birth dates as stored, whatever the process and session zones (issue 12): in /api/candidates, in the
    // signed export and on the PV (JJ/MM/AAAA); the database's own text is the reference.
    const stored = await get().db.query<{ id: number; day: string }>("SELECT id, to_char(birth_date, 'YYYY-MM-DD') AS day FROM candidate ORDER BY id");
    const listed = await expectOk(president.get<{ candidates: { id: number; birthDate: string }[] }>('/api/candidates'), 'candidats');
    expect(listed.candidates.map((c) => ({ id: c.id, day: c.birthDate }))).toEqual(stored.rows.map((r) => ({ id: Number(r.id), day: r.day })));
    const inExport = exported.value.results.contests.flatMap((c) => c.urns.flatMap((u) => u.candidates.map((x) => ({ id: Number(x.id), day: x.birthDate }))));
    expect(inExport.sort((a, b) => a.id - b.id)).toEqual(stored.rows.map((r) => ({ id: Number(r.id), day: r.day })));
    const compact = text.replace(/\s+/g, ' ');
    for (const r of stored.rows) expect(compact).toContain(`${r.day.slice(8, 10)}/${r.day.slice(5, 7)}/${r.day.slice(0, 4)}`);
  }, 120_000);

  test('the proclamation digest is the digest in the PV’s QR code: one canonical JSON, one SHA-256 (issue 16)', async () => {
    // The proclamation stores sha256(canonicalJson(report data)); the PV hashes the same snapshot when it is
    // signed. Read back from the printed QR image itself, not from the PDF's text copy of it.
    const proclaimed = (await get().db.query<{ d: string }>('SELECT results_digest AS d FROM proclamation')).rows[0]!.d;
    expect(proclaimed).toMatch(/^[0-9a-f]{64}$/);
    const dir = mkdtempSync(join(root, 'pv-qr-'));
    writeFileSync(join(dir, 'pv.pdf'), documents.pdf);
    execFileSync('pdfimages', ['-f', '1', '-l', '1', '-png', join(dir, 'pv.pdf'), join(dir, 'image')]);
    const images = readdirSync(dir).filter((name) => name.startsWith('image') && name.endsWith('.png'));
    const decoded = images.flatMap((name) => {
      try {
        return execFileSync('zbarimg', ['--quiet', '--raw', join(dir, name)], { encoding: 'utf8' }).split('\n').filter(Boolean);
      } catch {
        return []; // zbarimg exits 4 on an image without a code (the QR's transparency mask)
      }
    });
    const payloads = decoded.filter((text) => text.startsWith(`${QR_PREFIX}:`));
    expect(payloads).toHaveLength(1);
    const qr = parseQrPayload(payloads[0]!);
    if (!qr.ok) throw new Error(qr.error);
    expect(digestHex(qr.value.digest)).toBe(proclaimed);
    const published = await expectOk(president.get<{ proclamation: { digest: string } | null }>('/api/results'), 'résultats');
    expect(published.proclamation?.digest).toBe(proclaimed);
  });

  test('one byte flipped in the PDF or in the JSON export: both checks fail', async () => {
    const at = Math.floor(documents.pdf.length / 3);
    const bad = flip(documents.pdf, at);
    const dir = mkdtempSync(join(root, 'pv-'));
    writeFileSync(join(dir, 'bad.pdf'), bad);
    expect(pdfsig(join(dir, 'bad.pdf'))).not.toMatch(/Signature is Valid/);
    expect((await verifyReportPdf(bad)).ok).toBe(false);
    const text = new TextDecoder().decode(documents.json);
    const i = text.indexOf('"combinedVotes":') + '"combinedVotes":'.length;
    const digit = text[i]!;
    const badJson = new TextEncoder().encode(text.slice(0, i) + (digit === '9' ? '8' : String(Number(digit) + 1)) + text.slice(i + 1));
    expect(verifyResultsJson(badJson).ok).toBe(false);
    const publicCheck = await president.request<{ valid: boolean }>('POST', '/api/verify/results', badJson, { 'Content-Type': 'application/json' });
    expect(publicCheck.body.valid).toBe(false);
    const goodCheck = await president.request<{ valid: boolean; signer: { outcome: string } }>('POST', '/api/verify/results', documents.json, { 'Content-Type': 'application/json' });
    expect(goodCheck.body).toMatchObject({ valid: true, signer: { outcome: 'PINNED', fingerprint: await sealedFingerprint(), pinnedFingerprint: await sealedFingerprint(), pinSource: 'SEAL' } });
    // The public PV check (no session, so no election zone but the PV's own) names the zone its times are shown in.
    const pvCheck = await new ApiClient(f.station.url).request<{ valid: boolean; report: { election: { timeZone: string } } }>('POST', '/api/verify', documents.pdf, { 'Content-Type': 'application/pdf' });
    expect(pvCheck.body).toMatchObject({ valid: true, report: { election: { timeZone: 'Europe/Paris' } } });
  });

  test('a PV and an export signed by a self-made certificate with the commission’s names are not valid on the public API', async () => {
    const pinned = await sealedFingerprint();
    const genuine = await verifyReportPdf(documents.pdf);
    if (!genuine.ok) throw new Error(JSON.stringify(genuine.error));
    expect(genuine.value.certificateFingerprint).toBe(pinned);
    // The attacker copies the subject and states their own fingerprint in the results, so the file is intact on its own terms.
    const impostor = generateCommissionCertificate({ commonName: genuine.value.signer, organization: genuine.value.results.election.chamber, electionCode: genuine.value.electionCode }, 'phrase de l’imposteur');
    const results = structuredClone(genuine.value.results);
    results.seal.commissionCertificateFingerprint = impostor.fingerprint;
    const forgedPdf = (await buildReportPdf(results, impostor)).pdf;
    const forgedJson = buildResultsExport(results, impostor);
    expect((await verifyReportPdf(forgedPdf)).ok).toBe(true); // intact, and signed by whoever says so…
    const visitor = new ApiClient(f.station.url);
    const pv = await visitor.request<{ valid: boolean; report: unknown; signer: Record<string, unknown>; errors: { code: string; message: string }[] }>('POST', '/api/verify', forgedPdf, { 'Content-Type': 'application/pdf' });
    expect(pv.status).toBe(200);
    expect(pv.body).toMatchObject({ valid: false, report: null, signer: { outcome: 'OTHER', fingerprint: impostor.fingerprint, pinnedFingerprint: pinned, pinSource: 'SEAL', subject: genuine.value.signer } });
    expect(pv.body.errors).toEqual([{ code: 'OTHER_SIGNER', message: expect.stringMatching(/^SIGNATURE D’UN AUTRE CERTIFICAT QUE CELUI DE LA COMMISSION/) }]);
    const exported = await visitor.request<{ valid: boolean; signer: Record<string, unknown> }>('POST', '/api/verify/results', forgedJson, { 'Content-Type': 'application/json' });
    expect(exported.body).toMatchObject({ valid: false, signer: { outcome: 'OTHER', fingerprint: impostor.fingerprint, pinnedFingerprint: pinned } });
    // Keeping the genuine results (which state the sealed fingerprint) under the impostor's signature fails on its own.
    const restated = await visitor.request<{ valid: boolean; errors: { code: string }[] }>('POST', '/api/verify', (await buildReportPdf(genuine.value.results, impostor)).pdf, { 'Content-Type': 'application/pdf' });
    expect(restated.body).toMatchObject({ valid: false, errors: [{ code: 'SIGNER_NOT_SEALED' }] });
  }, 60_000);

  test('the prefecture consolidates verified exports from the certificates it was given, and refuses a tampered one', async () => {
    const prefet = await f.client('prefet');
    const content = new TextDecoder().decode(documents.json);
    const trustedFingerprints = [await sealedFingerprint()];
    const good = await expectOk(prefet.post<{ chambers: unknown[] }>('/api/prefecture/consolidate', { files: [{ name: 'cci.json', content }], trustedFingerprints }), 'consolidation');
    expect(good.chambers).toHaveLength(1);
    const tampered = content.replace('"postalAccepted":6', '"postalAccepted":7');
    const r = await prefet.post<{ error: { code: string } }>('/api/prefecture/consolidate', { files: [{ name: 'cci.json', content: tampered }], trustedFingerprints });
    expect(r.status).toBe(422);
    // No list of trusted certificates: refused by validation (400), never consolidated.
    expect((await prefet.post('/api/prefecture/consolidate', { files: [{ name: 'cci.json', content }] })).status).toBe(400);
    const stranger = generateCommissionCertificate({ commonName: 'Commission inconnue', organization: 'X', electionCode: 'X' }, 'p');
    const untrusted = await prefet.post<{ error: { details: { errors: { code: string }[] }[] } }>('/api/prefecture/consolidate', { files: [{ name: 'cci.json', content }], trustedFingerprints: [stranger.fingerprint] });
    expect(untrusted.status).toBe(422);
    expect(JSON.stringify(untrusted.body)).toContain('UNTRUSTED_SIGNER');
  });

  test('the sealed bundle verifies; a modified, added or removed file is refused', async () => {
    const v = await verifyBundle(documents.directory, { trustedFingerprints: [await sealedFingerprint()] });
    expect(v.ok).toBe(true);
    const copy = mkdtempSync(join(root, 'bundle-copy-'));
    cpSync(documents.directory, copy, { recursive: true });
    appendFileSync(join(copy, 'emargement', 'correspondance.csv'), '99;X;Y;Z;C;C1;correspondance;2026-01-01T00:00:00.000Z;P\n');
    const bad = await verifyBundle(copy);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.map((e) => e.code)).toEqual(['FILE_MODIFIED']);
    // RSASSA-PKCS1-v1_5 is deterministic: the bundle's export is byte for byte the one handed to the prefecture.
    expect(readFileSync(join(documents.directory, 'resultats.json')).equals(Buffer.from(documents.json))).toBe(true);
  });

  test('after the freeze the database refuses every write', async () => {
    const db = get().db;
    for (const sql of [
      "INSERT INTO incident (description, reported_by, station_id) VALUES ('après le gel', 1, 'x')",
      "UPDATE voter SET last_name = 'X'",
      'DELETE FROM count_validation',
      "UPDATE election SET name = 'autre'",
      'DELETE FROM electronic_tally',
      "INSERT INTO change_approval (description, approved_by) VALUES ('x', 1)",
      'TRUNCATE scan CASCADE',
    ])
      await expect(db.query(sql)).rejects.toThrow(/figé|ajout seul/);
    const incident = await president.post<{ error: { code: string; message: string } }>('/api/incidents', { description: 'incident après le gel' });
    expect(incident.status).toBe(409);
    expect(incident.body.error.message).toMatch(/Scrutin figé/);
    // Sessions are still opened (and journaled) so that the archive can be consulted.
    const viewer = await f.client('observateur');
    expect((await viewer.get('/api/results')).status).toBe(200);
    const verify = await president.get<{ ok: boolean }>('/api/journal/verify');
    expect(verify.body.ok).toBe(true);
  });

  test('purge is refused before the appeal deadline', async () => {
    const admin = await f.client('admin');
    const r = await admin.post<{ error: { message: string } }>('/api/purge');
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/délai de recours/);
    void CERT_PASSPHRASE;
  });
});
