import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { databaseKinds } from '@scrutin/test';

/**
 * A `date` column comes back as its 'YYYY-MM-DD' text whatever the process time zone and whatever the
 * session TimeZone of the database, on both drivers; a timestamptz comes back as the same instant. West,
 * east and far east of UTC, with the server session set to yet another zone. In a child process: Node
 * applies a change of process.env.TZ at once, which a jest worker shared with other suites must not see.
 */
const PG_URL = process.env.SCRUTIN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const SESSION_ZONE = 'Asia/Tokyo';

const ZONES = ['Europe/Paris', 'America/Martinique', 'Pacific/Kiritimati'];

const PROBE = `
import { openDatabase } from '@scrutin/db';
const db = await openDatabase(process.env.PROBE_URL ? { url: process.env.PROBE_URL, migrate: false, poolSize: 1 } : { migrate: false });
if (!process.env.PROBE_URL) await db.exec("SET TIME ZONE '${SESSION_ZONE}'");
const seen = {};
for (const tz of ${JSON.stringify(ZONES)}) {
process.env.TZ = tz;
const { rows } = await db.query(
  "SELECT '1960-02-10'::date AS birth, ARRAY['1960-02-01'::date, NULL, '2026-11-30'::date] AS days, $1::date AS echoed," +
  " '2026-11-30T08:15:00Z'::timestamptz AS instant, $2::timestamptz AS echoed_instant, current_setting('TimeZone') AS session",
  ['1960-02-01', new Date('2026-11-30T23:30:00Z')],
);
const r = rows[0];
seen[tz] = { ...r, instant: r.instant.toISOString(), echoed_instant: r.echoed_instant.toISOString(), tz: Intl.DateTimeFormat().resolvedOptions().timeZone };
}
process.stdout.write(JSON.stringify(seen));
await db.close();
`;

function probe(kind: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--conditions=scrutin-source', '--import', 'tsx', '--input-type=module', '-e', PROBE], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, PGOPTIONS: `-c timezone=${SESSION_ZONE}`, PROBE_URL: kind === 'postgres' ? PG_URL : '', NODE_OPTIONS: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as Record<string, unknown>;
}

describe.each(databaseKinds({ everyZoneRun: true }))('calendar days through the database layer [%s]', (kind) => {
  test(`under TZ=${ZONES.join(', ')}, session TimeZone ${SESSION_ZONE}`, () => {
    const seen = probe(kind);
    for (const tz of ZONES) {
      expect(seen[tz]).toEqual({
        tz,
        session: SESSION_ZONE,
        birth: '1960-02-10',
        days: ['1960-02-01', null, '2026-11-30'],
        echoed: '1960-02-01',
        instant: '2026-11-30T08:15:00.000Z',
        echoed_instant: '2026-11-30T23:30:00.000Z',
      });
    }
  });
});
