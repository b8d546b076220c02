// Worker thread of `checkUrnFileParallel`: runs U2 (`checkBallotLine`) on chunks of ballot lines. Plain Node
// runs it from dist/ (scripts/build.mjs), the bin's tsx fallback from src/ (tsx maps the `.js` entry to this
// file); the order of the results is kept by the caller.
import { parentPort, workerData } from 'node:worker_threads';
import { loadGroup } from './group.js';
import { checkBallotLine } from './urn.js';
import type { Header } from './formats.js';

const { header, Y } = workerData as { header: Header; Y: Uint8Array };
await loadGroup();
parentPort!.on('message', (lines: string[]) => parentPort!.postMessage(lines.map((line) => checkBallotLine(header, Y, line))));
