import bwipjs from 'bwip-js';
import { PNG } from 'pngjs';
import type { Gray } from './decode.js';
import { rotate } from './decode.js';

/**
 * Envelope images for tests and the decode benchmark: a barcode drawn by bwip-js, pasted on a
 * paper-coloured page with address-like blocks, then damaged with plain pixel operations.
 * Deterministic for a given seed.
 */
export type DamageClass = 'clean' | 'rotated' | 'blurred' | 'lowContrast' | 'noisy' | 'damaged';
export const damageClasses: DamageClass[] = ['clean', 'rotated', 'blurred', 'lowContrast', 'noisy', 'damaged'];

export function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export async function drawBarcode(text: string, symbology: 'code128' | 'datamatrix', scale = 3): Promise<Gray> {
  const png = await bwipjs.toBuffer({ bcid: symbology, text, scale, ...(symbology === 'code128' ? { height: 15 } : {}), includetext: false, paddingwidth: 4, paddingheight: 4, backgroundcolor: 'FFFFFF' });
  const decoded = PNG.sync.read(png);
  const out = new Uint8ClampedArray(decoded.width * decoded.height);
  for (let i = 0; i < out.length; i++) out[i] = decoded.data[i * 4]!;
  return { data: out, width: decoded.width, height: decoded.height };
}

export function boxBlur(gray: Gray, radius: number): Gray {
  const { width, height } = gray;
  const tmp = new Float32Array(width * height);
  const out = new Uint8ClampedArray(width * height);
  const n = 2 * radius + 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += gray.data[y * width + Math.min(width - 1, Math.max(0, x + k))]!;
      tmp[y * width + x] = s / n;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x]!;
      out[y * width + x] = s / n;
    }
  }
  return { data: out, width, height };
}

export function lowerContrast(gray: Gray, low: number, high: number): Gray {
  return { ...gray, data: gray.data.map((v) => low + ((high - low) * v) / 255) };
}

export function saltAndPepper(gray: Gray, fraction: number, rand: () => number): Gray {
  const data = new Uint8ClampedArray(gray.data);
  for (let i = 0; i < data.length; i++) if (rand() < fraction) data[i] = rand() < 0.5 ? 0 : 255;
  return { ...gray, data };
}

/** A stripe of ink or a torn white band across part of the code, as a stamp or a fold leaves. */
export function blot(gray: Gray, box: { x: number; y: number; w: number; h: number }, value: number): Gray {
  const data = new Uint8ClampedArray(gray.data);
  for (let y = box.y; y < box.y + box.h && y < gray.height; y++) for (let x = box.x; x < box.x + box.w && x < gray.width; x++) data[y * gray.width + x] = value;
  return { ...gray, data };
}

function paste(page: Gray, item: Gray, left: number, top: number): void {
  for (let y = 0; y < item.height && top + y < page.height; y++) {
    for (let x = 0; x < item.width && left + x < page.width; x++) {
      page.data[(top + y) * page.width + left + x] = Math.min(page.data[(top + y) * page.width + left + x]!, item.data[y * item.width + x]!);
    }
  }
}

export interface EnvelopeSpec {
  text: string;
  symbology: 'code128' | 'datamatrix';
  damage: DamageClass;
  seed: number;
  width?: number;
  height?: number;
}

/** One envelope, about 1 megapixel by default (1224 × 816). */
export async function envelopeImage(spec: EnvelopeSpec): Promise<Gray> {
  const rand = random(spec.seed);
  const width = spec.width ?? 1224;
  const height = spec.height ?? 816;
  const page: Gray = { data: new Uint8ClampedArray(width * height).fill(238), width, height };
  // Address lines: dark blocks that look like words to a binarizer.
  for (let line = 0; line < 5; line++) {
    let x = Math.round(width * 0.5);
    const y = Math.round(height * 0.55) + line * 34;
    while (x < width - 80) {
      const w = 20 + Math.round(rand() * 70);
      paste(page, { data: new Uint8ClampedArray(w * 14).fill(60), width: w, height: 14 }, x, y);
      x += w + 12;
    }
  }
  let code = await drawBarcode(spec.text, spec.symbology, spec.symbology === 'code128' ? 3 : 6);
  if (spec.damage === 'damaged') {
    // A stripe across about a fifth of the code.
    const vertical = spec.symbology === 'code128';
    const box = vertical
      ? { x: Math.round(code.width * (0.3 + 0.3 * rand())), y: 0, w: Math.max(3, Math.round(code.width * 0.04)), h: Math.round(code.height * 0.6) }
      : { x: Math.round(code.width * (0.3 + 0.2 * rand())), y: Math.round(code.height * (0.3 + 0.2 * rand())), w: Math.round(code.width * 0.2), h: Math.round(code.height * 0.2) };
    code = blot(code, box, rand() < 0.5 ? 255 : 0);
  }
  if (spec.damage === 'rotated') code = rotate(code, (rand() < 0.5 ? -1 : 1) * (5 + rand() * 40));
  const left = Math.round(40 + rand() * Math.max(1, width * 0.45 - code.width));
  const top = Math.round(40 + rand() * Math.max(1, height * 0.45 - code.height));
  paste(page, code, left, top);
  let image: Gray = page;
  if (spec.damage === 'blurred') image = boxBlur(image, 2);
  if (spec.damage === 'lowContrast') image = lowerContrast(image, 110, 170);
  if (spec.damage === 'noisy') image = saltAndPepper(image, 0.06, rand);
  return image;
}

export function grayToPng(gray: Gray): Buffer {
  const png = new PNG({ width: gray.width, height: gray.height });
  for (let i = 0; i < gray.data.length; i++) {
    const v = gray.data[i]!;
    png.data[i * 4] = v;
    png.data[i * 4 + 1] = v;
    png.data[i * 4 + 2] = v;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

export function pngToPixels(buffer: Buffer): { data: Uint8Array; width: number; height: number } {
  const png = PNG.sync.read(buffer);
  return { data: png.data, width: png.width, height: png.height };
}
