// The library is isomorphic: the same code, bundled for the browser, runs a ceremony, encrypts ballots and
// unseals in headless Chromium; a browser-made urn then passes the Node verifier.
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { join } from 'node:path';
import { checkUrnLines } from './verifier.js';
import type * as EvoteApi from './index.js';

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => browser?.close());

test('ceremony, encryption, check and unsealing run in Chromium; Node accepts the urn it made', async () => {
  const bundle = await build({ entryPoints: [join(__dirname, 'index.ts')], bundle: true, write: false, format: 'iife', globalName: 'evote', platform: 'browser', target: 'es2022' });
  const code = bundle.outputFiles[0]!.text;
  expect(code).not.toMatch(/require\(["']node:/);
  const page = await browser.newPage();
  await page.addScriptTag({ content: code });
  const result = await page.evaluate(() => {
    const e = (globalThis as unknown as { evote: typeof EvoteApi }).evote;
    const manifest = { electionCode: 'CCI-NAV', urns: [{ id: 'U1', label: 'Urne 1', seats: 2, candidates: ['A', 'B', 'C'] }] };
    const ceremony = e.openCeremony('CCI-NAV', new Date());
    const transports = [1, 2, 3].map(() => e.newTransportKey());
    const toB64 = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const registrations = [1, 2, 3].map((h) => ({ format: 'scrutin-ceremony-registration/1' as const, ceremonyId: ceremony.ceremonyId, holder: h, name: `D${h}`, transportPublicKey: toB64(transports[h - 1]!.publicKey) }));
    const contributions = [1, 2, 3].map((h) => { const c = e.createContribution(ceremony, h, registrations); if (!c.ok) throw new Error(c.error); return c.value; });
    const finals = [1, 2, 3].map((h) => { const f = e.finalizeHolder(ceremony, h, transports[h - 1]!.secretKey, contributions); if (!f.ok) throw new Error(f.error); return f.value; });
    const key = e.buildElectionKey(ceremony, contributions, finals.map((f) => f.finalization));
    if (!key.ok) throw new Error(key.error);
    const platform = e.generatePlatformKey();
    const header = e.makeHeader(manifest, key.value, platform.publicKey);
    const ctx = { publicKey: e.decodePoint(key.value.publicKey), manifestFingerprint: header.manifestFingerprint, urn: manifest.urns[0]! };
    const choices = [[0], [0, 2], [], [1, 2], [0, 1]];
    const ballots = choices.map((m) => { const b = e.encryptBallot(ctx, m); if (!b.ok) throw new Error(b.error.message); return b.value; });
    const lines = e.sealUrn(header, ballots, new Date('2026-11-25T18:00:00Z'), platform.secretKey);
    const checked = e.checkUrnLines(lines);
    if (!checked.ok) throw new Error(checked.error);
    const dctx = { electionCode: 'CCI-NAV', manifestFingerprint: header.manifestFingerprint, merkleRoot: checked.value.check.merkleRoot };
    const partials = [2, 3].map((h) => e.partialDecrypt(dctx, h, finals[h - 1]!.share, checked.value.check.aggregates));
    const tally = e.buildElectronicTally(checked.value.verified, checked.value.check, partials);
    if (!tally.ok) throw new Error(tally.error);
    return { lines, urns: tally.value.urns, problems: checked.value.check.problems };
  });
  expect(result.problems).toEqual([]);
  expect(result.urns).toEqual([{ urnId: 'U1', ballots: 5, blank: 1, votes: [3, 2, 2] }]);
  const inNode = checkUrnLines(result.lines);
  expect(inNode.ok && inNode.value.check.valid).toBe(true);
});
