// The staff page (#/agents) in headless Chromium: the administrator opens and closes, the oversight cell
// suspends with a reason and resumes with its decision on the ballots cast before (arrêté art. 10), and
// the booth shows voters the invitation to vote by post meanwhile; keyboard, axe, screenshots.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, pageErrors, screenshot, seriousViolations } from '@scrutin/test/browser/browser.js';
import { startBoothPlatform, STAFF_PASSWORDS, type BoothPlatform } from './testing/booth.js';
import { testLoadFile } from './testing/election.js';

describe('staff page in headless Chromium [pglite]', () => {
  const file = testLoadFile(3);
  // Real time until the last test moves past the closing time.
  let clock: Date | null = null;
  let booth: BoothPlatform;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    booth = await startBoothPlatform(file, { open: false, now: () => clock ?? new Date() });
    browser = await launchBrowser();
    page = await newPage(browser, 1280, 1400);
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await booth?.close();
  });

  const main = () => page.locator('main');
  const alert = (text: string | RegExp) => page.getByRole('alert').filter({ hasText: text }).waitFor();
  const expectClean = async () => expect(await seriousViolations(page)).toEqual([]);
  async function signIn(login: keyof typeof STAFF_PASSWORDS) {
    await page.getByLabel('Identifiant').fill(login);
    await page.getByLabel('Mot de passe').fill(STAFF_PASSWORDS[login]);
    await page.keyboard.press('Enter');
    await page.getByText(`Connecté : ${login}`).waitFor();
  }
  async function signOut() {
    await page.getByRole('button', { name: 'Se déconnecter' }).press('Enter');
    await page.getByLabel('Identifiant').waitFor();
  }
  const journalRows = async () => (await page.locator('table.journal tbody tr').allInnerTexts()).map((r) => r.split('\t').slice(1).join(' | '));
  async function voterPageSays(heading: string): Promise<string> {
    const voter = await newPage(browser, 1280, 800);
    await voter.goto(booth.platform.url + '/');
    await voter.getByRole('heading', { name: heading }).waitFor();
    const text = await voter.locator('main').innerText();
    await voter.context().close();
    return text;
  }

  test('reached from the footer; wrong password and too many attempts refused in French', async () => {
    await page.goto(booth.platform.url + '/');
    await page.getByRole('link', { name: 'Espace des agents de la plateforme' }).press('Enter');
    await page.getByRole('heading', { name: 'Espace des agents de la plateforme' }).waitFor();
    expect(await page.getByRole('navigation').getByRole('link', { name: /agents/ }).count()).toBe(0);
    await expectClean();
    await screenshot(page, 'plateforme-agents-1-connexion');

    await page.getByLabel('Identifiant').fill('cellule');
    await page.getByLabel('Mot de passe').fill('mauvais-mot-de-passe');
    await page.keyboard.press('Enter');
    await alert('Identifiant ou mot de passe incorrect.');
    // Five attempts per account are free, then the login waits (http/login-limits.ts): the 429 is shown as such.
    await page.getByLabel('Identifiant').fill('inconnu');
    for (let i = 0; i < 6; i++) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/staff/login'));
      await page.getByLabel('Mot de passe').press('Enter');
      expect((await answered).status()).toBe(i < 5 ? 401 : 429);
    }
    await alert(/Trop de tentatives : réessayez dans \d+ s\./);
  }, 60_000);

  test('the administrator opens the vote, cannot close it early, and has no suspension control', async () => {
    await signIn('admin');
    await page.getByText('Vote pas encore ouvert par l’administrateur').waitFor();
    await page.getByRole('button', { name: 'Ouvrir le vote' }).press('Enter');
    await alert(/^Vote ouvert : les votes sont acceptés du /);
    await page.getByText('Vote en cours').waitFor();
    expect((await journalRows())[0]).toBe('admin | Ouverture du vote | ');
    expect(await page.getByRole('button', { name: 'Suspendre le vote' }).count()).toBe(0);
    expect(await page.getByLabel('Motif de la suspension (obligatoire)').count()).toBe(0);
    // The server refuses it as well, with the page's own session and CSRF token.
    const refused = await page.evaluate<{ status: number; body: { error: { message: string } } }>(`fetch('/api/staff/suspend', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('csrf.staff') }, body: JSON.stringify({ reason: 'essai' }),
    }).then(async (r) => ({ status: r.status, body: await r.json() }))`);
    expect(refused).toEqual({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'Action réservée aux rôles : oversight_cell.' } } });

    await page.getByRole('button', { name: 'Clore le vote…' }).press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('close-warning');
    await page.getByRole('button', { name: 'Confirmer la clôture' }).press('Enter');
    await alert(/^La clôture est fixée au .* : le vote ne se clôt pas avant\.$/);
    await expectClean();
    await screenshot(page, 'plateforme-agents-2-administrateur');
    await signOut();
  }, 60_000);

  test('the oversight cell suspends with a reason; the booth then invites voters to vote by post', async () => {
    await signIn('cellule');
    await expect(page.getByLabel('Message affiché aux électeurs').inputValue()).resolves.toMatch(/voter par correspondance/);
    await screenshot(page, 'plateforme-agents-3-cellule');
    await page.getByRole('button', { name: 'Suspendre le vote' }).press('Enter');
    await alert('Indiquez le motif de la suspension (3 caractères au moins).');
    await page.getByLabel('Motif de la suspension (obligatoire)').fill('Attaque par déni de service en cours');
    await page.getByRole('button', { name: 'Suspendre le vote' }).press('Enter');
    await alert(/^Vote suspendu le .* : l’isoloir affiche désormais le message aux électeurs\.$/);
    // The control used is gone; the outcome has the focus.
    expect(await page.evaluate<string>('document.activeElement.textContent')).toMatch(/^Vote suspendu le/);
    await page.getByText('Vote suspendu par la cellule de contrôle').waitFor();
    expect(await main().innerText()).toMatch(/Message affiché aux électeurs\s+Le vote par internet est suspendu sur décision de la cellule de contrôle/);
    expect((await journalRows())[0]).toBe('cellule | Suspension du vote | Motif : Attaque par déni de service en cours');

    const voter = await voterPageSays('Vote par internet suspendu');
    expect(voter).toMatch(/Vous pouvez voter par correspondance avec le matériel de vote reçu par courrier/);
    await expectClean();
    await screenshot(page, 'plateforme-agents-4-cellule-suspendu');
  }, 60_000);

  test('after a reload the cell, still signed in, resumes with its decision; the journal lists both', async () => {
    await page.reload();
    await page.getByText('Connecté : cellule (cellule de contrôle)').waitFor();
    await page.getByRole('button', { name: 'Reprendre le vote' }).press('Enter');
    await alert('Choisissez la décision sur les votes exprimés avant la suspension.');
    await page.getByLabel(/Renvoyés à la commission/).press('Space');
    await page.getByRole('button', { name: 'Reprendre le vote' }).press('Enter');
    await alert('Rédigez la décision sur les votes exprimés avant la suspension.');
    await page.getByLabel('Texte de la décision (obligatoire)').fill('Les 0 votes exprimés avant la suspension sont soumis à la commission.');
    await page.getByRole('button', { name: 'Reprendre le vote' }).press('Enter');
    await alert(/^Vote repris le .* ; la décision est consignée au journal\.$/);
    await page.getByText('Vote en cours').waitFor();
    expect((await journalRows()).slice(0, 3)).toEqual([
      'cellule | Reprise du vote | Votes exprimés avant la suspension : renvoyés à la commission. Les 0 votes exprimés avant la suspension sont soumis à la commission.',
      'cellule | Suspension du vote | Motif : Attaque par déni de service en cours',
      'admin | Ouverture du vote | ',
    ]);
    expect(await page.getByRole('button', { name: 'Ouvrir le vote' }).count()).toBe(0);
    await expectClean();
    await voterPageSays('Connexion à l’isoloir');
    await signOut();
    // Signed out on the server too: a reload finds no session.
    await page.reload();
    await page.getByLabel('Identifiant').waitFor();
  }, 60_000);

  test('past the closing time the administrator confirms the close and sees the seal', async () => {
    clock = new Date(new Date(file.closesAt).getTime() + 60_000);
    await signIn('admin');
    await page.getByText('Heure de clôture passée : vote à clore').waitFor();
    await page.getByRole('button', { name: 'Clore le vote…' }).press('Enter');
    await page.getByRole('button', { name: 'Annuler' }).press('Enter');
    await page.getByRole('button', { name: 'Clore le vote…' }).press('Enter');
    await page.getByRole('button', { name: 'Confirmer la clôture' }).press('Enter');
    await alert(/^Vote clos et scellé le /);
    await page.getByRole('heading', { name: `Scellement de clôture — ${file.electionCode}` }).waitFor();
    expect(await main().innerText()).toMatch(/Bulletins dans l’urne\s+0\s+Émargements électroniques\s+0/);
    await page.getByText('Vote clos et scellé', { exact: true }).waitFor();
    expect((await journalRows())[0]).toBe('admin | Clôture et scellement | ');
    await expectClean();
    await screenshot(page, 'plateforme-agents-5-administrateur-clos');
    // After a reload the frozen seal is re-read and checked, not made again.
    await page.reload();
    await page.getByRole('button', { name: 'Afficher le scellement de clôture' }).press('Enter');
    await alert('Scellement de clôture vérifié : l’urne et l’émargement n’ont pas changé depuis la clôture.');
    expect((await journalRows()).filter((r) => r.includes('Clôture'))).toHaveLength(1);
    expect(pageErrors).toEqual([]);
    // The only console errors are the browser's notes of expected refusals (401 before sign-in, 403, 422, 429).
    expect(consoleErrors.filter((m) => !/status of (401|403|422|429)/.test(m))).toEqual([]);
  }, 60_000);
});
