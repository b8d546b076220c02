// Worker-thread entry, plain JS so that Node can start it. Compiled (dist/), it imports the compiled body;
// started from the TypeScript sources (jest, tsx), whose spawner adds the condition scrutin-source, it
// registers tsx and imports the TypeScript body.
const fromSources = process.execArgv.includes('--conditions=scrutin-source');
if (fromSources) (await import('tsx/esm/api')).register();
await import(fromSources ? './letters-worker-main.ts' : './letters-worker-main.js');
