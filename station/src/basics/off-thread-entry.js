// Worker-thread entry of offThread (off-thread.ts), plain JS so that Node can start it. Compiled (dist/), it
// imports the compiled module it is given; started from the TypeScript sources (jest, tsx), where offThread
// adds the condition scrutin-source, it registers tsx and imports the `.ts` beside that `.js` name.
import { parentPort, workerData } from 'node:worker_threads';

const fromSources = process.execArgv.includes('--conditions=scrutin-source');
if (fromSources) (await import('tsx/esm/api')).register();
const { moduleUrl, exportName, args } = workerData;
try {
  const mod = await import(fromSources ? moduleUrl.replace(/\.js$/, '.ts') : moduleUrl);
  const value = await mod[exportName](...args);
  parentPort.postMessage({ ok: true, value });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
}
