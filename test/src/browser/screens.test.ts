import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { formatInstant } from '@scrutin/basics/calendar.js';
import { createTestDatabase, type TestDatabase } from '../databases.js';
import { countEverything, expectOk, loadTally } from '../counting-flow.js';
import { exampleDefinition, newRequestId, REPO_ROOT, setUpElection, startFixture, TEST_USERS, type Fixture } from '../station-fixture.js';
import { azertyWedgeScan, capture, cutTexts, launchBrowser, newPage, pageErrors, screenshot, signIn, waitForValue, wedgeScan } from './browser.js';

const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/**
 * What does not fit the window: a page wider than the viewport, a link or button of the header or the
 * screen reaching past its edge, a table header cut inside its cell. Browser-side code is text: the
 * test workspace compiles without the DOM types.
 */
const OVERFLOWS = `(() => {
  const width = window.innerWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    // Name the innermost elements that reach past the edge: that is where the fix goes.
    const past = (e) => e.getBoundingClientRect().right > width + 0.5;
    const culprits = [...document.querySelectorAll('body *')].filter((e) => past(e) && ![...e.children].some(past)).slice(0, 3);
    found.push('page de ' + document.documentElement.scrollWidth + ' px : ' + culprits.map((e) => e.tagName.toLowerCase() + '.' + e.className + ' « ' + e.textContent.trim().slice(0, 30) + ' »').join(', '));
  }
  for (const el of document.querySelectorAll('header a, header button, main a, main button, main input, main select')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.skip, .visually-hidden')) continue;
    if (r.left < -0.5 || r.right > width + 0.5) found.push('« ' + (el.textContent || el.getAttribute('aria-label') || el.id).trim().slice(0, 40) + ' » de ' + Math.round(r.left) + ' à ' + Math.round(r.right) + ' px');
  }
  for (const th of document.querySelectorAll('th')) {
    if (th.getBoundingClientRect().width > 0 && th.scrollWidth > th.clientWidth + 1) found.push('en-tête « ' + th.textContent.trim() + ' » coupé (' + th.scrollWidth + ' > ' + th.clientWidth + ')');
  }
  return found;
})()`;

async function settle(page: Page): Promise<void> {
  // The screens read the station after rendering; the SSE stream keeps the network busy, so wait on the page itself.
  await waitForValue(page, `!document.querySelector('main .loading') && document.querySelector('main h1, main h2') !== null`, 10_000);
  await page.waitForTimeout(300);
}

const STATION_OF: Record<string, string> = { numerisation: 'POSTE-01', numerisation2: 'POSTE-02', observateur: 'PROJECTEUR' };

/** An election, its station and database, and each voting right's barcode, for the tests of one describe. */
type ScanningElection = { t: TestDatabase; f: Fixture; barcodes: Map<number, string> };

/**
 * The describe's election, ready for scanning (roll and electronic emargement loaded), with the envelopes of
 * the rights `read` (from…to) already scanned at POSTE-02. Its fields are there once beforeAll has run.
 */
function scanningElection(voters: number, electronic: number[], read: { from: number; to: number; what: string }[]): ScanningElection {
  const e = {} as ScanningElection;
  beforeAll(async () => {
    e.t = await createTestDatabase('pglite');
    e.f = await startFixture(e.t.db);
    await setUpElection(e.f, { voters, until: 'EMARGEMENT_LOADED', electronic });
    const { rows } = await e.t.db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right ORDER BY id');
    e.barcodes = new Map(rows.map((r) => [Number(r.id), r.barcode]));
    const agent = await e.f.client('numerisation2', 'POSTE-02');
    for (const { from, to, what } of read) for (let right = from; right <= to; right++) await expectOk(agent.post('/api/scans', { requestId: newRequestId(), barcode: e.barcodes.get(right)! }), what);
  }, 480_000);
  afterAll(async () => {
    await e.f?.station.close();
    await e.t?.drop();
  });
  return e;
}

describe('screens that fit the room (1366×768 and 1920×1080)', () => {
  let browser: Browser;

  beforeAll(async () => {
    readFileSync(join(REPO_ROOT, 'dashboard', 'dist', 'index.html'));
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  describe('before the close of the vote', () => {
    let t: TestDatabase;
    let f: Fixture;
    beforeAll(async () => {
      t = await createTestDatabase('pglite');
      f = await startFixture(t.db);
      // La Réunion (UTC+4): neither of the suite's process zones (scripts/test.sh) nor Paris, so that a time
      // shown in the browser's zone or under a hard-coded « heure de Paris » cannot pass for the election's.
      f.definition = exampleDefinition({ voteClosesAt: new Date(Date.now() + 40_000).toISOString(), timeZone: 'Indian/Reunion' });
      await setUpElection(f, { voters: 30, until: 'SEALED' });
    }, 180_000);
    afterAll(async () => {
      await f?.station.close();
      await t?.drop();
    });

    test('« Constater la clôture du vote » stays disabled until the closing time, saying when, then enables itself', async () => {
      const page = await newPage(browser, 1366, 768);
      await signIn(page, f.station.url, 'president', 'BUREAU', '#/preparation');
      await page.getByRole('tab', { name: 'Scellement et étapes' }).click();
      const close = page.getByRole('button', { name: 'Constater la clôture du vote' });
      await close.waitFor();
      expect(await close.isDisabled()).toBe(true);
      const closes = formatInstant(f.definition.voteClosesAt, 'Indian/Reunion', { seconds: true });
      expect(closes).toMatch(/ UTC\+4$/);
      await page.getByText(`Le vote se clôt le ${closes} : ce bouton s’active à cette heure.`, { exact: true }).waitFor();
      await capture(page, '40-etapes-avant-cloture-1366');
      const wait = Date.parse(f.definition.voteClosesAt) - Date.now();
      expect(wait).toBeGreaterThan(0);
      await waitForValue(page, `(() => { const b = [...document.querySelectorAll('button')].find((x) => x.textContent.includes('Constater la clôture du vote')); return b && !b.disabled; })()`, wait + 5_000);
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(f.definition.voteClosesAt));
      await close.click();
      await page.getByText('Étape franchie : constater la clôture du vote.').waitFor();
      await page.context().close();
    }, 120_000);
  });

  describe('the scanning screen, read from a distance', () => {
    // Accepted at another station: read again here, each is « déjà émargé ».
    const e = scanningElection(40, [1, 2, 3, 4], [{ from: 11, to: 14, what: 'pli accepté' }]);

    // The newcomer's screens: « A VOTÉ PAR I… », « AUTRE ÉLECT… », a keyboard warning cut mid-word at 1280 px,
    // « 15:20:3… » in the recent reads, a badge spilling into the next column.
    test('no verdict, notice or recent read is cut, at 1024, 1280, 1366 and 1920 px', async () => {
      const agent = await newPage(browser, 1024, 768);
      await signIn(agent, e.f.station.url, 'numerisation', 'POSTE-01');
      await agent.evaluate("localStorage.setItem('scrutin.wedge.maxGapMs', '1500')");
      await agent.reload();
      await agent.getByText('PRÊT').waitFor();
      const cut: Record<string, string[]> = {};
      const check = async (what: string) => {
        const found = await cutTexts(agent);
        if (found.length > 0) cut[what] = found;
      };
      const sizes = [
        { width: 1024, height: 768 },
        { width: 1280, height: 800 },
        { width: 1366, height: 768 },
        { width: 1920, height: 1080 },
      ];
      for (const [i, { width, height }] of sizes.entries()) {
        // The same screen resized: from the second size on, the keyboard warning stays above the other lines.
        await agent.setViewportSize({ width, height });
        const reads: [string, () => Promise<void>][] = [
          ['ACCEPTED', () => wedgeScan(agent, e.barcodes.get(21 + i)!)],
          ['ELECTRONIC_PRIORITY', () => wedgeScan(agent, e.barcodes.get(1 + i)!)],
          ['ALREADY_EMARGED', () => wedgeScan(agent, e.barcodes.get(11 + i)!)],
          ['OTHER_ELECTION', () => wedgeScan(agent, 'AUTRE26-0000001-ABCDEFGH')],
          ['MALFORMED', () => wedgeScan(agent, 'CCIGO26-0000099-XXXXXXXX')],
        ];
        for (const [verdict, read] of reads) {
          const seen = await agent.locator('.recent tbody tr[data-scan-id]').count();
          await read();
          await agent.locator(`section.verdict[data-verdict="${verdict}"]`).waitFor();
          await waitForValue(agent, `document.querySelectorAll('.recent tbody tr[data-scan-id]').length > ${seen} || ${seen} >= 20`);
          await check(`${width}×${height} ${verdict}`);
          if (verdict === 'ELECTRONIC_PRIORITY') await screenshot(agent, `47-numerisation-internet-${width}x${height}`);
        }
        await azertyWedgeScan(agent, e.barcodes.get(31 + i)!);
        await agent.getByRole('alert').filter({ hasText: 'clavier américain' }).waitFor();
        await agent.locator('section.verdict[data-verdict="ACCEPTED"]').waitFor();
        await check(`${width}×${height} avertissement AZERTY`);
        // The longest defect, armed: its line and the keyboard warning together.
        await agent.keyboard.press('Alt+p');
        await agent.getByText('Prochain pli mis à part').waitFor();
        await check(`${width}×${height} défaut armé`);
        await screenshot(agent, `48-numerisation-azerty-defaut-${width}x${height}`);
        await agent.keyboard.press('Escape');
        await agent.getByText('Prochain pli : lecture normale').waitFor();
      }
      expect(cut).toEqual({});
      // A manual entry on a small screen: Alt+M scrolls down to the field; once sent, the verdict is in view.
      await agent.setViewportSize({ width: 1280, height: 800 });
      await agent.keyboard.press('Alt+m');
      await agent.locator('#manual-barcode').fill(e.barcodes.get(36)!);
      await agent.keyboard.press('Enter');
      await agent.locator('section.verdict[data-verdict="ACCEPTED"] .verdict-message').filter({ hasText: 'n° ' }).waitFor();
      const verdictTop = await agent.locator('section.verdict').evaluate((v) => v.getBoundingClientRect().top);
      expect(verdictTop).toBeGreaterThanOrEqual(0);
      await agent.context().close();
    }, 240_000);
  });

  describe('scanning, the president, counting and the projector', () => {
    // 55 envelopes of rights that voted online: more than one page of dual votes.
    const e = scanningElection(
      160,
      Array.from({ length: 60 }, (_, i) => i + 1),
      [
        { from: 1, to: 55, what: 'double vote' },
        { from: 61, to: 75, what: 'pli accepté' },
      ],
    );

    test('the dual-vote list pages by 50 and names each right’s category, not its internal number', async () => {
      const page = await newPage(browser, 1366, 768);
      await signIn(page, e.f.station.url, 'president', 'BUREAU');
      await page.getByRole('heading', { name: /À confirmer : 55 plis fermés/ }).waitFor();
      const rows = page.locator('section[aria-labelledby="dual-title"] tbody tr');
      await expect(rows.count()).resolves.toBe(50);
      await page.getByText('Page 1/2 — lectures 1 à 50 sur 55').waitFor();
      const qualities = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[2]?.textContent ?? ''));
      const names = new Set(e.f.definition.categories.flatMap((c) => c.subcategories.map((s) => `${c.name} — ${s.name}`)));
      expect(qualities.filter((q) => !names.has(q))).toEqual([]);
      await capture(page, '41-president-doubles-votes-page-1-1366');
      await page.getByRole('button', { name: 'Page suivante →' }).click();
      await page.getByText('Page 2/2 — lectures 51 à 55 sur 55').waitFor();
      await expect(rows.count()).resolves.toBe(5);
      await page.context().close();
    }, 120_000);

    test('the scanning screen says « FERMÉ » as soon as counting opens, and again after the proclamation, with no scan refused', async () => {
      const agent = await newPage(browser, 1366, 768);
      await signIn(agent, e.f.station.url, 'numerisation', 'POSTE-01');
      await agent.getByText('PRÊT').waitFor();
      expect(await agent.evaluate<string[]>(OVERFLOWS)).toEqual([]);
      await screenshot(agent, '42-numerisation-pret-1366');

      const president = await e.f.client('president');
      await expectOk(president.post('/api/president/confirm', { batch: { verdict: 'ELECTRONIC_PRIORITY', expectedCount: 55 } }), 'confirmation');
      const opened = Date.now();
      await expectOk(president.post('/api/election/transition', { to: 'COUNTING' }), 'dépouillement');
      await agent.locator('section.verdict[data-verdict="CLOSED"]').waitFor({ timeout: 3000 });
      expect(Date.now() - opened).toBeLessThan(3000);
      await agent.getByText('Numérisation close : Dépouillement').waitFor();
      await expect(agent.getByText('PRÊT').count()).resolves.toBe(0);
      await capture(agent, '43-numerisation-fermee-1366');

      await countEverything(president, [await e.f.client('assesseur'), await e.f.client('assesseur2')]);
      await expectOk(loadTally(e.f, e.t.db, president), 'dépouillement électronique');
      await expectOk(president.post('/api/election/transition', { to: 'RESULTS_PROCLAIMED' }), 'proclamation');
      await agent.getByText('Numérisation close : Résultats proclamés').waitFor({ timeout: 3000 });
      await expect(agent.getByText('PRÊT').count()).resolves.toBe(0);
      const { rows } = await e.t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM scan WHERE station_id = 'POSTE-01'");
      expect(rows[0]!.n).toBe(0);
      await agent.context().close();
    }, 180_000);

    test('the projector at 1920×1080 turns through every urn, page by page, and pauses on Space', async () => {
      const projector = await newPage(browser, 1920, 1080);
      await signIn(projector, e.f.station.url, 'observateur', 'PROJECTEUR', '#/resultats?rotation=600');
      await projector.getByTestId('projector-page').waitFor();
      await projector.keyboard.press('p');
      const urns = (await e.t.db.query<{ id: string }>('SELECT id FROM urn ORDER BY id')).rows.map((r) => r.id);
      expect(urns).toHaveLength(12);
      const pages = Number(await projector.locator('.projector').getAttribute('data-pages'));
      expect(pages).toBeGreaterThan(1);
      // One full turn: every page seen once, each urn on screen whole (inside the 1080 px), the indicator right.
      const seen = new Set<string>();
      const indicators = new Set<string>();
      const start = Date.now();
      while (indicators.size < pages && Date.now() - start < pages * 600 + 4000) {
        const shown = await projector.evaluate<{ page: string; urns: string[]; bottom: number }>(`(() => {
          const urns = [...document.querySelectorAll('.projector-urn')];
          return { page: document.querySelector('[data-testid="projector-page"]').textContent, urns: urns.map((u) => u.dataset.urn), bottom: Math.max(...urns.map((u) => u.getBoundingClientRect().bottom)) };
        })()`);
        if (!indicators.has(shown.page)) {
          indicators.add(shown.page);
          expect(shown.bottom).toBeLessThanOrEqual(1080);
          for (const u of shown.urns) seen.add(u);
          if (indicators.size === 1) await screenshot(projector, '44-projecteur-page-1-1920x1080');
        }
        await projector.waitForTimeout(100);
      }
      expect([...indicators].sort()).toEqual(Array.from({ length: pages }, (_, i) => `page ${i + 1}/${pages}`));
      expect([...seen].sort()).toEqual(urns);
      expect(Date.now() - start).toBeLessThan(pages * 600 + 3000);

      await projector.keyboard.press('Space');
      await projector.getByRole('button', { name: /Reprendre/ }).waitFor();
      const paused = await projector.getByTestId('projector-page').innerText();
      await projector.waitForTimeout(1500);
      await expect(projector.getByTestId('projector-page').innerText()).resolves.toBe(paused);
      await projector.keyboard.press('Space');
      await waitForValue(projector, `document.querySelector('[data-testid="projector-page"]').textContent !== ${JSON.stringify(paused)}`, 3000);
      await projector.context().close();
    }, 120_000);

    test.each(VIEWPORTS)('nothing overflows at $width×$height, on every screen of every account', async ({ width, height }) => {
      const problems: Record<string, string[]> = {};
      for (const { login } of TEST_USERS) {
        const page = await newPage(browser, width, height);
        await signIn(page, e.f.station.url, login, STATION_OF[login] ?? 'BUREAU');
        const screens = await page.locator('header nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
        for (const href of screens) {
          await page.goto(e.f.station.url + '/' + href);
          await settle(page);
          const found = await page.evaluate<string[]>(OVERFLOWS);
          if (found.length > 0) problems[`${login} ${href}`] = found;
          if (login === 'president' && href === '#/president') await screenshot(page, `45-president-${width}x${height}`);
          if (login === 'numerisation') await screenshot(page, `46-numerisation-${width}x${height}`);
        }
        await page.context().close();
      }
      expect(problems).toEqual({});
    }, 480_000);
  });
});
