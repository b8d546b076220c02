import { parentPort, workerData } from 'node:worker_threads';
import { loadSodiumBackend } from '@scrutin/evote/group-backend-sodium.js';
import { fastBallotLines } from './fast-urn.js';
import type { ElectionManifest } from '@scrutin/evote';

const data = workerData as { manifest: ElectionManifest; fingerprint: string; x: string; seed: string; from: number; to: number };
const group = await loadSodiumBackend();
const step = 500;
for (let from = data.from; from < data.to; from += step)
  parentPort!.postMessage(fastBallotLines(group, data.manifest, data.fingerprint, BigInt(data.x), data.seed, from, Math.min(data.to, from + step)));
parentPort!.postMessage(null);
