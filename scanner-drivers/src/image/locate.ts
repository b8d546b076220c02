import type { Gray } from './decode.js';

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

/**
 * Finds where barcodes may be: cells of dense, strong edges, grouped into connected regions,
 * best first. zxing's DataMatrix detector looks outward from the image centre and is lost
 * on an envelope with an address block, so it is given a crop instead; 1-D reading gets faster too.
 */
export function locateCandidates(gray: Gray, cell = 16, max = 3): Region[] {
  const cols = Math.floor(gray.width / cell);
  const rows = Math.floor(gray.height / cell);
  const energy = new Float32Array(cols * rows);
  const { data, width } = gray;
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      let sum = 0;
      for (let y = cy * cell + 1; y < (cy + 1) * cell - 1; y += 2) {
        for (let x = cx * cell + 1; x < (cx + 1) * cell - 1; x += 2) {
          const i = y * width + x;
          // Edges in both directions within one cell: bars and modules, not the long straight sides of a blot.
          const gx = Math.abs(data[i + 1]! - data[i - 1]!);
          const gy = Math.abs(data[i + width]! - data[i - width]!);
          sum += gx + gy;
        }
      }
      energy[cy * cols + cx] = sum;
    }
  }
  let peak = 0;
  for (const e of energy) peak = Math.max(peak, e);
  if (peak === 0) return [];
  const threshold = peak * 0.35;
  const label = new Int32Array(cols * rows).fill(-1);
  const regions: Region[] = [];
  for (let start = 0; start < energy.length; start++) {
    if (label[start] !== -1 || energy[start]! < threshold) continue;
    const id = regions.length;
    let minX = cols;
    let minY = rows;
    let maxX = 0;
    let maxY = 0;
    let score = 0;
    const stack = [start];
    label[start] = id;
    while (stack.length > 0) {
      const c = stack.pop()!;
      const cx = c % cols;
      const cy = (c - cx) / cols;
      minX = Math.min(minX, cx);
      maxX = Math.max(maxX, cx);
      minY = Math.min(minY, cy);
      maxY = Math.max(maxY, cy);
      score += energy[c]!;
      // 8-neighbourhood plus a one-cell gap, so that the quiet bars of a code do not split it.
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const nx = cx + dx;
          const ny = cy + dy;
          if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
          const n = ny * cols + nx;
          if (label[n] === -1 && energy[n]! >= threshold) {
            label[n] = id;
            stack.push(n);
          }
        }
      }
    }
    regions.push({ x: minX * cell, y: minY * cell, width: (maxX - minX + 1) * cell, height: (maxY - minY + 1) * cell, score });
  }
  return regions.sort((a, b) => b.score - a.score).slice(0, max);
}

export function crop(gray: Gray, region: Region, marginFraction = 0.25, minMargin = 24): Gray {
  const margin = Math.max(minMargin, Math.round(Math.max(region.width, region.height) * marginFraction));
  const x0 = Math.max(0, region.x - margin);
  const y0 = Math.max(0, region.y - margin);
  const x1 = Math.min(gray.width, region.x + region.width + margin);
  const y1 = Math.min(gray.height, region.y + region.height + margin);
  const width = x1 - x0;
  const height = y1 - y0;
  const out = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) out.set(gray.data.subarray((y0 + y) * gray.width + x0, (y0 + y) * gray.width + x1), y * width);
  return { data: out, width, height };
}
