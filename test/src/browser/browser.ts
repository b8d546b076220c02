import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT, PASSWORD } from '../station-fixture.js';

export const SCREENSHOTS = join(REPO_ROOT, 'test-artifacts', 'screenshots');

/** Debian's Chromium, headless, with the flags of common.md; sounds may play without a click. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      // The browser's own controls (file picker button) in French, as on the commission's machines.
      '--lang=fr-FR',
    ],
  });
}

/** Uncaught errors of every page: a test asserts this stays empty. */
export const pageErrors: string[] = [];

export async function newPage(browser: Browser, width = 1920, height = 1080): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/**
 * Text the agent cannot read in full: a text cut by an ellipsis, a line clamp, or a box with overflow hidden
 * or clip around it (the element itself or any ancestor). Measured from the text's own boxes, so a badge
 * spilling out of its table cell counts too. Text hidden on purpose for screen readers (.visually-hidden) is
 * skipped; a scrolling box (overflow auto) is not a cut. Returns one line per cut text, empty when all is whole.
 */
export function cutTexts(page: Page, root = 'main'): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const found = [];
    const say = (el, why) => found.push('« ' + el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60) + ' » (' + el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).replace(/ /g, '.') : '') + ') : ' + why);
    const clips = (value) => value === 'hidden' || value === 'clip';
    const walker = document.createTreeWalker(document.querySelector(${JSON.stringify(root)}), NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el || seen.has(el)) continue;
      if (!el.checkVisibility({ visibilityProperty: true }) || el.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      for (let box = el; box && box !== document.body; box = box.parentElement) {
        const style = getComputedStyle(box);
        const clipX = clips(style.overflowX), clipY = clips(style.overflowY);
        if (box === el && (style.textOverflow === 'ellipsis' || clipX || clipY) && (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1)) {
          say(el, 'contenu ' + box.scrollWidth + '×' + box.scrollHeight + ' px dans ' + box.clientWidth + '×' + box.clientHeight + ' px');
          seen.add(el);
          break;
        }
        if (!clipX && !clipY) continue;
        const b = box.getBoundingClientRect();
        const left = b.left + box.clientLeft, top = b.top + box.clientTop;
        const out = rects.find((r) => (clipX && (r.left < left - 1 || r.right > left + box.clientWidth + 1)) || (clipY && (r.top < top - 1 || r.bottom > top + box.clientHeight + 1)));
        if (out) {
          say(el, 'coupé par ' + box.tagName.toLowerCase() + '.' + String(box.className).replace(/ /g, '.') + ' (texte de ' + Math.round(out.left) + ',' + Math.round(out.top) + ' à ' + Math.round(out.right) + ',' + Math.round(out.bottom) + ', boîte de ' + Math.round(left) + ',' + Math.round(top) + ' à ' + Math.round(left + box.clientWidth) + ',' + Math.round(top + box.clientHeight) + ')');
          seen.add(el);
          break;
        }
      }
    }
    return found;
  })()`);
}

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe-core in the page; returns the serious and critical violations (WCAG 2.1 A/AA and best practices). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Browser-side code is passed as text: the test workspace compiles without the DOM types.
  const loaded = await page.evaluate<boolean>("typeof window.axe !== 'undefined'");
  // Evaluated through the DevTools protocol: the station's CSP (rightly) refuses an injected <script>.
  if (!loaded) await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate<AxeViolation[]>(`(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  })()`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Screenshot plus accessibility check: every screen of the journey goes through here. */
export async function capture(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await seriousViolations(page);
  if (violations.length > 0) throw new Error(`axe sur « ${name} » : ${JSON.stringify(violations, null, 1)}`);
}

/**
 * Signs in through the login form, with the keyboard only. The form and the signed-in header are awaited
 * up to SIGN_IN_WAIT_MS: in CI the README's walk-throughs build and start servers beside the browser tests,
 * and a first page then took more than playwright's 30 s default to paint (a slow machine, not a slow screen:
 * the screens' own speed is recorded in bench/RESULTS.md « dashboard »).
 */
const SIGN_IN_WAIT_MS = 90_000;
export async function signIn(page: Page, baseUrl: string, login: string, stationId = 'web', hash = ''): Promise<void> {
  await page.goto(baseUrl + '/' + hash);
  await page.getByLabel('Identifiant').waitFor({ timeout: SIGN_IN_WAIT_MS });
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByLabel('Poste de travail').fill(stationId);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor({ timeout: SIGN_IN_WAIT_MS });
}

/** A keyboard-wedge scanner: the code typed in a fast burst ending with Enter, no field focused. */
export async function wedgeScan(page: Page, barcode: string): Promise<void> {
  await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
  await page.keyboard.type(barcode, { delay: 4 });
  await page.keyboard.press('Enter');
}

/**
 * A scanner set up for a US keyboard on an AZERTY station: the physical keys of the code (event.code, as a
 * US layout places them) with the characters AZERTY gives for them (event.key), `2` arriving as `é`.
 * Dispatched in the page: playwright's keyboard only types with a US layout.
 */
export async function azertyWedgeScan(page: Page, barcode: string): Promise<void> {
  const keys = [...barcode].map((c) => {
    if (/[0-9]/.test(c)) return { code: 'Digit' + c, key: '&é"\'(-è_çà'['1234567890'.indexOf(c)]!, shift: false };
    if (c === '-') return { code: 'Minus', key: ')', shift: false };
    const code = 'Key' + c.toUpperCase();
    const moved: Record<string, string> = { KeyQ: 'a', KeyW: 'z', KeyA: 'q', KeyZ: 'w', KeyM: ',' };
    const upper = c !== c.toLowerCase();
    const key = moved[code] ?? c.toLowerCase();
    return { code, key: upper ? (key === ',' ? '?' : key.toUpperCase()) : key, shift: upper };
  });
  keys.push({ code: 'Enter', key: 'Enter', shift: false });
  await page.evaluate(`(() => {
    document.activeElement && document.activeElement.blur && document.activeElement.blur();
    for (const k of ${JSON.stringify(keys)}) window.dispatchEvent(new KeyboardEvent('keydown', { key: k.key, code: k.code, shiftKey: k.shift, bubbles: true, cancelable: true }));
  })()`);
}

/**
 * Polls an expression in the page until it is truthy. Playwright's waitForFunction compiles its
 * text inside the page, which the station's CSP (no unsafe-eval) refuses; evaluate() does not.
 * Every 10 ms at first, then less often, up to every 100 ms: a wait of 40 s for a closing time made
 * 4,000 round trips to the browser, CPU that the tests beside it were waiting for.
 */
export async function waitForValue<T>(page: Page, expression: string, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(100, delay * 1.25)) {
    const value = await page.evaluate<T>(expression);
    if (value) return value;
    if (Date.now() > until) throw new Error(`délai dépassé en attendant ${expression}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}
