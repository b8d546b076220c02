/**
 * Decode benchmark: the same generated envelope images (about 1 megapixel, Code 128 and DataMatrix,
 * one set per damage class) through Scrutin's decoder and through zbarimg (Debian zbar-tools),
 * in the same run. zbar reads no DataMatrix, so its DataMatrix rate is 0 by construction.
 * Usage: npx tsx bench/decode/run.ts [--per-class 500] [--dir /tmp/scrutin-decode-bench]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { decodePixels } from '@scrutin/scanner-drivers';
import { damageClasses, envelopeImage, grayToPng, pngToPixels } from '@scrutin/scanner-drivers/image/envelopes.js';
import { quantile } from '../quantile.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const perClass = Number(flag('--per-class', '500'));
const dir = flag('--dir', join(tmpdir(), `scrutin-decode-bench-${perClass}`));
mkdirSync(dir, { recursive: true });

const round = (x: number): number => Math.round(x * 100) / 100;

type Tally = { n: number; ok: number; times: number[] };
const empty = (): Tally => ({ n: 0, ok: 0, times: [] });
const summary = (t: Tally) => {
  const times = [...t.times].sort((a, b) => a - b);
  return { images: t.n, decodeRate: round(t.ok / t.n), medianMs: round(quantile(times, 0.5)), p99Ms: round(quantile(times, 0.99)) };
};

const results: Record<string, { scrutin: Tally; zbarimg: Tally; bySymbology: Record<string, { scrutin: Tally; zbarimg: Tally }> }> = {};
const started = Date.now();
const pngTimes: number[] = [];
for (const damage of damageClasses) {
  const entry = (results[damage] = { scrutin: empty(), zbarimg: empty(), bySymbology: { code128: { scrutin: empty(), zbarimg: empty() }, datamatrix: { scrutin: empty(), zbarimg: empty() } } });
  for (let i = 0; i < perClass; i++) {
    const symbology = i % 2 === 0 ? 'code128' : 'datamatrix';
    const text = `CCIPARIS-${String(100000 + i).padStart(7, '0')}-${(i * 7919).toString(36).toUpperCase().padStart(8, 'X')}`;
    const file = join(dir, `${damage}-${String(i).padStart(4, '0')}-${symbology}.png`);
    if (!existsSync(file)) writeFileSync(file, grayToPng(await envelopeImage({ text, symbology, damage, seed: 1 + i + 10_000 * damageClasses.indexOf(damage) })));
    const png = readFileSync(file);

    // Scrutin: the decoder's time on pixels (what a camera frame costs); PNG parsing by pngjs is reported apart.
    const tp = performance.now();
    const pixels = pngToPixels(png);
    pngTimes.push(performance.now() - tp);
    const t0 = performance.now();
    const read = decodePixels(pixels);
    const ours = performance.now() - t0;
    const ourOk = read?.text === text;

    // zbarimg: one process per image (its real use); the time includes process start.
    const t1 = performance.now();
    const z = spawnSync('/usr/bin/zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' });
    const theirs = performance.now() - t1;
    const zOk = z.stdout.split('\n').map((l) => l.trim()).includes(text);

    for (const tally of [entry.scrutin, entry.bySymbology[symbology]!.scrutin]) {
      tally.n++;
      tally.ok += ourOk ? 1 : 0;
      tally.times.push(ours);
    }
    for (const tally of [entry.zbarimg, entry.bySymbology[symbology]!.zbarimg]) {
      tally.n++;
      tally.ok += zOk ? 1 : 0;
      tally.times.push(theirs);
    }
  }
  process.stderr.write(`${damage}: ${JSON.stringify(summary(entry.scrutin))} zbarimg ${JSON.stringify(summary(entry.zbarimg))}\n`);
}

const zbarVersion = execFileSync('/usr/bin/zbarimg', ['--version'], { encoding: 'utf8' }).trim();
const classes = Object.fromEntries(
  Object.entries(results).map(([damage, r]) => {
    const scrutin = summary(r.scrutin);
    const zbarimg = summary(r.zbarimg);
    return [
      damage,
      {
        scrutin,
        zbarimg,
        rateRatio: zbarimg.decodeRate > 0 ? round(scrutin.decodeRate / zbarimg.decodeRate) : null,
        medianSpeedup: round(zbarimg.medianMs / scrutin.medianMs),
        bySymbology: Object.fromEntries(Object.entries(r.bySymbology).map(([s, t]) => [s, { scrutin: summary(t.scrutin), zbarimg: summary(t.zbarimg) }])),
      },
    ];
  }),
);
console.log(
  JSON.stringify({
    benchmark: 'decode',
    imagesPerClass: perClass,
    imageSize: '1224x816 (1.0 MP), grey PNG',
    baseline: `zbarimg ${zbarVersion}, one process per image (time includes process start and PNG reading)`,
    scrutinTimeCovers: 'decodePixels on RGBA pixels (locate, zxing passes); PNG parsing apart below',
    pngParseMs: { median: round(quantile([...pngTimes].sort((a, b) => a - b), 0.5)), p99: round(quantile([...pngTimes].sort((a, b) => a - b), 0.99)) },
    classes,
    targets: {
      rateAtLeastZbarimgEveryClass: Object.values(classes).every((c) => c.scrutin.decodeRate >= c.zbarimg.decodeRate),
      medianUnder15msEveryClass: Object.values(classes).every((c) => c.scrutin.medianMs < 15),
    },
    seconds: Math.round((Date.now() - started) / 1000),
  }),
);
