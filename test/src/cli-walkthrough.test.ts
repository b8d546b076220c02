import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createServerDatabase, databaseKinds } from './databases.js';
import { REPO_ROOT } from './station-fixture.js';

const exec = promisify(execFile);
const BIN = join(REPO_ROOT, 'station', 'bin', 'scrutin.js');

type Run = { code: number; stdout: string; stderr: string };

/** What the README's walk-through (readme-script.test.ts) cannot show: the CLI's refusals and a tampered journal, on each kind of database. */
for (const kind of databaseKinds()) {
  describe(`scrutin CLI walk-through [${kind}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrutin-cli-'));
    let server: { url: string; drop(): Promise<void> } | undefined;
    const passwords: Record<string, string> = {};

    const run = async (args: string[], as?: string, extra: NodeJS.ProcessEnv = {}): Promise<Run> => {
      const env: NodeJS.ProcessEnv = { ...process.env, SCRUTIN_DATA: join(dir, 'data'), NODE_OPTIONS: '', ...extra };
      if (server) env.DATABASE_URL = server.url;
      else delete env.DATABASE_URL;
      if (as) env.SCRUTIN_PASSWORD = passwords[as];
      try {
        const r = await exec('node', [BIN, ...args, ...(as ? ['--as', as] : [])], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (e) {
        const x = e as { code: number; stdout: string; stderr: string };
        return { code: x.code, stdout: x.stdout, stderr: x.stderr };
      }
    };
    const ok = async (args: string[], as?: string, extra: NodeJS.ProcessEnv = {}): Promise<string> => {
      const r = await run(args, as, extra);
      if (r.code !== 0) throw new Error(`scrutin ${args.join(' ')} → ${r.code}\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    };

    beforeAll(async () => {
      if (kind === 'postgres') server = await createServerDatabase();
    });
    afterAll(async () => {
      await server?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('accounts and election refusals in French, and a journal altered by hand is caught', async () => {
      // Each account replaces its one-time password before anything else, as on the web: the CLI refuses it.
      const own = async (login: string) => {
        const chosen = `${login}-rame-lanterne-${login.length}7`;
        await ok(['password', 'change'], login, { SCRUTIN_NEW_PASSWORD: chosen });
        passwords[login] = chosen;
      };
      passwords.admin = JSON.parse(await ok(['admin', 'create', '--json'])).oneTimePassword;
      const refused = await run(['user', 'add', '--login', 'prefet', '--roles', 'prefecture'], 'admin');
      expect([refused.code, refused.stderr]).toEqual([3, expect.stringContaining('« admin » a encore son mot de passe à usage unique : remplacez-le d\'abord par « scrutin password change --as admin »')]);
      const weak = await run(['password', 'change'], 'admin', { SCRUTIN_NEW_PASSWORD: 'azertyuiop123' });
      expect([weak.code, weak.stderr]).toEqual([1, expect.stringMatching(/^Erreur : Mot de passe trop facile à deviner : /)]);
      await own('admin');
      // A member of the commission without a name is refused: the name goes above the signature on the PV.
      const nameless = await run(['user', 'add', '--login', 'president', '--roles', 'president'], 'admin');
      expect([nameless.code, nameless.stderr]).toEqual([1, expect.stringMatching(/--name est obligatoire pour le rôle president/)]);
      for (const [login, roles, name] of [
        ['prefet', 'prefecture', 'Mme Aurore VALCOURT'],
        ['agent', 'agent', undefined],
        ['president', 'president', 'M. Gaspard LENOIR'],
        ['numerisation', 'scanning_agent', undefined],
      ]) {
        const named = name ? ['--name', name] : [];
        passwords[login!] = JSON.parse(await ok(['user', 'add', '--login', login!, '--roles', roles!, ...named, '--json'], 'admin')).oneTimePassword;
        await own(login!);
      }
      // A wrong date is refused in French; a rehearsal replaces the example's voting dates with today's
      // (already closed here, as the rest of this walk-through counts after the close).
      const badDate = await run(['election', 'create', join(REPO_ROOT, 'examples', 'election.json'), '--vote-closes', 'demain'], 'admin');
      expect([badDate.code, badDate.stderr]).toEqual([1, expect.stringMatching(/voteClosesAt : date et heure ISO invalide/)]);
      // A NUL character in the chamber (PostgreSQL cannot store it): refused in French before the database (issue 15).
      const withNul = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'election.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'nul.json'), JSON.stringify({ ...withNul, chamber: 'CCI\u0000 de test' }));
      const nul = await run(['election', 'create', join(dir, 'nul.json')], 'admin');
      expect([nul.code, nul.stderr]).toEqual([1, expect.stringMatching(/caractère nul/)]);
      const opens = new Date(Date.now() - 3 * 3_600_000).toISOString();
      const closes = new Date(Date.now() - 3_600_000).toISOString();
      const created = JSON.parse(await ok(['election', 'create', join(REPO_ROOT, 'examples', 'election.json'), '--vote-opens', opens, '--vote-closes', closes, '--json'], 'admin'));
      expect([created.election.voteOpensAt, created.election.voteClosesAt]).toEqual([opens, closes]);
      // The walk-through itself (roll, candidates, sealing, simulation, counting, unsealing, PV, bundle) is
      // README.md's, run as written by readme-script.test.ts; here, what it cannot show: refusals and tampering.
      await ok(['roll', 'generate', '--voters', '200', '--out', 'liste.csv', '--election', join(REPO_ROOT, 'examples', 'election.json')]);
      const report = JSON.parse(await ok(['roll', 'import', 'liste.csv', '--json'], 'admin'));
      expect(report.voters).toBe(200);
      await ok(['roll', 'validate', '--sha256', report.fileSha256], 'prefet');
      await ok(['candidates', 'example', '--out', 'candidats.json']);
      await ok(['candidates', 'import', 'candidats.json'], 'agent');
      await ok(['candidates', 'validate'], 'prefet');
      await ok(['election', 'advance', 'LISTS_VALIDATED'], 'prefet');
      await ok(['platform-key', '--out', 'plateforme.json']);
      // Sealing needs the commission's certificate first; the sealing record prints its fingerprint.
      const unsealable = await run(['election', 'advance', 'SEALED', '--platform-key', 'plateforme.json'], 'president');
      expect([unsealable.code, unsealable.stderr]).toEqual([1, expect.stringMatching(/certificat de la commission doit être créé/)]);
      writeFileSync(join(dir, 'phrase.txt'), 'phrase de passe de la commission 2026');
      const made = JSON.parse(await ok(['certificate', 'create', '--passphrase-file', 'phrase.txt', '--json'], 'president')) as { fingerprint: string };
      const sealed = await ok(['election', 'advance', 'SEALED', '--platform-key', 'plateforme.json'], 'president');
      expect(sealed).toContain(`Certificat de la commission (SHA-256 du certificat DER) : ${made.fingerprint}`);
      const again = await run(['certificate', 'create', '--passphrase-file', 'phrase.txt'], 'president');
      expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/Impossible .*certificat de la commission/)]);
      const verify = JSON.parse(await ok(['journal', 'verify', '--json']));
      expect(verify.ok).toBe(true);

      // Altering one journal row by hand is caught.
      const db = server ? new pg.Client({ connectionString: server.url }) : null;
      if (db) {
        await db.connect();
        await db.query('ALTER TABLE journal DISABLE TRIGGER journal_append_only');
        await db.query(`UPDATE journal SET payload = jsonb_set(payload, '{code}', '"FAUX26"') WHERE action = 'election.create'`);
        await db.end();
      } else {
        const { openDatabase } = await import('@scrutin/db');
        const lite = await openDatabase({ dataDir: join(dir, 'data') });
        await lite.exec(`ALTER TABLE journal DISABLE TRIGGER journal_append_only;
          UPDATE journal SET payload = jsonb_set(payload, '{code}', '"FAUX26"') WHERE action = 'election.create';`);
        await lite.close();
      }
      const broken = await run(['journal', 'verify']);
      expect(broken.code).toBe(2);
      expect(broken.stdout).toMatch(/JOURNAL ALTÉRÉ/);
    }, 900_000);

    test('errors are in French with a non-zero exit code', async () => {
      const r = await run(['roll', 'import', 'absent.csv'], 'admin');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/Fichier illisible|Erreur/);
      const unknown = await run(['inconnue']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/commande inconnue/);
      const help = await run(['scan', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/--station/);
    }, 60_000);
  });
}
