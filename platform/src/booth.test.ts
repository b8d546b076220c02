// Voter journey in headless Chromium: letter credentials → login → choices → review → encryption in the
// browser with evote → receipt → board; keyboard only, axe WCAG 2.1 AA, no CSP violation, no third party.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser, seriousViolations } from '@scrutin/test/browser/browser.js';
import { startBoothPlatform, type BoothPlatform } from './testing/booth.js';
import { testLoadFile } from './testing/election.js';

/** « 1968-03-07 » as a voter writes it: « 07/03/1968 ». */
const frenchDate = (iso: string): string => iso.split('-').reverse().join('/');

describe('booth in headless Chromium', () => {
  let booth: BoothPlatform;
  let browser: Browser;
  const file = testLoadFile(3, { candidates: 40 });

  beforeAll(async () => {
    booth = await startBoothPlatform(file, { open: true });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await booth?.close();
  });

  test('a voter logs in, votes with the keyboard, gets a receipt and finds it on the board', async () => {
    const page = await (await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })).newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('request', (r) => !r.url().startsWith(booth.platform.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:') && foreign.push(r.url()));
    const voter = file.voters[0]!;
    const letter = booth.letters.find((l) => l.voterNumber === voter.voterNumber)!;

    await page.goto(booth.platform.url + '/');
    await page.getByLabel('Identifiant (12 chiffres)').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Keyboard only: Tab through the form, type, Enter.
    await page.getByLabel('Identifiant (12 chiffres)').focus();
    await page.keyboard.type(letter.identifier);
    await page.keyboard.press('Tab');
    await page.keyboard.type('mauvais-mot-de-passe');
    await page.keyboard.press('Tab');
    // Typed as a French voter writes it, JJ/MM/AAAA.
    await page.keyboard.type(frenchDate(voter.birthDate));
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'incorrect' }).waitFor();
    await page.getByLabel('Mot de passe').fill('');
    await page.getByLabel('Mot de passe').focus();
    await page.keyboard.type(letter.password);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Vos qualités d’électeur' }).waitFor({ timeout: 8000 }).catch(async (e) => {
      throw new Error(`${(e as Error).message}\n${await page.locator('main').innerText()}\n${problems.join('\n')}`);
    });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /^Voter pour/ }).first().press('Enter');
    await page.getByRole('heading', { name: /Vos bulletins/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // CCIR (2 seats): two candidates, a third is disabled; CCIT: blank.
    const ccir = page.getByRole('group', { name: /CCI de région/ });
    await ccir.getByRole('checkbox').nth(0).press('Space');
    await ccir.getByRole('checkbox').nth(39).press('Space');
    expect(await ccir.getByRole('checkbox').nth(5).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Vérifier mes choix' }).press('Enter');
    await page.getByRole('alert').filter({ hasText: 'CCI territoriale' }).waitFor();
    await page.getByRole('group', { name: /CCI territoriale/ }).getByLabel('Vote blanc').press('Space');
    await page.getByRole('button', { name: 'Vérifier mes choix' }).press('Enter');
    await page.getByRole('heading', { name: 'Vérifiez vos choix' }).waitFor();
    expect(await page.getByText('NOMR1 Camille').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Valider mon vote' }).press('Enter');
    await page.getByRole('heading', { name: 'Votre vote est enregistré' }).waitFor({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);
    const encryptionMs = await page.evaluate<number>('window.__encryptionMs');
    expect(encryptionMs).toBeLessThan(5000);
    const fingerprints = await page.locator('code.fingerprint').allTextContents();
    expect(fingerprints.length).toBe(3);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Télécharger le reçu' }).press('Enter');
    const receiptPath = await (await download).path();
    const receipt = JSON.parse(readFileSync(receiptPath, 'utf8')) as { ballots: { fingerprint: string }[] };
    expect(receipt.ballots.map((b) => b.fingerprint)).toEqual(fingerprints.slice(0, 2));

    // The urn now holds exactly these two ballots, nothing about the voter.
    const rows = await booth.db.query<{ fingerprint: string }>('SELECT fingerprint FROM urn.ballot ORDER BY fingerprint');
    expect(rows.rows.map((r) => r.fingerprint).sort()).toEqual([...fingerprints.slice(0, 2)].sort());

    await page.getByRole('link', { name: 'Voir le tableau des bulletins' }).press('Enter');
    await page.getByLabel('Empreinte à rechercher').fill(fingerprints[0]!);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Bulletin trouvé' }).waitFor();
    await page.getByLabel('Vérifier un reçu téléchargé').setInputFiles(receiptPath);
    await page.getByRole('status').filter({ hasText: 'Reçu authentique' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Back to the booth: the right shows "A voté" and cannot be voted again.
    await page.goto(booth.platform.url + '/');
    await page.getByText('A voté').waitFor();
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    expect(foreign).toEqual([]);
    console.log(`chiffrement d’un bulletin de 40 candidats (+ 1 de 40) dans Chromium : ${encryptionMs.toFixed(0)} ms`);
  }, 120_000);

  test('in a browser set to English, the date and file fields still speak French', async () => {
    const page = await (await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' })).newPage();
    await page.goto(booth.platform.url + '/');
    const date = page.getByLabel('Date de naissance');
    await date.waitFor();
    // A text field with a French mask: no browser date widget ordering its parts MM/DD/YYYY.
    expect(await date.evaluate((el) => [el.getAttribute('type'), el.getAttribute('placeholder')])).toEqual([null, 'JJ/MM/AAAA']);
    // A date in the American order (month first) is refused in French, naming the field, before anything is sent.
    await page.getByLabel('Identifiant (12 chiffres)').fill('123456789012');
    await page.getByLabel('Mot de passe').fill('mot-de-passe');
    await date.fill('12/31/1970');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Date de naissance : écrivez-la sous la forme JJ/MM/AAAA' }).waitFor();
    await page.goto(booth.platform.url + '/#/tableau');
    await page.getByText('Choisir le fichier du reçu…').waitFor();
    await expect(page.getByText('Aucun fichier choisi').count()).resolves.toBe(1);
    // The browser's own « Choose File » button is hidden behind the French label.
    expect(await page.locator('#receipt-file').evaluate((el) => el.getBoundingClientRect().width <= 1)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
