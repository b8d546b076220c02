import { storageWarnings } from './storage-warnings.js';

const complete = { walRounds: 4, walRewritten: true, heldBy: [], skippedTables: [] };

test('a complete rewriting gives no warning', () => {
  expect(storageWarnings(complete, 'Europe/Paris')).toEqual([]);
});

test('one holder: singular, its time in the election’s zone', () => {
  const [line] = storageWarnings({ ...complete, heldBy: [{ kind: 'session', pid: 4242, name: 'psql', since: '2026-12-01T08:00:00.000Z' }] }, 'America/Martinique');
  expect(line).toMatch(/^Attention : la session 4242 \(« psql »\), transaction ouverte le .*04:00 UTC-4 voyait encore la liste électorale d’avant la purge/);
});

test('several holders of every kind: plural, each named in French', () => {
  const [line] = storageWarnings(
    {
      ...complete,
      heldBy: [
        { kind: 'replication', pid: 77, name: '', since: null },
        { kind: 'slot', pid: null, name: 'secours_1', since: null },
        { kind: 'prepared', pid: null, name: 'tx-9', since: null },
      ],
    },
    'Europe/Paris',
  );
  expect(line).toContain('la réplication vers un serveur de secours (processus 77), l’emplacement de réplication « secours_1 », la transaction préparée « tx-9 » voyaient encore');
});

test('a WAL the server would not let us rewrite is said', () => {
  expect(storageWarnings({ ...complete, walRewritten: false }, 'Europe/Paris')).toEqual([expect.stringMatching(/^Attention : le journal d’écriture \(WAL\) n’a pas pu être réécrit/)]);
});

test('tables another session held are named, singular and plural', () => {
  expect(storageWarnings({ ...complete, skippedTables: ['voter'] }, 'Europe/Paris')).toEqual([expect.stringMatching(/^Attention : la table voter n’a pas été réécrite \(une autre session la tenait\)/)]);
  expect(storageWarnings({ ...complete, skippedTables: ['scan', 'voter'] }, 'Europe/Paris')).toEqual([expect.stringMatching(/^Attention : les tables scan, voter n’ont pas été réécrites \(d’autres sessions les tenaient\)/)]);
});
