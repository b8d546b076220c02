import { mkdtempSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bwipjs from 'bwip-js';
import { decodeGray, decodePixels } from './decode.js';
import { damageClasses, envelopeImage, grayToPng, pngToPixels } from './envelopes.js';
import { FolderScanner } from './node-folder.js';
import type { ScannerRead } from '@scrutin/domain/scanner.js';

describe('image decoding', () => {
  it('reads a bare bwip-js PNG of each symbology', async () => {
    for (const bcid of ['code128', 'datamatrix'] as const) {
      const png = await bwipjs.toBuffer({ bcid, text: 'CCIPARIS-0001234-7KQ3MX2A', scale: 3 });
      expect(decodePixels(pngToPixels(png))).toMatchObject({ text: 'CCIPARIS-0001234-7KQ3MX2A', symbology: bcid });
    }
  });

  test.each(damageClasses)('reads envelopes of class %s (Code 128 and DataMatrix)', async (damage) => {
    let read = 0;
    const total = 2;
    for (let i = 0; i < total; i++) {
      const symbology = i % 2 === 0 ? 'code128' : 'datamatrix';
      const text = `CCIPARIS-${String(2000 + i).padStart(7, '0')}-7KQ3MX2A`;
      const image = await envelopeImage({ text, symbology, damage, seed: 100 + i });
      const result = decodeGray(image);
      if (result) expect(result.text).toBe(text); // never a wrong text
      if (result?.text === text) read++;
    }
    // Measured rates are in bench/RESULTS.md; here, at least most of a small sample.
    // Rotated and noisy rates are below 1 (see bench/RESULTS.md): there only a wrong text fails the test.
    if (damage !== 'noisy' && damage !== 'rotated') expect(read).toBe(total);
  }, 120_000);

  it('watches a folder: decodes new images and files them away', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'scrutin-folder-'));
    const scanner = new FolderScanner({ folder, pollMs: 50 });
    const reads: ScannerRead[] = [];
    const errors: string[] = [];
    scanner.on('read', (r) => reads.push(r));
    scanner.on('error', (e) => errors.push(e.message));
    try {
      await scanner.start();
      writeFileSync(join(folder, 'a.png'), grayToPng(await envelopeImage({ text: 'CCIPARIS-0000001-AAAAAAAA', symbology: 'datamatrix', damage: 'clean', seed: 1 })));
      writeFileSync(join(folder, 'b.png'), grayToPng({ data: new Uint8ClampedArray(100 * 100).fill(255), width: 100, height: 100 }));
      for (let i = 0; i < 100 && reads.length + errors.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      await scanner.stop();
      expect(reads.map((r) => [r.text, r.symbology])).toEqual([['CCIPARIS-0000001-AAAAAAAA', 'datamatrix']]);
      expect(errors[0]).toMatch(/b.png : aucun code-barres trouvé/);
      expect(readdirSync(join(folder, 'lus'))).toEqual(['a.png']);
      expect(readdirSync(join(folder, 'illisibles'))).toEqual(['b.png']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
