// Worker-thread entry of offThread (off-thread.ts): plain JS so that Node can start it, then the
// TypeScript module through tsx, like evote's worker.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { moduleUrl, exportName, args } = workerData;
try {
  const mod = await import(moduleUrl);
  const value = await mod[exportName](...args);
  parentPort.postMessage({ ok: true, value });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
}
