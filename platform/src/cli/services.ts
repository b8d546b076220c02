// Everything the `scrutin-platform` commands call that is heavy to load (the database drivers, express,
// pino, pdf-lib, zod, the evote library…), imported on first use (`services()` in main.ts), so that
// `scrutin-platform --help` starts in a fraction of a second (bench/RESULTS.md, « CLI start-up »).

// zod's own messages in French before any schema parses.
import '@scrutin/basics/french-messages.js';

export { openDatabase, withSlowQueryLog } from '@scrutin/db';
export { serverLog } from '@scrutin/server-kit/server-log.js';
export { mountConsole } from '@scrutin/server-kit/console.js';
export { acquireStationLock } from '@scrutin/server-kit/station-lock.js';
export { createContext, currentPhase } from '../context.js';
export { closeVote, writeClosedFiles } from '../close/close.js';
export { issueCredentials } from '../credentials/issue.js';
export { letterRenderer } from '../credentials/letter-renderer.js';
export { batchFileName, LetterFileExists, pdfFileSink } from '../credentials/letters-pdf.js';
export { ensureSigningKey, loadPlatform } from '../load/load.js';
export { exportFromStation } from '../load/station-export.js';
export { addStaff, checkStaff, openVote, resumeVote, suspendVote } from '../operations.js';
export { startPlatform } from '../server.js';
export * as store from '../store/index.js';
