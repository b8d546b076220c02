import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@scrutin/db';
import { generateRollLines } from '@scrutin/station/roll/generate.js';
import { createTestDatabase, type TestDatabase } from '../databases.js';
import { PASSWORD, REPO_ROOT, setUpElection, startFixture, type Fixture } from '../station-fixture.js';
import { capture, launchBrowser, newPage, pageErrors, screenshot, signIn, waitForValue, wedgeScan } from './browser.js';

const DIST = join(REPO_ROOT, 'dashboard', 'dist', 'index.html');

async function barcodesOf(db: Db): Promise<Map<number, string>> {
  const { rows } = await db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right ORDER BY id');
  return new Map(rows.map((r) => [Number(r.id), r.barcode]));
}


// One database kind is enough here: the API's behaviour on both is covered by the API suites.
describe('dashboard in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    readFileSync(DIST); // built by `npm run build -w dashboard` (the test command does it first)
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(() => {
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  describe('setting up the example election from the screens', () => {
    let t: TestDatabase;
    let f: Fixture;
    beforeAll(async () => {
      t = await createTestDatabase('pglite');
      f = await startFixture(t.db);
    }, 120_000);
    afterAll(async () => {
      await f?.station.close();
      await t?.drop();
    });

    test('admin creates the election and imports the roll with a progress bar; the prefecture validates it', async () => {
      const page = await newPage(browser, 1600, 1000);
      await page.goto(f.station.url + '/');
      await page.getByLabel('Identifiant').waitFor();
      await capture(page, '01-connexion');
      await signIn(page, f.station.url, 'admin', 'BUREAU');
      expect(page.url()).toMatch(/#\/preparation$/);
      await page.getByRole('button', { name: /Utiliser l’élection d’exemple/ }).click();
      await page.getByText('Élection créée').waitFor();
      await page.getByText('Port-Sainte-Claire, hôtel consulaire, salle du conseil').waitFor();
      await capture(page, '02-preparation-election');

      await page.getByRole('tab', { name: 'Liste électorale' }).click();
      const csv = [...generateRollLines(f.definition, 300)].join('\n') + '\n';
      await page.getByLabel('Fichier CSV').setInputFiles({ name: 'liste.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Envoyer la liste' }).click();
      await page.getByText(/Liste importée : \d+ qualités/).waitFor();
      expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
      await capture(page, '03-preparation-liste');

      await page.getByRole('tab', { name: 'Comptes et rôles' }).click();
      await page.getByRole('textbox', { name: /^Identifiant/ }).fill('agent.poste3');
      await page.getByLabel('Nom affiché').fill('Claude Martin');
      await page.getByLabel('Agent de numérisation').check();
      await page.getByRole('button', { name: 'Créer le compte' }).click();
      await page.getByText(/affiché une seule fois/).waitFor();
      await capture(page, '04-preparation-comptes');
      // Resetting and deactivating ask first (window.confirm), then act; the new one-time password is shown once.
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Réinitialiser le mot de passe de observateur' }).click();
      await page.getByRole('status').filter({ hasText: /Mot de passe provisoire de observateur/ }).waitFor();
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Désactiver observateur' }).click();
      await page.getByText('Compte « observateur » désactivé.').waitFor();
      expect(await page.getByRole('row', { name: /^observateur / }).getByRole('cell').nth(3).textContent()).toBe('désactivé');

      const prefet = await newPage(browser, 1600, 1000);
      await signIn(prefet, f.station.url, 'prefet');
      await prefet.getByRole('tab', { name: 'Liste électorale' }).click();
      await prefet.getByRole('button', { name: /Valider la liste/ }).click();
      await prefet.getByText(/validée le/).first().waitFor();
      await prefet.getByRole('tab', { name: 'Candidatures' }).click();
      await prefet.getByText(/Candidatures enregistrées/).waitFor();
      await capture(prefet, '05-preparation-candidatures');
      await prefet.getByRole('tab', { name: 'Scellement et étapes' }).click();
      await capture(prefet, '06-preparation-etapes');
      await prefet.context().close();
      await page.context().close();
    }, 120_000);
  });

  describe('postal scanning, the president and the results screen', () => {
    let t: TestDatabase;
    let f: Fixture;
    let barcodes: Map<number, string>;
    let agent: Page;

    beforeAll(async () => {
      t = await createTestDatabase('pglite');
      f = await startFixture(t.db);
      await setUpElection(f, { voters: 120, until: 'EMARGEMENT_LOADED', electronic: [3, 4, 5] });
      barcodes = await barcodesOf(t.db);
      agent = await newPage(browser);
    }, 180_000);
    afterAll(async () => {
      await f?.station.close();
      await t?.drop();
    });

    test('the scanning agent scans with a keyboard wedge: verdict, urn, sound, no layout shift', async () => {
      await signIn(agent, f.station.url, 'numerisation', 'POSTE-01');
      expect(agent.url()).toMatch(/#\/numerisation$/);
      // CI machines are shared: a loaded runner may pause between two typed keys longer than a scanner would.
      await agent.evaluate("localStorage.setItem('scrutin.wedge.maxGapMs', '1500')");
      await agent.reload();
      await agent.getByText('PRÊT').waitFor();
      await capture(agent, '07-numerisation-pret');
      await agent.evaluate(`(() => {
        window.shift = 0;
        window.shifted = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            window.shift += e.value;
            for (const s of e.sources || []) window.shifted.push(s.node && s.node.outerHTML ? s.node.outerHTML.slice(0, 80) : String(s.node && s.node.parentElement && (s.node.parentElement.className || s.node.parentElement.tagName)) + ':' + JSON.stringify(s.previousRect) + JSON.stringify(s.currentRect));
          }
        }).observe({ type: 'layout-shift', buffered: false });
      })()`);
      const box = async () => agent.locator('.recent').boundingBox();
      const before = await box();

      await wedgeScan(agent, barcodes.get(1)!);
      await agent.locator('section.verdict[data-verdict="ACCEPTED"]').waitFor();
      await expect(agent.locator('.verdict-urns').innerText()).resolves.toMatch(/Urne/);
      expect(await agent.evaluate<string>('document.documentElement.dataset.lastSound')).toMatch(/^accepted:/);
      await capture(agent, '08-numerisation-accepte');

      await wedgeScan(agent, barcodes.get(3)!);
      await agent.locator('section.verdict[data-verdict="ELECTRONIC_PRIORITY"]').waitFor();
      expect(await agent.evaluate<string>('document.documentElement.dataset.lastSound')).toMatch(/^president:/);
      await capture(agent, '09-numerisation-double-vote');

      // The envelope just accepted, passed again at this station: a re-read, not a set-aside envelope.
      await wedgeScan(agent, barcodes.get(1)!);
      await agent.locator('section.verdict[data-verdict="REREAD"]').waitFor();
      await expect(agent.locator('section.verdict .verdict-message').innerText()).resolves.toMatch(/^Relecture du pli qui vient d'être accepté/);
      expect(await agent.evaluate<string>('document.documentElement.dataset.lastSound')).toMatch(/^accepted:/);

      // Set aside for a physical defect, armed from the keyboard before the envelope is read.
      await agent.keyboard.press('Alt+s');
      await agent.getByText('Prochain pli mis à part').waitFor();
      await wedgeScan(agent, barcodes.get(6)!);
      await agent.locator('section.verdict[data-verdict="DEFECT"]').waitFor();

      // Manual entry of a barcode (Enter on the empty field says what to do), and an unreadable one. The
      // code is filled in as pasted: typed keys would read as a scan here (the wedge's gap is 1.5 s above).
      await agent.keyboard.press('Alt+m');
      await agent.keyboard.press('Enter');
      await agent.getByRole('alert').filter({ hasText: 'Tapez le code-barres imprimé sur le pli, puis Entrée.' }).waitFor();
      await expect(agent.locator('#manual-barcode').getAttribute('aria-invalid')).resolves.toBe('true');
      await agent.locator('#manual-barcode').fill(barcodes.get(7)!);
      await expect(agent.getByText('Tapez le code-barres imprimé sur le pli').count()).resolves.toBe(0);
      await agent.keyboard.press('Enter');
      await agent.locator('section.verdict[data-verdict="ACCEPTED"]').waitFor();
      // Another envelope accepted since: the first one read again is a real double, set aside.
      await wedgeScan(agent, barcodes.get(1)!);
      await agent.locator('section.verdict[data-verdict="ALREADY_EMARGED"]').waitFor();
      expect(await agent.evaluate<string>('document.documentElement.dataset.lastSound')).toMatch(/^set-aside:/);
      await wedgeScan(agent, 'CCIGO26-0000099-XXXXXXXX');
      await agent.locator('section.verdict[data-verdict="MALFORMED"]').waitFor();
      expect(await agent.evaluate<string>('document.documentElement.dataset.lastSound')).toMatch(/^rescan:/);
      await capture(agent, '10-numerisation-illisible');

      expect(await box()).toEqual(before);
      expect({ shift: await agent.evaluate<number>('window.shift'), moved: await agent.evaluate<string[]>('window.shifted') }).toEqual({ shift: 0, moved: [] });
      await expect(agent.locator('.recent tbody tr').count()).resolves.toBe(7);
    }, 120_000);

    test('a network drop loses no scan: queued, shown, retried with the same requestId, counted once', async () => {
      const requestIds: string[] = [];
      // The network comes back at the agent's click, not before: the queue retries on its own (0.5 s, 1 s,
      // 2 s… backoff), and one of those retries passing before the click emptied the queue and removed the
      // button being clicked (the flaky run). A capture listener runs before the button's handler, so the
      // attempt it starts is the first one let through.
      let fail = true;
      await agent.exposeBinding('networkBack', () => {
        fail = false;
      });
      await agent.evaluate(() =>
        document.addEventListener(
          'click',
          (e) => {
            if ((e.target as Element).closest('[aria-label="Réessayer maintenant"]')) void (window as unknown as { networkBack(): Promise<void> }).networkBack();
          },
          { capture: true },
        ),
      );
      await agent.route('**/api/scans', async (route) => {
        requestIds.push((route.request().postDataJSON() as { requestId: string }).requestId);
        if (fail) await route.abort('internetdisconnected');
        else await route.continue();
      });
      await wedgeScan(agent, barcodes.get(8)!);
      await wedgeScan(agent, barcodes.get(9)!);
      await agent.getByText('En attente de réseau : 2 lecture(s)').waitFor();
      await agent.locator('.verdict-word', { hasText: 'EN ATTENTE' }).waitFor();
      await capture(agent, '11-numerisation-hors-reseau');
      const stored = await agent.evaluate<{ requestId: string }[]>(`JSON.parse(localStorage.getItem('scrutin.pending.POSTE-01') || '[]')`);
      expect(stored).toHaveLength(2);
      await agent.getByRole('button', { name: 'Réessayer maintenant' }).click();
      await agent.getByText('Toutes les lectures sont enregistrées par la station').waitFor();
      await agent.unroute('**/api/scans');
      // Every attempt for one envelope carried the same requestId.
      expect(new Set(requestIds)).toEqual(new Set(stored.map((s) => s.requestId)));
      const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM scan WHERE barcode = ANY($1)", [[barcodes.get(8), barcodes.get(9)]]);
      expect(rows[0]!.n).toBe(2);
    }, 60_000);

    test('an expired session goes back to the login with a message, and the queued scan survives it', async () => {
      await agent.context().clearCookies();
      await wedgeScan(agent, barcodes.get(10)!);
      await agent.getByText(/Session expirée/).waitFor();
      await capture(agent, '12-session-expiree');
      expect(await agent.evaluate<number>(`JSON.parse(localStorage.getItem('scrutin.pending.POSTE-01') || '[]').length`)).toBe(1);
      await agent.getByLabel('Identifiant').fill('numerisation');
      await agent.getByLabel('Mot de passe').fill(PASSWORD);
      await agent.keyboard.press('Enter');
      await agent.locator('section.verdict[data-verdict="ACCEPTED"]').waitFor();
      const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM scan WHERE barcode = $1', [barcodes.get(10)]);
      expect(rows[0]!.n).toBe(1);
    }, 60_000);

    test('the president confirms the dual vote; the results screen follows every scan', async () => {
      const results = await newPage(browser);
      await signIn(results, f.station.url, 'observateur', 'PROJECTEUR');
      expect(results.url()).toMatch(/#\/resultats$/);
      const postal = results.getByTestId('postal');
      await postal.waitFor();
      const shown = async () => Number((await postal.innerText()).replace(/\D/g, ''));
      const start = await shown();

      await wedgeScan(agent, barcodes.get(11)!);
      await agent.locator('section.verdict[data-verdict="ACCEPTED"]').waitFor();
      const t0 = Date.now();
      await waitForValue(results, `Number(document.querySelector('[data-testid="postal"]').textContent.replace(/\\D/g, '')) === ${start + 1}`);
      expect(Date.now() - t0).toBeLessThan(1000);
      await capture(results, '13-resultats');
      await results.keyboard.press('p');
      await screenshot(results, '14-resultats-projection');

      const president = await newPage(browser, 1600, 1000);
      await signIn(president, f.station.url, 'president', 'BUREAU');
      expect(president.url()).toMatch(/#\/president$/);
      await president.getByRole('checkbox', { name: /Sélectionner la lecture/ }).first().waitFor();
      await capture(president, '15-president-doubles-votes');
      await president.getByRole('checkbox', { name: /Sélectionner la lecture/ }).first().check();
      await president.getByRole('button', { name: /Confirmer la sélection \(1\)/ }).click();
      await president.getByText('1 double vote confirmé.').waitFor();
      await president.getByText('Aucun double vote en attente.').waitFor();
      await president.getByRole('tab', { name: 'Plis mis à part' }).click();
      await president.getByText(/Déjà émargé : 1/).waitFor();
      await capture(president, '16-president-mis-a-part');
      await president.getByRole('tab', { name: 'Révision' }).click();
      await capture(president, '17-president-revision');
      await president.getByRole('tab', { name: 'Incidents' }).click();
      await president.getByLabel('Description').fill('Douchette du poste 2 remplacée à 14 h 10.');
      await president.getByRole('button', { name: 'Consigner' }).click();
      await president.getByText(/consigné au procès-verbal/).waitFor();
      await capture(president, '18-president-incidents');
      await president.goto(f.station.url + '/#/depouillement');
      await president.getByText(/Le dépouillement n’est pas ouvert/).waitFor();
      await president.getByRole('button', { name: 'Ouvrir le dépouillement' }).waitFor();
      await capture(president, '19-depouillement');
      const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM decision WHERE kind = 'CONFIRM'");
      expect(rows[0]!.n).toBe(1);
      await president.context().close();
      await results.context().close();
    }, 120_000);
  });
});
