// Issue 12: the platform's load applies the roll's text rules too (a load file may come from another tool).
import { describeEachPlatformDatabase } from '../testing/databases.js';
import { runCeremony, testLoadFile } from '../testing/election.js';
import { loadPlatform } from './load.js';

describeEachPlatformDatabase('platform load: names outside Latin-1 and invisible characters', (get) => {
  const key = runCeremony('CCITEST26').key;
  const voters = async () =>
    (await get().db.query<{ voter_number: string; last_name: string; first_names: string; postal_address: string }>('SELECT voter_number, last_name, first_names, postal_address FROM voter_file.voter ORDER BY voter_number')).rows;

  it('refuses a bidirectional override or a control character, naming the voter and the field in French, and loads nothing', async () => {
    const file = testLoadFile(3);
    file.voters[1]!.lastName = 'KAPUT\u202E';
    file.voters[2]!.postalAddress = '1 rue\u0000 du Port';
    const r = await loadPlatform(get().db, file, key);
    expect(r).toEqual({
      ok: false,
      error: [
        'voters.1.lastName : caractère invisible U+202E (forçage droite-à-gauche) interdit dans nom : supprimez-le du fichier',
        'voters.2.postalAddress : caractère invisible U+0000 (caractère de contrôle) interdit dans adresse postale : supprimez-le du fichier',
      ],
    });
    expect((await get().db.query('SELECT 1 FROM platform.election')).rows).toEqual([]);
    expect(await voters()).toEqual([]);
  });

  it('stores DVOŘÁK and ŐRSI as they are, a narrow no-break space as a space, without a right-to-left mark, in NFC', async () => {
    const file = testLoadFile(3);
    Object.assign(file.voters[0]!, { lastName: 'DVOŘÁK', firstNames: 'Zdeněk', postalAddress: '12\u202Frue des Lilas\r\n35000 Rennes' });
    Object.assign(file.voters[1]!, { lastName: '\u200FŐRSI', firstNames: 'Łucja' });
    Object.assign(file.voters[2]!, { lastName: 'Noe\u0308l', firstNames: '\u00A0Franc\u0327ois ' });
    const r = await loadPlatform(get().db, file, key);
    if (!r.ok) throw new Error(r.error.join('\n'));
    expect(await voters()).toEqual([
      { voter_number: 'E000001', last_name: 'DVOŘÁK', first_names: 'Zdeněk', postal_address: '12 rue des Lilas\n35000 Rennes' },
      { voter_number: 'E000002', last_name: 'ŐRSI', first_names: 'Łucja', postal_address: '2 rue du Port, 17000 La Rochelle' },
      { voter_number: 'E000003', last_name: 'Noël', first_names: 'François', postal_address: '3 rue du Port, 17000 La Rochelle' },
    ]);
  });
});
