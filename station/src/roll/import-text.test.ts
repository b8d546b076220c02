// Issue 12: names outside Latin-1, Unicode spaces and invisible characters, through the real import on both databases.
import { describeEachDatabase, exampleDefinition } from '@scrutin/test';
import { SYSTEM_ACTOR, type Actor } from '@scrutin/domain/roles.js';
import { createUser } from '../auth/users.js';
import { createElection } from '../election/election.js';
import { importRoll } from './import.js';

const HEADER = 'Numéro électeur;Civilité;Nom;Prénoms;Date de naissance;Adresse postale;Catégorie;Sous-catégorie';

async function* body(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8');
}

describeEachDatabase('roll import: names outside Latin-1 and invisible characters', (get) => {
  let admin: Actor;
  const run = (lines: string[]) => importRoll(get().db, admin, body([HEADER, ...lines].join('\n') + '\n'), { fileName: 'liste.csv' });
  const stored = async () =>
    (await get().db.query<{ voter_number: string; last_name: string; first_names: string; postal_address: string }>('SELECT voter_number, last_name, first_names, postal_address FROM voter ORDER BY voter_number')).rows;

  beforeAll(async () => {
    const u = await createUser(get().db, SYSTEM_ACTOR(), { login: 'admin', displayName: 'admin', roles: ['admin'] });
    if (!u.ok) throw new Error(u.error.message);
    admin = { userId: u.value.user.id, login: 'admin', role: 'admin', stationId: 'test' };
    const e = await createElection(get().db, admin, exampleDefinition());
    if (!e.ok) throw new Error(e.error.message);
  });

  it('keeps DVOŘÁK and ŐRSI, turns a narrow no-break space into a space, drops a right-to-left mark, composes NFC', async () => {
    const r = await run([
      'E1;M.;DVOŘÁK;Zdeněk;03/02/1970;12\u202Frue des Lilas, 35000 Rennes;Commerce;C1',
      'E2;Mme;ŐRSI;Łucja;1965-07-14;"3 place du Marché\n35700 Rennes";Commerce;C2',
      'E3;Mme;\u200FBENALI\u200F;Yasmina\u00A0\u00A0Nour;01/01/1980;;Commerce;C1',
      'E4;M.;Noe\u0308l;Franc\u0327ois;01/01/1981;;Commerce;C1',
    ]);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(await stored()).toEqual([
      { voter_number: 'E1', last_name: 'DVOŘÁK', first_names: 'Zdeněk', postal_address: '12 rue des Lilas, 35000 Rennes' },
      { voter_number: 'E2', last_name: 'ŐRSI', first_names: 'Łucja', postal_address: '3 place du Marché\n35700 Rennes' },
      { voter_number: 'E3', last_name: 'BENALI', first_names: 'Yasmina Nour', postal_address: '' },
      { voter_number: 'E4', last_name: 'Noël', first_names: 'François', postal_address: '' },
    ]);
  });

  it('refuses a bidirectional override or a control character with its line and field in French, and changes nothing', async () => {
    const before = await stored();
    const r = await run(['E1;M.;DVOŘÁK;Zdeněk;03/02/1970;;Commerce;C1', 'E5;M.;\u202EKAPUT;Jean;03/02/1970;;Commerce;C1', 'E6;M.;MARTIN;Jean\u0007;03/02/1970;;Commerce;C1']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([
      { line: 3, column: 'lastName', code: 'BAD_CHARACTER', message: 'ligne 3 : caractère invisible U+202E (forçage droite-à-gauche) interdit dans nom : supprimez-le du fichier' },
      { line: 4, column: 'firstNames', code: 'BAD_CHARACTER', message: 'ligne 4 : caractère invisible U+0007 (caractère de contrôle) interdit dans prénoms : supprimez-le du fichier' },
    ]);
    expect(await stored()).toEqual(before);
  });
});
