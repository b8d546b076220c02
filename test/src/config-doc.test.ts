import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '@scrutin/server-kit/env-config.js';
import { loadStationConfig, stationConfigEnv } from '@scrutin/station/config.js';
import { loadPlatformConfig } from '@scrutin/platform/config.js';
import { renderConfigTable } from './config-doc.js';
import { typeScriptSources } from './source-files.js';

const root = new URL('../../', import.meta.url).pathname;

test('docs/operations.md lists every variable the station and the platform read, as their config modules declare them', () => {
  const doc = readFileSync(join(root, 'docs/operations.md'), 'utf8');
  const table = renderConfigTable();
  if (!doc.includes(table)) throw new Error(`La table « Configuration » de docs/operations.md diffère des variables déclarées (station/src/config.ts, platform/src/config.ts). Table attendue :\n${table}`);
});

test('an invalid variable is refused in French, naming it; unset ones take their defaults', () => {
  expect(() => loadStationConfig({ SCRUTIN_URN_WORKERS: 'abc' })).toThrow(new ConfigError(['SCRUTIN_URN_WORKERS doit être un entier entre 1 et 64 (reçu « abc »).']));
  expect(() => loadPlatformConfig({ PLATFORM_VERIFY_WORKERS: '-1', LOG_LEVEL: 'bavard' })).toThrow(/LOG_LEVEL doit valoir trace, debug, info, warn, error, fatal, silent \(reçu « bavard »\)\. PLATFORM_VERIFY_WORKERS doit être un entier entre 0 et 256 \(reçu « -1 »\)/);
  const config = loadStationConfig({});
  expect(config).toMatchObject({ dataFolder: 'data', port: 8080, host: '127.0.0.1', logLevel: 'info', slowQueryMs: 250, urnWorkers: 2, journalSealSeconds: 60 });
  expect(config.databaseUrl).toBeUndefined();
  // Written back for a command run inside the station: the same configuration comes out.
  expect(loadStationConfig(stationConfigEnv(loadStationConfig({ SCRUTIN_URN_WORKERS: '3', DATABASE_URL: 'postgres://h/b' })))).toMatchObject({ urnWorkers: 3, databaseUrl: 'postgres://h/b' });
});

/** Where the environment may be read: the entries, which pass a typed configuration down. */
const READERS = ['station/src/cli/entry.ts', 'platform/src/cli/entry.ts', 'evote/src/cli/main.ts', 'scanner-drivers/src/config.ts'];

test('process.env is read only by the entries', () => {
  const readers = ['station/src', 'platform/src', 'evote/src', 'libs', 'scanner-drivers/src', 'verifier/src']
    .flatMap((d) => typeScriptSources(join(root, d)))
    .filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(root, f))
    .sort();
  expect(readers).toEqual([...READERS].sort());
});

/** The modules that turn variables into a typed configuration; every other module reads that configuration. */
const CONFIG_MODULES = ['station/src/config.ts', 'platform/src/config.ts', 'libs/server-kit/src/env-config.ts', 'evote/src/cli/config.ts', 'scanner-drivers/src/config.ts'];

/**
 * A variable read by name, deep inside: `env.env.SCRUTIN_DATA`, `process.env.X`, `env.PLATFORM_DATA`, `env['PORT']`,
 * `env?.X`. Writing a variable for a child or a forwarded command (`{ SCRUTIN_PASSWORD: … }`) is not a read.
 */
const VARIABLE_READ = /\benv\??\.(?:env\??\.)?[A-Z][A-Z0-9]*_[A-Z0-9_]*\b|\benv\??\.(?:env\??\.)?(?:PORT|HOST)\b|\benv(?:\??\.env)?\??\.?\[\s*['"`][A-Z]/;

test('environment variables are read by name only in the config modules', () => {
  const readers = ['station/src', 'platform/src', 'evote/src', 'libs', 'scanner-drivers/src', 'verifier/src', 'dashboard/src']
    .flatMap((d) => typeScriptSources(join(root, d)))
    .map((f) => relative(root, f))
    .filter((f) => !CONFIG_MODULES.includes(f))
    .flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (VARIABLE_READ.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
  expect(readers).toEqual([]);
});
