import { build } from 'esbuild';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Chromium, real key events (CDP Input.dispatchKeyEvent through playwright), the module bundled by esbuild. */
describe('BrowserWedgeScanner in headless Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const bundle = await build({
      stdin: {
        contents: `import { BrowserWedgeScanner } from './browser-wedge.js';
          window.reads = [];
          window.notices = [];
          window.keysSeenByPage = 0;
          document.getElementById('field').addEventListener('keydown', () => window.keysSeenByPage++);
          // A wider gap than the default 35 ms: a CI machine under load can stall the page that long in the
          // middle of a burst; the gap's own rule is property-tested on the pure state machine.
          const scanner = new BrowserWedgeScanner(window, { maxGapMs: 120 });
          scanner.on('read', (r) => {
            window.reads.push(r.text);
            if (r.notice) window.notices.push(r.notice);
          });
          scanner.start();`,
        resolveDir: __dirname,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    page = await browser.newPage();
    await page.setContent(`<html><body><input id="field"><input id="other"><script>${bundle.outputFiles[0]!.text}</script></body></html>`);
  }, 60_000);

  afterAll(() => browser?.close());

  async function typeKeys(keys: string[], delayMs: number): Promise<void> {
    for (const key of keys) {
      await page.keyboard.press(key);
      await page.waitForTimeout(delayMs);
    }
  }

  /** A scanner burst: the key events are queued at once, so they reach the page a few ms apart like a real scanner's. */
  async function scannerBurst(text: string): Promise<void> {
    await Promise.all([...text, 'Enter'].map((key) => page.keyboard.press(key)));
  }

  it('reads a burst typed while an input is focused and leaks nothing into it, while a person still types', async () => {
    await page.focus('#field');
    await typeKeys([...'AB'], 400); // a person
    await scannerBurst('CCIPARIS-0001234-7KQ3MX2A');
    await typeKeys([...'cd'], 400);
    await page.waitForTimeout(250);
    expect(await page.evaluate(() => (window as unknown as { reads: string[] }).reads)).toEqual(['CCIPARIS-0001234-7KQ3MX2A']);
    expect(await page.inputValue('#field')).toBe('ABcd');
    expect(await page.inputValue('#other')).toBe('');
    // No printable keydown reaches the page's own listeners: scanner keys are swallowed, a person's keys
    // are held then given to the field as text (the documented price of never leaking a scanner key).
    expect(await page.evaluate(() => (window as unknown as { keysSeenByPage: number }).keysSeenByPage)).toBe(0);
  });

  /**
   * A scanner set up for a US keyboard on an AZERTY station, as Chromium gets it from the OS: the US
   * physical key (`code`) with the character the AZERTY layout gives it (`key`), e.g. Digit2 → é.
   */
  async function usScannerOnAzerty(cdp: CDPSession, text: string): Promise<void> {
    const azerty: Record<string, string> = { '2': 'é', '6': '-', '-': ')', '0': 'à', '1': '&', '8': '_', '5': '(', Z: 'W', W: 'Z', A: 'Q', Q: 'A', ']': '$' };
    const keys = [...text].map((c) => {
      const code = /\d/.test(c) ? `Digit${c}` : c === '-' ? 'Minus' : c === ']' ? 'BracketRight' : `Key${c.toUpperCase()}`;
      const shift = /[A-Z]/.test(c);
      const key = azerty[c] ?? c;
      return { code, key, shift };
    });
    // queued at once, so that they reach the page a few ms apart like a real scanner's
    await Promise.all([
      ...keys.flatMap(({ code, key, shift }) => [
        cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, text: key, unmodifiedText: key, modifiers: shift ? 8 : 0 }),
        cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, modifiers: shift ? 8 : 0 }),
      ]),
      cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 }),
      cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 }),
    ]);
  }

  it('reads a US-layout scanner on an AZERTY station from the physical keys, strips its AIM identifier, tells the agent, leaks nothing', async () => {
    const cdp = await page.context().newCDPSession(page);
    await page.fill('#field', '');
    await page.focus('#field');
    await page.evaluate(() => {
      (window as unknown as { reads: string[] }).reads = [];
    });
    await usScannerOnAzerty(cdp, ']C0CCIGO26-0000001-BZ85ZFFZ');
    await page.waitForTimeout(250);
    expect(await page.evaluate(() => (window as unknown as { reads: string[] }).reads)).toEqual(['CCIGO26-0000001-BZ85ZFFZ']);
    expect(await page.evaluate(() => (window as unknown as { notices: string[] }).notices)).toEqual([expect.stringMatching(/^Le lecteur de codes-barres est réglé pour un clavier américain \(QWERTY\)/)]);
    expect(await page.inputValue('#field')).toBe('');
    await cdp.detach();
  });

  it('works with nothing focused', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await scannerBurst('CCILYON-0000001-ABCDEFGH');
    await page.waitForTimeout(250);
    expect(await page.evaluate(() => (window as unknown as { reads: string[] }).reads)).toContain('CCILYON-0000001-ABCDEFGH');
  });
});
