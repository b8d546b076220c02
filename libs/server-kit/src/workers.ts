/**
 * The `execArgv` of a worker thread started by the module at `moduleUrl` (its `import.meta.url`): when that
 * module runs from its TypeScript source (tests, tools), the worker must resolve `@scrutin/*` to sources too,
 * hence the `scrutin-source` condition beside the parent's own flags (tsx's loader among them); from the
 * compiled `dist/` (bins, servers) the worker inherits the defaults (undefined).
 */
export function workerExecArgv(moduleUrl: string): string[] | undefined {
  return moduleUrl.endsWith('.ts') ? [...process.execArgv, '--conditions=scrutin-source'] : undefined;
}
