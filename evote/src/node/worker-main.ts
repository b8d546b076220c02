import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { parseHeader, verifyBallotChunk, type VerifiedHeader } from '../verifier.js';
import { encryptTestBallotLines } from '../test-urn.js';
import { decodePoint } from '../group.js';
import { loadBackend } from '../group-backend-sodium.js';
import type { WorkerTask } from './pool.js';

// A worker is an entry point of its own: zod's messages in the ballot reasons it returns must be French too.
z.config(z.locales.fr());

let cachedHeaderLine: string | null = null;
let cachedHeader: VerifiedHeader | null = null;

function header(line: string): VerifiedHeader {
  if (line !== cachedHeaderLine) {
    const v = parseHeader(line);
    if (!v.ok) throw new Error(v.error);
    cachedHeaderLine = line;
    cachedHeader = v.value;
    cachedHeader.publicKey.precompute(12);
  }
  return cachedHeader!;
}

parentPort!.on('message', async (task: WorkerTask & { id: number }) => {
  try {
    let result: unknown;
    // libsodium's WebAssembly is instantiated by the first task that names it, once per worker.
    if (task.kind === 'verify') result = verifyBallotChunk(header(task.headerLine), task.lines, task.firstIndex, { aggregate: task.aggregate ?? true, group: await loadBackend(task.group) });
    else {
      const h = header(task.headerLine).header;
      const key = decodePoint(h.electionKey.publicKey);
      key.precompute(12);
      result = encryptTestBallotLines(h.manifest, key, h.manifestFingerprint, task.seed, task.from, task.to);
    }
    parentPort!.postMessage({ id: task.id, ok: true, result });
  } catch (e) {
    parentPort!.postMessage({ id: task.id, ok: false, error: (e as Error).message });
  }
});
