import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { stationManifest } from '@scrutin/station/counting/unseal.js';
import { expectedFor, makeUrnLines, testCeremony, type ExpectedUrn, type TestCeremony } from '@scrutin/station/testing';
import { loadUrnBases } from '@scrutin/station/results/results.js';
import type { UrnBase } from '@scrutin/contract/results-types.js';
import { createTestDatabase, type TestDatabase } from '../databases.js';
import { expectOk } from '../counting-flow.js';
import { createTestUser, REPO_ROOT, setUpElection, startFixture, type Fixture } from '../station-fixture.js';
import { capture, launchBrowser, newPage, pageErrors, signIn } from './browser.js';

type ShownUrn = { caption: string; rows: [string, string][] };

const json = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });

/** Signs a key holder in and opens « Descellement » with its keyboard shortcut. */
async function openUnsealing(browser: Browser, url: string, login: string): Promise<Page> {
  const page = await newPage(browser, 1600, 1000);
  await signIn(page, url, login, 'BUREAU');
  // A key holder lands on « Descellement », the screen of the role, not on « Résultats ».
  expect(page.url()).toMatch(/#\/descellement$/);
  await page.keyboard.press('Alt+7');
  await page.getByRole('heading', { name: 'Descellement de l’urne électronique' }).waitFor();
  return page;
}

async function bringShare(page: Page, ceremony: TestCeremony, holder: number, passphrase: string): Promise<void> {
  await page.getByLabel('Fichier de part de clé').setInputFiles(json(`part-${holder}.vault.json`, ceremony.vaults[holder - 1]));
  await page.getByLabel('Phrase secrète').fill(passphrase);
  await page.getByRole('button', { name: 'Apporter ma part' }).click();
}

// PGlite only: the unsealing API on both databases is covered by test/src/unseal.test.ts.
describe('unsealing screen in headless Chromium (art. 12, invariant 7)', () => {
  let browser: Browser;
  let t: TestDatabase;
  let f: Fixture;
  let ceremony: TestCeremony;
  let bases: UrnBase[];
  let expected: ExpectedUrn[];
  let urnText: string;
  let holders: Page[];

  beforeAll(async () => {
    readFileSync(join(REPO_ROOT, 'dashboard', 'dist', 'index.html'));
    browser = await launchBrowser();
    t = await createTestDatabase('pglite');
    f = await startFixture(t.db);
    await createTestUser(t.db, 'cle2', ['key_holder']);
    // Enough electronic votes that some urn holds five ballots or more: the known distribution then has blanks.
    await setUpElection(f, { voters: 40, until: 'EMARGEMENT_LOADED', electronic: Array.from({ length: 30 }, (_, i) => i + 1) });
    await expectOk((await f.client('president')).post('/api/election/transition', { to: 'COUNTING' }), 'dépouillement');
    ceremony = testCeremony(f.definition.code);
    bases = await loadUrnBases(t.db);
    const perUrn = Object.fromEntries(bases.map((b) => [b.id, b.electronicVoters]));
    const manifest = stationManifest(f.definition.code, bases);
    expected = expectedFor(manifest, perUrn);
    urnText = makeUrnLines(manifest, ceremony.key, perUrn, f.platformKey).join('\n') + '\n';
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await f?.station.close();
    await t?.drop();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  test('the expected tally has ballots in several urns, blanks and several marks (so the comparison can fail)', () => {
    expect(expected.filter((u) => u.ballots > 0).length).toBeGreaterThanOrEqual(2);
    expect(expected.some((u) => u.blank > 0)).toBe(true);
    expect(expected.some((u) => u.votes.reduce((a, b) => a + b, 0) > u.ballots - u.blank)).toBe(true);
  });

  test('a key holder runs the public integrity check of the urn from the page, which loads it', async () => {
    const page = await openUnsealing(browser, f.station.url, 'cle1');
    await page.getByText('Aucune urne chargée').first().waitFor();
    await page.getByLabel('Fichier d’urne (JSON Lines)').setInputFiles({ name: 'urne.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(urnText) });
    await page.getByText('urne.jsonl').waitFor();
    await capture(page, '36-descellement-charger-urne');
    await page.getByRole('button', { name: 'Contrôler et charger' }).click();
    await page.getByText(/Urne intègre : sceau et signature de la plateforme/).waitFor();
    await page.getByText('En attente des détenteurs de clé').waitFor();
    const integrity = page.locator('section[aria-labelledby="unseal-integrity"]');
    const ballots = expected.reduce((n, u) => n + u.ballots, 0);
    await expect(integrity.locator('dt:has-text("Bulletins") + dd').innerText()).resolves.toBe(String(ballots));
    // One row per urn of the station, each with as many ballots as electronic emargements (invariant 5).
    const rows = await integrity.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')));
    expect(rows).toEqual(bases.map((b) => [b.label, String(b.electronicVoters), `${b.electronicVoters} ✔`]));
    await capture(page, '37-descellement-urne-controlee');
    holders = [page];
  }, 120_000);

  test('the first holder brings a share file and passphrase; no result exists with one share', async () => {
    const [page] = holders as [Page];
    await bringShare(page, ceremony, 1, ceremony.passphrases[0]!);
    await page.getByText(/Votre part est apportée. Le second détenteur doit se connecter/).waitFor();
    await page.getByRole('heading', { name: 'Détenteurs : 1 sur 2' }).waitFor();
    await expect(page.getByRole('progressbar', { name: 'Parts apportées' }).getAttribute('aria-valuenow')).resolves.toBe('1');
    await expect(page.locator('section[aria-labelledby="unseal-tally"]').count()).resolves.toBe(0);
  }, 60_000);

  test('a wrong passphrase is refused in French, records nothing and leaves no passphrase in the form', async () => {
    const page = await openUnsealing(browser, f.station.url, 'cle2');
    holders.push(page);
    await bringShare(page, ceremony, 2, 'pas la bonne phrase secrète');
    await page.getByRole('alert').filter({ hasText: 'Phrase secrète incorrecte ou part altérée' }).waitFor();
    await expect(page.getByLabel('Phrase secrète').inputValue()).resolves.toBe('');
    await page.getByRole('heading', { name: 'Détenteurs : 1 sur 2' }).waitFor();
    // The share file is to be chosen again too: the field says so, not the name of the file sent.
    await page.getByText('Aucun fichier choisi').waitFor();
    await page.evaluate("document.getElementById('unseal-contribute').scrollIntoView({ block: 'start' })");
    await capture(page, '38-descellement-phrase-incorrecte');
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM journal WHERE action = 'unseal.partial'");
    expect(rows[0]!.n).toBe(1);
  }, 60_000);

  test('the second holder’s share unseals the urn: the combined tally per urn is the expected one', async () => {
    const page = holders[1]!;
    await bringShare(page, ceremony, 2, ceremony.passphrases[1]!);
    await page.getByRole('heading', { name: 'Dépouillement électronique (détenteurs 1 et 2)' }).waitFor();
    await page.getByText('Descellement terminé').waitFor();
    const shown = await page
      .locator('section[aria-labelledby="unseal-tally"] table')
      .evaluateAll((tables) =>
        tables.map((table) => ({
          caption: table.querySelector('caption')?.innerText ?? '',
          rows: Array.from(table.querySelectorAll('tbody tr'), (tr) => [tr.children[0]?.textContent ?? '', tr.children[1]?.textContent ?? ''] as [string, string]),
        })),
      );
    const wanted: ShownUrn[] = expected.map((e) => {
      const base = bases.find((b) => b.id === e.urnId)!;
      return {
        caption: `${base.label}\n${e.ballots} bulletin${e.ballots > 1 ? 's' : ''} dont ${e.blank} blanc${e.blank > 1 ? 's' : ''}`,
        rows: base.candidates.map((c, i) => [`${c.lastName} ${c.firstNames}`, String(e.votes[i])]),
      };
    });
    expect(shown).toEqual(wanted);
    await page.evaluate('window.scrollTo(0, 0)');
    await capture(page, '39-descellement-resultat');
    // The first holder's page shows the same outcome once reloaded.
    await holders[0]!.reload();
    await holders[0]!.getByRole('heading', { name: 'Dépouillement électronique (détenteurs 1 et 2)' }).waitFor();
    for (const p of holders) await p.context().close();
  }, 120_000);
});
