import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeSignedTally, plausibleTally } from '@scrutin/station/counting/electronic-tally.js';
import { loadUrnBases } from '@scrutin/station/results/results.js';
import { buildReportPdf, generateCommissionCertificate, verifyReportPdf } from '@scrutin/station/reports/index.js';
import { signEmargement } from '@scrutin/contract/electronic-emargement.js';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { createUser } from '@scrutin/station/auth/users.js';
import { createTestDatabase, type TestDatabase } from '../databases.js';
import { CERT_PASSPHRASE, countEverything, expectOk, sheetFor, type UrnStatus } from '../counting-flow.js';
import { newRequestId, REPO_ROOT, setUpElection, startFixture, type Fixture } from '../station-fixture.js';
import type { ApiClient } from '../api-client.js';
import { capture, launchBrowser, newPage, pageErrors, signIn } from './browser.js';

type Urn = UrnStatus & { label: string; candidates: { id: string; lastName: string; firstNames: string }[] };

const sheetValues = (urn: Urn, sheet: ReturnType<typeof sheetFor>): string[] => [
  sheet.envelopesFound,
  sheet.ballotsValid,
  sheet.ballotsBlank,
  sheet.ballotsNull,
  ...urn.candidates.map((c) => sheet.votes[c.id] ?? 0),
].map(String);

/** A teller types the paper sheet with the keyboard only: a number, Tab, the next number…, Enter sends. */
async function typeSheet(page: Page, values: string[], reason?: string): Promise<void> {
  await page.locator('#sheet-envelopesFound').focus();
  for (const [i, value] of values.entries()) {
    await page.keyboard.press('Control+a');
    await page.keyboard.type(value);
    if (i < values.length - 1) await page.keyboard.press('Tab');
  }
  if (reason !== undefined) {
    await page.locator('#sheet-reason').focus();
    await page.keyboard.type(reason);
  }
  await page.keyboard.press('Enter');
}

const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

// PGlite only: the API's behaviour on both databases is covered by test/src/counting.test.ts.
describe('counting screens in headless Chromium', () => {
  let browser: Browser;
  let t: TestDatabase;
  let f: Fixture;
  let president: Page;
  let tellers: [Page, Page];
  let api: { president: ApiClient; tellers: [ApiClient, ApiClient] };
  let urns: Urn[];
  let pdf: Buffer;

  beforeAll(async () => {
    readFileSync(join(REPO_ROOT, 'dashboard', 'dist', 'index.html'));
    browser = await launchBrowser();
    t = await createTestDatabase('pglite');
    f = await startFixture(t.db);
    await setUpElection(f, { voters: 40, until: 'VOTE_CLOSED' });
    api = { president: await f.client('president'), tellers: [await f.client('assesseur'), await f.client('assesseur2')] };
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await f?.station.close();
    await t?.drop();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  test('a new account signs in with its one-time password and must choose its own first', async () => {
    const created = await createUser(t.db, SYSTEM_ACTOR(), { login: 'assesseur3', displayName: 'Dominique Bernard', roles: ['teller'] });
    if (!created.ok) throw new Error(created.error.message);
    const page = await newPage(browser, 1600, 1000);
    await page.goto(f.station.url + '/');
    // The browser's own checks speak French whatever its language (this Chromium's is English).
    const message = (label: string) => page.getByLabel(label).evaluate((field) => (field as HTMLInputElement).validationMessage);
    await page.getByLabel('Identifiant').focus();
    await page.keyboard.press('Enter');
    await expect(message('Identifiant')).resolves.toBe('Ce champ est à remplir.');
    await page.getByLabel('Identifiant').fill('assesseur3');
    await expect(message('Identifiant')).resolves.toBe('');
    await page.getByLabel('Mot de passe').fill(created.value.oneTimePassword);
    await page.getByLabel('Poste de travail').fill('TABLE 3');
    await page.keyboard.press('Enter');
    await expect(message('Poste de travail')).resolves.toMatch(/^Format attendu : /);
    await page.getByLabel('Poste de travail').fill('TABLE-3');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choisissez votre mot de passe' }).waitFor();
    await page.getByLabel('Mot de passe actuel').fill(created.value.oneTimePassword);
    await page.getByLabel('Nouveau mot de passe').fill('azertyuiop123');
    await page.getByLabel('Confirmez-le').fill('azertyuiop123');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Mot de passe trop facile à deviner : Les lignes droites de touches' }).waitFor();
    await page.getByLabel('Nouveau mot de passe').fill('un mot de passe assez long');
    await page.getByLabel('Confirmez-le').fill('un autre mot de passe');
    await page.keyboard.press('Enter');
    await page.getByText('Les deux saisies diffèrent.').waitFor();
    await capture(page, '35-changement-mot-de-passe');
    await page.getByLabel('Confirmez-le').fill('un mot de passe assez long');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    expect(page.url()).toMatch(/#\/depouillement$/);
    await page.context().close();
  }, 60_000);

  test('the president loads the sealed electronic emargement from its two files; a modified list is refused', async () => {
    president = await newPage(browser, 1600, 1000);
    await signIn(president, f.station.url, 'president', 'BUREAU', '#/preparation');
    await president.getByRole('tab', { name: 'Scellement et étapes' }).click();
    const signed = signEmargement(
      { electionCode: f.definition.code, closedAt: new Date().toISOString(), entries: [3, 4, 9].map((right) => ({ right, votedAt: new Date(Date.now() - 3600_000).toISOString() })) },
      f.platformKey.secretKey,
    );
    await president.getByLabel(/Liste d’émargement électronique/).setInputFiles(file('emargement.json', signed.file.replace('"right":4', '"right":5')));
    await president.getByLabel(/Signature de la plateforme/).setInputFiles(file('emargement.sig.json', signed.signature));
    await president.getByRole('button', { name: 'Vérifier le scellement et charger' }).click();
    await president.getByText(/Empreinte SHA-256 différente/).waitFor();
    await capture(president, '20-emargement-electronique-refuse');
    await president.getByLabel(/Liste d’émargement électronique/).setInputFiles(file('emargement.json', signed.file));
    await president.getByLabel(/Signature de la plateforme/).setInputFiles(file('emargement.sig.json', signed.signature));
    await president.getByRole('button', { name: 'Vérifier le scellement et charger' }).click();
    await president.getByText(/Émargement électronique chargé : 3 qualité\(s\)/).waitFor();
    await president.getByText(/Émargement électronique chargé \(état actuel\)/).waitFor();
    await capture(president, '21-emargement-electronique-charge');

    // Scanning is covered elsewhere: a few envelopes through the API, the dual vote confirmed.
    const { rows } = await t.db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right ORDER BY id');
    const barcodes = new Map(rows.map((r) => [Number(r.id), r.barcode]));
    const agent = await f.client('numerisation', 'POSTE-01');
    for (const right of [1, 2, 3, 5, 6, 7, 8]) await expectOk(agent.post('/api/scans', { requestId: newRequestId(), barcode: barcodes.get(right)! }), 'scan');
    await expectOk(api.president.post('/api/president/confirm', { batch: { verdict: 'ELECTRONIC_PRIORITY', expectedCount: 1 } }), 'confirmation');

    await president.goto(f.station.url + '/#/depouillement');
    await president.getByRole('button', { name: 'Ouvrir le dépouillement' }).click();
    await president.getByText(/Dépouillement ouvert/).waitFor();
    urns = (await expectOk(api.president.get<{ urns: Urn[] }>('/api/counting'), 'état')).urns;
  }, 120_000);

  test('two tellers type a sheet; the gap is highlighted and blocks validation until corrected with a reason; the president validates', async () => {
    const urn = urns.find((u) => u.envelopesAccepted > 0 && u.candidates.length >= 2)!;
    tellers = [await newPage(browser, 1600, 1000), await newPage(browser, 1600, 1000)];
    await signIn(tellers[0], f.station.url, 'assesseur', 'TABLE-1');
    expect(tellers[0].url()).toMatch(/#\/depouillement$/);
    await signIn(tellers[1], f.station.url, 'assesseur2', 'TABLE-2');

    await tellers[0].locator(`[data-urn="${urn.urnId}"]`).click();
    await capture(tellers[0], '22-depouillement-saisie');
    // A comma is not dropped (« 1,5 » read as 15 would be a wrong count): the field says so at once, and
    // sending names every field to fill, the candidates as written on the sheet.
    await tellers[0].locator('#sheet-envelopesFound').fill('1,5');
    await tellers[0].getByText('Nombre entier attendu (chiffres seulement)').waitFor();
    await expect(tellers[0].locator('#sheet-envelopesFound').inputValue()).resolves.toBe('1,5');
    await expect(tellers[0].locator('#sheet-envelopesFound').getAttribute('aria-invalid')).resolves.toBe('true');
    await tellers[0].keyboard.press('Enter');
    const refusal = tellers[0].getByText(/Saisissez un nombre entier \(0 le cas échéant\) dans : enveloppes trouvées dans l’urne, bulletins valables/);
    await refusal.waitFor();
    await expect(refusal.innerText()).resolves.toContain(`voix de ${urn.candidates[0]!.lastName.toUpperCase()} ${urn.candidates[0]!.firstNames}`);
    await capture(tellers[0], '22-depouillement-saisie-refusee');
    await typeSheet(tellers[0], sheetValues(urn, sheetFor(urn)));
    await tellers[0].getByText(/Saisie n° 1 enregistrée/).waitFor();

    // The second teller types blind: the first entry is not on screen before theirs is sent.
    await tellers[1].locator(`[data-urn="${urn.urnId}"]`).click();
    await tellers[1].getByText(/Une saisie est déjà faite par un autre assesseur/).waitFor();
    await expect(tellers[1].getByText('Comparaison des deux saisies').count()).resolves.toBe(0);
    const wrong = sheetFor(urn);
    wrong.ballotsValid -= 1;
    wrong.ballotsNull += 1;
    await typeSheet(tellers[1], sheetValues(urn, wrong));
    await tellers[1].getByText(/elle diffère de l’autre saisie/).waitFor();
    const highlighted = tellers[1].locator('.sheet-row.field-mismatch label');
    await expect(highlighted.allInnerTexts()).resolves.toEqual(['Bulletins valables', 'Bulletins nuls']);
    await expect(tellers[1].locator('#sheet-ballotsValid').getAttribute('aria-invalid')).resolves.toBe('true');
    await capture(tellers[1], '23-depouillement-ecart');

    await president.locator(`[data-urn="${urn.urnId}"]`).click();
    await president.locator('tr.mismatch').first().waitFor();
    await expect(president.locator('tr.mismatch th').allInnerTexts()).resolves.toEqual(['Bulletins valables', 'Bulletins nuls']);
    await president.getByText(/Validation bloquée : les deux saisies diffèrent sur 2 champ\(s\)/).waitFor();
    await expect(president.getByRole('button', { name: 'Valider le dépouillement de cette urne' }).isDisabled()).resolves.toBe(true);
    await capture(president, '24-depouillement-president-ecart');

    // A correction without a reason is refused on the spot; with one it is a new entry.
    await typeSheet(tellers[1], sheetValues(urn, sheetFor(urn)));
    await tellers[1].getByText(/exige un motif écrit/).waitFor();
    // The screen's reads of the urns are answered 4 s late, longer than its 3 s refresh: a read sent before
    // the correction is answered after it, with the mismatch. The correction's own answer shows at once,
    // the older answers arriving later do not bring the highlighting back, and the newer ones are shown.
    const held: Promise<void>[] = [];
    await tellers[1].route('**/api/counting', (route) => {
      const answer = (async () => {
        const response = await route.fetch();
        await new Promise((resolve) => setTimeout(resolve, 4_000));
        await route.fulfill({ response });
      })();
      held.push(answer);
      return answer;
    });
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await typeSheet(tellers[1], sheetValues(urn, sheetFor(urn)), 'recompte des bulletins nuls');
    await tellers[1].getByText(/les deux saisies concordent/).waitFor();
    await expect(tellers[1].locator('.sheet-row.field-mismatch').count()).resolves.toBe(0);
    await Promise.all([...held]);
    await expect(tellers[1].locator('.sheet-row.field-mismatch').count()).resolves.toBe(0);
    await capture(tellers[1], '24-depouillement-saisie-corrigee');

    const validate = president.getByRole('button', { name: 'Valider le dépouillement de cette urne' });
    await president.getByText('Prête à valider').first().waitFor();
    await president.getByText(/Correction de la saisie 2 par assesseur2 : « recompte des bulletins nuls »/).waitFor();
    await capture(president, '25-depouillement-pret');
    await validate.click();
    await president.getByText(/Validée par president/).waitFor();
    // Answers still 4 s late, longer than the refresh: the teller's screen moves on all the same.
    await tellers[1].getByText(/Dépouillement de cette urne validé par le président/).waitFor();
    await tellers[1].unrouteAll({ behavior: 'ignoreErrors' });
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM count_validation WHERE urn_id = $1', [urn.urnId]);
    expect(rows[0]!.n).toBe(1);
  }, 120_000);

  test('a sheet that fails the checks is shown in French; a reconciliation gap needs the president’s written note', async () => {
    const urn = urns.find((u) => u.urnId.startsWith('CCIT') && u.envelopesAccepted > 0)!;
    const bad = { ...sheetFor(urn, urn.envelopesAccepted + 1), ballotsValid: urn.envelopesAccepted };
    await tellers[0].locator(`[data-urn="${urn.urnId}"]`).click();
    await typeSheet(tellers[0], sheetValues(urn, bad));
    await tellers[0].getByText(/Valables \+ blancs \+ nuls = /).waitFor();
    await expect(tellers[0].getByText(/Le candidat « CANDIDAT/).count()).resolves.toBeGreaterThan(0);
    await capture(tellers[0], '26-depouillement-controles');
    await typeSheet(tellers[0], sheetValues(urn, sheetFor(urn, urn.envelopesAccepted + 1)), 'feuille recomptée');
    await expectOk(api.tellers[1].post('/api/counting/sheets', { urnId: urn.urnId, sheet: sheetFor(urn, urn.envelopesAccepted + 1) }), 'saisie 2');

    await president.locator(`[data-urn="${urn.urnId}"]`).click();
    await president.getByText(/à expliquer au procès-verbal/).waitFor();
    await president.getByLabel(/Explication écrite de l’écart/).fill('une enveloppe remise en main propre au bureau, constat signé');
    await capture(president, '27-depouillement-note');
    await president.getByRole('button', { name: 'Valider le dépouillement de cette urne' }).click();
    await president.getByText(/écart \+1, explication : « une enveloppe remise/).waitFor();
  }, 120_000);

  test('the electronic tally is loaded from its signed file; results show votes, seats and the elected', async () => {
    const done = new Set((await expectOk(api.president.get<{ urns: Urn[] }>('/api/counting'), 'état')).urns.filter((u) => u.state === 'VALIDATED').map((u) => u.urnId));
    await countEverything(api.president, api.tellers, [...done]);
    await president.getByRole('tab', { name: 'Urne électronique' }).click();
    const signed = makeSignedTally({ electionCode: f.definition.code, unsealedAt: new Date().toISOString(), urns: plausibleTally(await loadUrnBases(t.db), 7) }, f.platformKey.secretKey);
    await president.getByLabel(/Fichier du dépouillement électronique/).setInputFiles(file('depouillement.json', signed.file));
    await president.getByLabel(/Signature de la plateforme/).setInputFiles(file('depouillement.sig.json', signed.signature));
    await president.getByRole('button', { name: 'Vérifier et charger' }).click();
    await president.getByText(/Dépouillement électronique chargé : 6 bulletin\(s\)/).waitFor();
    await president.getByText('Chargé pour toutes les urnes').waitFor();
    await capture(president, '28-depouillement-urne-electronique');

    await president.getByRole('tab', { name: 'Résultats et sièges' }).click();
    await president.getByText(/Toutes les urnes sont dépouillées/).waitFor();
    const seats = urns.reduce((n, u) => n + u.seats, 0);
    await expect(president.locator('tr.elected').count()).resolves.toBe(seats);
    await expect(president.getByText(/^✔ élu\(e\)/).count()).resolves.toBe(seats);
    // Urns with no ballot at all: every candidate ties at 0 votes, the seats go to the eldest.
    await expect(president.getByText('✔ élu(e) au bénéfice de l’âge').count()).resolves.toBeGreaterThan(0);
    await capture(president, '29-depouillement-resultats');

    const projector = await newPage(browser);
    await signIn(projector, f.station.url, 'observateur', 'PROJECTEUR');
    await projector.getByText('Voix et sièges').waitFor();
    await projector.locator('tr.elected').first().waitFor();
    await capture(projector, '30-resultats-sieges-1920x1080');
    await projector.context().close();
  }, 120_000);

  test('the president proclaims, signs the PV and the export, and freezes', async () => {
    await president.getByRole('tab', { name: 'Proclamation et procès-verbal' }).click();
    // The certificate was made before sealing (setUpElection); this screen only shows it and can no longer make one.
    const { rows: certificates } = await t.db.query<{ fingerprint: string }>('SELECT fingerprint FROM commission_certificate');
    await president.getByText(certificates[0]!.fingerprint).waitFor();
    await expect(president.getByRole('button', { name: 'Créer le certificat' }).count()).resolves.toBe(0);
    await president.getByLabel(/Phrase de passe du certificat/).fill(CERT_PASSPHRASE);
    await president.getByRole('button', { name: 'Proclamer les résultats' }).click();
    await president.getByText(/Résultats proclamés le/).first().waitFor();
    await capture(president, '31-proclamation');

    const [download] = await Promise.all([president.waitForEvent('download'), president.getByRole('button', { name: 'Éditer le procès-verbal signé' }).click()]);
    const dir = mkdtempSync(join(tmpdir(), 'scrutin-pv-'));
    try {
      await download.saveAs(join(dir, 'pv.pdf'));
      pdf = readFileSync(join(dir, 'pv.pdf'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await president.getByText(/Procès-verbal signé téléchargé \(proces-verbal\.pdf, SHA-256 [0-9a-f]{64}\)/).waitFor();
    const [exported] = await Promise.all([president.waitForEvent('download'), president.getByRole('button', { name: 'Exporter les résultats signés' }).click()]);
    expect(exported.suggestedFilename()).toBe('resultats.json');

    await president.getByRole('button', { name: 'Figer le scrutin' }).click();
    await president.getByRole('button', { name: 'Confirmer le gel (irréversible)' }).click();
    await president.getByText(/Scrutin figé le/).waitFor();
    await capture(president, '32-gel');
    const { rows } = await t.db.query<{ state: string }>('SELECT state FROM election');
    expect(rows[0]!.state).toBe('ARCHIVED');
  }, 120_000);

  test('the public verification page says « valide » for the PV, « non valide » with the reason for a copy with one byte changed, and names another certificate than the commission’s for a self-signed look-alike', async () => {
    const visitor = await newPage(browser, 1600, 1000);
    await visitor.goto(f.station.url + '/#/verification');
    await visitor.getByTestId('pdf-input').setInputFiles({ name: 'proces-verbal.pdf', mimeType: 'application/pdf', buffer: pdf });
    await visitor.locator('[data-testid="verify-outcome"][data-valid="true"]').waitFor();
    await visitor.getByText('SIGNATURE VALIDE').waitFor();
    await capture(visitor, '33-verification-valide');

    const flipped = Buffer.from(pdf);
    const at = Math.floor(flipped.length / 3);
    flipped[at] = flipped[at]! ^ 0x01;
    await visitor.getByTestId('pdf-input').setInputFiles({ name: 'copie.pdf', mimeType: 'application/pdf', buffer: flipped });
    await visitor.locator('[data-testid="verify-outcome"][data-valid="false"]').waitFor();
    await visitor.getByText('NON VALIDE').waitFor();
    const reasons = await visitor.locator('[data-testid="verify-outcome"] li').allInnerTexts();
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.join(' ')).toMatch(/modifié|altéré|signature|empreinte|endommagée/i);
    await capture(visitor, '34-verification-non-valide');

    // An intact PV signed with a self-made certificate carrying the commission's very names (and stating its own fingerprint).
    const genuine = await verifyReportPdf(new Uint8Array(pdf));
    if (!genuine.ok) throw new Error(JSON.stringify(genuine.error));
    const subject = genuine.value.signer;
    const impostor = generateCommissionCertificate({ commonName: subject, organization: genuine.value.results.election.chamber, electionCode: genuine.value.electionCode }, 'phrase de l’imposteur');
    const results = structuredClone(genuine.value.results);
    results.seal.commissionCertificateFingerprint = impostor.fingerprint;
    const forged = await buildReportPdf(results, impostor);
    await visitor.getByTestId('pdf-input').setInputFiles({ name: 'faux.pdf', mimeType: 'application/pdf', buffer: Buffer.from(forged.pdf) });
    await visitor.locator('[data-testid="verify-outcome"][data-valid="false"]').waitFor();
    await visitor.getByRole('heading', { name: /SIGNATURE D’UN AUTRE CERTIFICAT QUE CELUI DE LA COMMISSION/ }).waitFor();
    const signer = await visitor.getByTestId('signer').innerText();
    expect(signer).toContain(impostor.fingerprint);
    expect(signer).toContain(genuine.value.certificateFingerprint);
    await expect(visitor.getByText('SIGNATURE VALIDE').count()).resolves.toBe(0);
    await capture(visitor, '35-verification-autre-certificat');
    await visitor.context().close();
  }, 60_000);
});
