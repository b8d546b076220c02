import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@scrutin/station/cli/main.js';
import type { CliEnv } from '@scrutin/server-kit/cli.js';
import { describeEachDatabase, newRequestId, PASSWORD, setUpElection, startFixture, type Fixture } from './index.js';
import { expectOk } from './counting-flow.js';

/**
 * The command-line tools the README's walk-through needs beside the dashboard: `dual-votes` (the
 * president's confirmation of dual votes, the service of POST /api/president/confirm), one-time passwords
 * written to private files (`--password-out`), demonstration count sheets (`count example`).
 */
describeEachDatabase('scrutin dual-votes, --password-out and count example (CLI)', (get) => {
  let f: Fixture;
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-cli-dual-'));

  const cli = async (args: string[], as?: string, password = PASSWORD): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let errText = '';
    const env: CliEnv = { out: (t) => (out += t), err: (t) => (errText += t), cwd: dir, env: { SCRUTIN_PASSWORD: password }, db: async () => get().db, inStation: false };
    const code = await runCli([...args, ...(as ? ['--as', as] : [])], env);
    return { code, out, err: errText };
  };

  beforeAll(async () => {
    f = await startFixture(get().db);
    await setUpElection(f, { voters: 40, until: 'EMARGEMENT_LOADED', electronic: [3, 4, 9] });
    // Rights 3 and 9 voted by internet: their envelopes are set aside unopened (art. 13); right 5 is accepted.
    const { rows } = await get().db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right WHERE id IN (3, 5, 9) ORDER BY id');
    const agent = await f.client('numerisation', 'POSTE-01');
    for (const r of rows) await expectOk(agent.post('/api/scans', { requestId: newRequestId(), barcode: r.barcode }), 'scan');
  }, 180_000);
  afterAll(async () => {
    await f.station.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('lists the dual votes and confirms a counted pile, as the president only, journaled', async () => {
    const list = await cli(['dual-votes', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/2 plis mis à part pour vote par internet, dont 2 en attente de confirmation\./);
    expect((await cli(['dual-votes', 'list', '--pending'])).out).toBe('2\n');

    const teller = await cli(['dual-votes', 'confirm', '--count', '2'], 'assesseur');
    expect([teller.code, teller.err]).toEqual([3, 'Erreur : Action réservée aux rôles : president.\n']);
    const miscounted = await cli(['dual-votes', 'confirm', '--count', '3'], 'president');
    expect([miscounted.code, miscounted.err]).toEqual([1, 'Erreur : Le lot compte 3 plis, le poste en attend 2 : recomptez avant de confirmer.\n']);
    const neither = await cli(['dual-votes', 'confirm'], 'president');
    expect([neither.code, neither.err]).toEqual([1, expect.stringContaining('Indiquez soit --count')]);
    const zero = await cli(['dual-votes', 'confirm', '--count', '0'], 'president');
    expect([zero.code, zero.err]).toEqual([1, expect.stringContaining('--count : nombre entier positif')]);
    const wrongPassword = await cli(['dual-votes', 'confirm', '--count', '2'], 'president', 'pas-le-bon-mot-de-passe');
    expect([wrongPassword.code, wrongPassword.err]).toEqual([1, 'Erreur : Identifiant ou mot de passe incorrect.\n']);

    const done = await cli(['dual-votes', 'confirm', '--count', '2'], 'president');
    expect([done.code, done.out]).toEqual([0, '2 doubles votes confirmés : ces plis restent fermés, seul le vote par internet compte.\n']);
    expect((await cli(['dual-votes', 'list', '--pending'])).out).toBe('0\n');
    const again = await cli(['dual-votes', 'confirm', '--scan', '1'], 'president');
    expect([again.code, again.err]).toEqual([1, 'Erreur : Plis non en attente de confirmation : 1.\n']);

    const { rows } = await get().db.query<{ login: string; payload: { scanIds: number[]; batch: boolean } }>("SELECT actor_login AS login, payload FROM journal WHERE action = 'president.confirm'");
    expect(rows).toEqual([{ login: 'president', payload: { scanIds: expect.any(Array), batch: true } }]);
    expect(rows[0]!.payload.scanIds).toHaveLength(2);
  });

  test('a one-time password goes to a new private file, never over an existing one', async () => {
    const created = await cli(['user', 'add', '--login', 'membre1', '--roles', 'member', '--name', 'Mme Lise ARNAUD', '--password-out', 'membre1.provisoire'], 'admin');
    expect([created.code, created.out]).toEqual([0, 'Compte « membre1 » créé (member).\nMot de passe à usage unique écrit dans membre1.provisoire (lisible par vous seul).\n']);
    const file = join(dir, 'membre1.provisoire');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const oneTime = readFileSync(file, 'utf8').trim();
    writeFileSync(join(dir, 'membre1.mdp'), 'lanterne-ocre-riviere-2026\n');
    const changed = await cli(['password', 'change', '--new-password-file', 'membre1.mdp'], 'membre1', oneTime);
    expect(changed.code).toBe(0);

    const clash = await cli(['user', 'add', '--login', 'membre2', '--roles', 'member', '--name', 'M. Noé BRIAND', '--password-out', 'membre1.provisoire'], 'admin');
    expect([clash.code, clash.err]).toEqual([1, 'Erreur : membre1.provisoire existe déjà : choisissez un autre fichier pour le mot de passe à usage unique.\n']);
    const { rows } = await get().db.query("SELECT 1 FROM app_user WHERE login = 'membre2'");
    expect(rows).toHaveLength(0);
    // A refused account leaves no empty password file behind.
    const refused = await cli(['user', 'add', '--login', 'membre1', '--roles', 'member', '--name', 'Mme Lise ARNAUD', '--password-out', 'doublon.provisoire'], 'admin');
    expect(refused.code).toBe(1);
    expect(readdirSync(dir)).not.toContain('doublon.provisoire');
  });

  test('count example writes one sheet per urn that the tellers can enter as it is', async () => {
    const r = await cli(['count', 'example', '--dir', 'feuilles']);
    expect([r.code, r.out]).toEqual([0, '12 feuilles de démonstration écrites dans feuilles (une par urne).\n']);
    const files = readdirSync(join(dir, 'feuilles')).sort();
    expect(files).toHaveLength(12);
    const sheet = JSON.parse(readFileSync(join(dir, 'feuilles', files[0]!), 'utf8')) as { envelopesFound: number; ballotsValid: number };
    expect(sheet.ballotsValid).toBe(sheet.envelopesFound);
  });
});
