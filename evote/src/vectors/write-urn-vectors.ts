// Writes docs/formats/urn-vectors from the seeded generator: `npx tsx evote/src/vectors/write-urn-vectors.ts`.
// Run it only when evote's formats change on purpose; test-vectors.test.ts requires the committed files
// to be exactly what the generator gives.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateUrnVectors } from './urn-vectors.js';

export const VECTORS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/formats/urn-vectors');

for (const [name, content] of Object.entries(generateUrnVectors())) {
  const path = join(VECTORS_DIR, name);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, content, { mode: 0o600 });
}
process.stdout.write(`Vecteurs de test écrits dans ${VECTORS_DIR}\n`);
