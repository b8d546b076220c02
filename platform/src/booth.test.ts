// Voter journey in headless Chromium: letter credentials → login → choices → review → encryption in the
// browser with evote → receipt → board; keyboard only, axe WCAG 2.1 AA, no CSP violation, no third party.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { issueCredentials, type Letter } from './credentials/issue.js';
import { loadPlatform } from './load/load.js';
import { openPlatformDatabase } from './database.js';
import { addStaff, openVote } from './operations.js';
import { startPlatform, type RunningPlatform } from './server.js';
import { runCeremony, testLoadFile } from './testing.js';
import type { Db } from '@scrutin/db';

const PLATFORM_ROOT = join(__dirname, '..');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function seriousViolations(page: Page): Promise<unknown[]> {
  if (!(await page.evaluate<boolean>("typeof window.axe !== 'undefined'"))) await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const v = await page.evaluate<{ impact: string | null }[]>(`(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 2).map((n) => n.target) })))()`);
  return v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
}

describe('booth in headless Chromium', () => {
  let db: Db;
  let platform: RunningPlatform;
  let browser: Browser;
  let letters: Letter[];
  const file = testLoadFile(3, { candidates: 40 });

  beforeAll(async () => {
    execFileSync('npx', ['vite', 'build', '--config', 'booth/vite.config.ts', '--logLevel', 'error'], { cwd: PLATFORM_ROOT, stdio: 'pipe' });
    db = await openPlatformDatabase({ dataDir: 'memory://' });
    const loaded = await loadPlatform(db, file, runCeremony(file.electionCode).key);
    if (!loaded.ok) throw new Error(loaded.error.join());
    const issued = await issueCredentials(db, { actor: 'test' });
    if (!issued.ok) throw new Error(issued.error);
    letters = issued.value;
    const admin = await addStaff(db, { login: 'admin', displayName: 'A', role: 'admin', password: 'administrateur-2026' });
    if (!admin.ok) throw new Error(admin.error.message);
    if (!(await openVote(db, admin.value)).ok) throw new Error('ouverture');
    platform = await startPlatform({ db });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await db?.close();
  });

  test('a voter logs in, votes with the keyboard, gets a receipt and finds it on the board', async () => {
    const page = await (await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })).newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('request', (r) => !r.url().startsWith(platform.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:') && foreign.push(r.url()));
    const voter = file.voters[0]!;
    const letter = letters.find((l) => l.voterNumber === voter.voterNumber)!;

    await page.goto(platform.url + '/');
    await page.getByLabel('Identifiant (12 chiffres)').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Keyboard only: Tab through the form, type, Enter.
    await page.getByLabel('Identifiant (12 chiffres)').focus();
    await page.keyboard.type(letter.identifier);
    await page.keyboard.press('Tab');
    await page.keyboard.type('mauvais-mot-de-passe');
    await page.keyboard.press('Tab');
    // The order of a date field's segments follows the system locale, not the page's: filled directly.
    await page.getByLabel('Date de naissance').fill(voter.birthDate);
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
    const rows = await db.query<{ fingerprint: string }>('SELECT fingerprint FROM urn.ballot ORDER BY fingerprint');
    expect(rows.rows.map((r) => r.fingerprint).sort()).toEqual([...fingerprints.slice(0, 2)].sort());

    await page.getByRole('link', { name: 'Voir le tableau des bulletins' }).press('Enter');
    await page.getByLabel('Empreinte à rechercher').fill(fingerprints[0]!);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Bulletin trouvé' }).waitFor();
    await page.getByLabel('Vérifier un reçu téléchargé').setInputFiles(receiptPath);
    await page.getByRole('status').filter({ hasText: 'Reçu authentique' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Back to the booth: the right shows "A voté" and cannot be voted again.
    await page.goto(platform.url + '/');
    await page.getByText('A voté').waitFor();
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    expect(foreign).toEqual([]);
    console.log(`chiffrement d’un bulletin de 40 candidats (+ 1 de 40) dans Chromium : ${encryptionMs.toFixed(0)} ms`);
  }, 120_000);
});
