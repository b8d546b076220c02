// scripts/test.sh runs the suite under two time zones, but evote/, verifier/ and scanner-drivers/ under the
// first only, on the rule that none of them formats a time nor reads a calendar day (instants are ISO
// strings in UTC there). This test keeps that rule true: a source of theirs that starts to call Intl,
// toLocale*, a local date getter or a time zone fails here, and the workspace must then run in both zones.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { typeScriptSources } from './source-files.js';
import { databaseKinds } from './databases.js';

const root = new URL('../../', import.meta.url).pathname;
const ONE_ZONE_WORKSPACES = ['evote', 'verifier', 'scanner-drivers'];
/** What reads or shows a date in a zone: the process's (local getters, toLocale*, Intl) or a named one. */
const ZONED = /\bIntl\.|\.toLocale\w*\(|\.get(?:Hours|Minutes|Date|Day|Month|FullYear)\(|getTimezoneOffset\(|\btimeZone\b/;

test('scripts/test.sh names exactly these workspaces as run in one time zone', () => {
  const script = readFileSync(join(root, 'scripts', 'test.sh'), 'utf8');
  const folders = /^once=\(([^)]*)\)/m.exec(script)?.[1]?.split(/\s+/).filter(Boolean);
  expect(folders).toEqual(ONE_ZONE_WORKSPACES.map((w) => `/${w}/`));
});

test.each(ONE_ZONE_WORKSPACES)('%s formats no time and reads no calendar day', (workspace) => {
  const files = typeScriptSources(join(root, workspace, 'src'));
  expect(files.length).toBeGreaterThan(5);
  const found = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (ZONED.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(found).toEqual([]);
});

test('the pattern finds what it is meant to find (so the test can fail)', () => {
  for (const line of ['new Intl.DateTimeFormat("fr-FR")', 'd.toLocaleDateString()', 'd.getHours()', 'd.getFullYear()', "{ timeZone: 'Europe/Paris' }", 'd.getTimezoneOffset()'])
    expect(ZONED.test(line)).toBe(true);
  for (const line of ['new Date().toISOString()', 'Date.parse(s)', 'd.getUTCHours()', 'd.getTime()']) expect(ZONED.test(line)).toBe(false);
});

test('the second zone run gives database suites PostgreSQL only, but the database layer’s date tests both kinds', () => {
  const saved = { run: process.env.SCRUTIN_ZONE_RUN, ci: process.env.CI, databases: process.env.SCRUTIN_TEST_DATABASES };
  try {
    process.env.CI = 'true';
    process.env.SCRUTIN_ZONE_RUN = 'second';
    expect([databaseKinds(), databaseKinds({ everyZoneRun: true })]).toEqual([['postgres'], ['pglite', 'postgres']]);
    process.env.SCRUTIN_ZONE_RUN = 'first';
    expect(databaseKinds()).toEqual(['pglite', 'postgres']);
    // A developer without a server: the second run keeps PGlite rather than leaving files with no suite.
    process.env.CI = 'false';
    process.env.SCRUTIN_TEST_DATABASES = 'pglite';
    process.env.SCRUTIN_ZONE_RUN = 'second';
    expect(databaseKinds()).toEqual(['pglite']);
  } finally {
    for (const [name, value] of [['SCRUTIN_ZONE_RUN', saved.run], ['CI', saved.ci], ['SCRUTIN_TEST_DATABASES', saved.databases]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  // The files whose subject is dates through the database keep both kinds: they say so where they declare their suites.
  expect(readFileSync(join(root, 'test', 'src', 'time-zones.test.ts'), 'utf8')).toMatch(/^\}, \{ everyZoneRun: true \}\);$/m);
  expect(readFileSync(join(root, 'db', 'src', 'calendar-date.test.ts'), 'utf8')).toMatch(/^describe\.each\(databaseKinds\(\{ everyZoneRun: true \}\)\)/m);
  // The script sets the variable for the second run and passes it to jest.
  const script = readFileSync(join(root, 'scripts', 'test.sh'), 'utf8');
  expect(script).toMatch(/&& zone_run=second$/m);
  expect(script).toMatch(/^\s+SCRUTIN_ZONE_RUN="\$zone_run" .*npx jest|^\s+SCRUTIN_ZONE_RUN="\$zone_run" [^\n]*\\\n\s+npx jest/m);
});
