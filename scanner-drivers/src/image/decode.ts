import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import { normaliseRead } from '@scrutin/domain/read-text.js';
import type { Symbology } from '@scrutin/domain/scanner.js';
import { crop, locateCandidates } from './locate.js';

/**
 * Code 128 and DataMatrix from raw pixels, in Node and in the browser alike (no Node import).
 * The plain zxing pass reads clean and mildly damaged images; the retries are for what a
 * counting room really produces: envelopes held askew under a camera, soft focus, dirt.
 */
export interface Pixels {
  /** RGBA, 4 bytes per pixel (ImageData.data, or a decoded PNG). */
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

export interface Gray {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface Decoded {
  text: string;
  symbology: Symbology;
  /** Which attempt succeeded, for the benchmark and for tuning. */
  attempt: string;
}

export function luminance(pixels: Pixels): Gray {
  const { data, width, height } = pixels;
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    // Alpha-blend on white: a transparent PNG background is paper, not ink.
    const a = data[p + 3]!;
    const y = (data[p]! * 77 + data[p + 1]! * 150 + data[p + 2]! * 29) >> 8;
    out[i] = a === 255 ? y : 255 - (((255 - y) * a) >> 8);
  }
  return { data: out, width, height };
}

function makeReader(tryHarder: boolean): MultiFormatReader {
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128, BarcodeFormat.DATA_MATRIX]]]);
  if (tryHarder) hints.set(DecodeHintType.TRY_HARDER, true);
  reader.setHints(hints);
  return reader;
}
// A quick pass (a few rows) reads most clean envelopes; TRY_HARDER (every few rows) only when it fails.
const quickReader = makeReader(false);
const hardReader = makeReader(true);

function tryDecode(gray: Gray, reader = hardReader): { text: string; symbology: Symbology } | undefined {
  try {
    const source = new RGBLuminanceSource(gray.data, gray.width, gray.height);
    const result = reader.decodeWithState(new BinaryBitmap(new HybridBinarizer(source)));
    const format = result.getBarcodeFormat();
    return { text: normaliseRead(result.getText()), symbology: format === BarcodeFormat.DATA_MATRIX ? 'datamatrix' : format === BarcodeFormat.CODE_128 ? 'code128' : 'unknown' };
  } catch {
    return undefined;
  }
}

/** Halves the image by 2×2 averaging: smooths salt-and-pepper noise and makes later passes 4× cheaper. */
export function halve(gray: Gray): Gray {
  const width = gray.width >> 1;
  const height = gray.height >> 1;
  const out = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    const r0 = 2 * y * gray.width;
    const r1 = r0 + gray.width;
    for (let x = 0; x < width; x++) {
      const c = 2 * x;
      out[y * width + x] = (gray.data[r0 + c]! + gray.data[r0 + c + 1]! + gray.data[r1 + c]! + gray.data[r1 + c + 1]! + 2) >> 2;
    }
  }
  return { data: out, width, height };
}

export function pad(gray: Gray, margin: number): Gray {
  const width = gray.width + 2 * margin;
  const height = gray.height + 2 * margin;
  const out = new Uint8ClampedArray(width * height).fill(255);
  for (let y = 0; y < gray.height; y++) out.set(gray.data.subarray(y * gray.width, (y + 1) * gray.width), (y + margin) * width + margin);
  return { data: out, width, height };
}

/** 3×3 median: removes isolated specks without blurring bar edges. */
export function median3(gray: Gray): Gray {
  const { width, height, data } = gray;
  const out = new Uint8ClampedArray(data);
  const w = new Array<number>(9);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      let k = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) w[k++] = data[(y + dy) * width + x + dx]!;
      w.sort((a, b) => a - b);
      out[y * width + x] = w[4]!;
    }
  }
  return { data: out, width, height };
}

/**
 * Dominant edge orientation in degrees (−90..90], from the doubled-angle average of gradients:
 * for a 1-D code, the direction across the bars. Computed on a coarse grid to stay cheap.
 */
export function dominantAngle(gray: Gray, step = 2): number {
  const { width, height, data } = gray;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let y = 1; y < height - 1; y += step) {
    for (let x = 1; x < width - 1; x += step) {
      const i = y * width + x;
      const gx = data[i + 1]! - data[i - 1]!;
      const gy = data[i + width]! - data[i - width]!;
      sxx += gx * gx;
      syy += gy * gy;
      sxy += gx * gy;
    }
  }
  return (0.5 * Math.atan2(2 * sxy, sxx - syy) * 180) / Math.PI;
}

/** Rotates by `degrees` about the centre into a canvas large enough to hold the whole image; white fill. */
export function rotate(gray: Gray, degrees: number): Gray {
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const width = Math.ceil(Math.abs(gray.width * cos) + Math.abs(gray.height * sin));
  const height = Math.ceil(Math.abs(gray.width * sin) + Math.abs(gray.height * cos));
  const out = new Uint8ClampedArray(width * height).fill(255);
  const cx = gray.width / 2;
  const cy = gray.height / 2;
  const ox = width / 2;
  const oy = height / 2;
  for (let y = 0; y < height; y++) {
    const dy = y - oy;
    for (let x = 0; x < width; x++) {
      const dx = x - ox;
      const sx = Math.round(cos * dx + sin * dy + cx);
      const sy = Math.round(-sin * dx + cos * dy + cy);
      if (sx >= 0 && sy >= 0 && sx < gray.width && sy < gray.height) out[y * width + x] = gray.data[sy * gray.width + sx]!;
    }
  }
  return { data: out, width, height };
}

/** Share of pixels that are lone specks (much darker or lighter than both horizontal neighbours). */
export function speckleRatio(gray: Gray): number {
  const { data } = gray;
  let specks = 0;
  let samples = 0;
  for (let i = 1; i < data.length - 1; i += 3) {
    const v = data[i]!;
    const a = data[i - 1]!;
    const b = data[i + 1]!;
    if ((v - a > 90 && v - b > 90) || (a - v > 90 && b - v > 90)) specks++;
    samples++;
  }
  return specks / samples;
}

/** The passes tried on one crop, cheapest first; each is a guess at what went wrong with the picture. */
function passes(gray: Gray): [string, () => Gray][] {
  let angle: number | undefined;
  let clean: Gray | undefined;
  const skew = (): number => (angle ??= dominantAngle(clean ?? gray));
  if (speckleRatio(gray) > 0.01) {
    const despeckled = (): Gray => (clean ??= median3(gray));
    return [
      ['despeckled', despeckled],
      ['despeckled-deskewed', () => rotate(despeckled(), -skew())],
      ['hard', () => gray],
    ];
  }
  return [
    ['hard', () => gray],
    ['deskewed', () => rotate(gray, -skew())],
    ['halved', () => halve(gray)],
    ['halved-deskewed', () => halve(rotate(gray, -skew()))],
  ];
}

export function decodeGray(gray: Gray): Decoded | undefined {
  const crops = locateCandidates(gray).map((region) => crop(gray, region));
  for (const [index, region] of crops.entries()) {
    const quick = tryDecode(region, quickReader);
    if (quick) return { ...quick, attempt: `crop${index}-quick` };
  }
  for (const [index, region] of crops.entries()) {
    for (const [name, make] of passes(region)) {
      const found = tryDecode(make());
      if (found) return { ...found, attempt: `crop${index}-${name}` };
    }
  }
  const whole = tryDecode(gray);
  if (whole) return { ...whole, attempt: 'whole-hard' };
  // A tightly cropped code (a bare generated PNG, a close-up) has no quiet zone: give it one.
  const padded = tryDecode(pad(gray, Math.max(16, Math.round(Math.min(gray.width, gray.height) * 0.1))));
  return padded ? { ...padded, attempt: 'padded' } : undefined;
}

export function decodePixels(pixels: Pixels): Decoded | undefined {
  return decodeGray(luminance(pixels));
}
