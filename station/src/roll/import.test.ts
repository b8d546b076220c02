import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describeEachDatabase, exampleDefinition } from '@scrutin/test';
import type { Db } from '@scrutin/db';
import { SYSTEM_ACTOR, type Actor } from '@scrutin/domain/roles.js';
import { createUser } from '../auth/users.js';
import { createElection } from '../election/election.js';
import { generateRollLines } from './generate.js';
import { getRollReport, importRoll, validateRoll } from './import.js';
import type { RollError } from './row.js';

const HEADER = 'Numéro électeur;Civilité;Nom;Prénoms;Date de naissance;SIREN;Catégorie;Sous-catégorie';
const good = [HEADER, 'E1;Mme;Lefèvre;Hélène;03/02/1970;;Commerce;C1', 'E2;M.;Noël;François;1965-07-14;;I;I2', 'E2;M.;Noël;François;14/07/1965;;S;S1', 'E3;M.;Œillet;Zoé;01/01/1980;;C;C2'].join('\n') + '\n';

async function* body(bytes: Buffer | string, size = 1000): AsyncGenerator<Buffer> {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8');
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

type Counts = { voters: number; rights: number; imports: number; sha: string | null };
async function counts(db: Db): Promise<Counts> {
  const r = await db.query<Counts>(
    'SELECT (SELECT count(*)::int FROM voter) AS voters, (SELECT count(*)::int FROM voting_right) AS rights, (SELECT count(*)::int FROM roll_import) AS imports, (SELECT file_sha256 FROM roll_import) AS sha',
  );
  return r.rows[0]!;
}

describeEachDatabase('roll import', (get) => {
  let admin: Actor;
  let prefect: Actor;
  let goodSha: string;
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-roll-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (bytes: Buffer | string, fileName = 'liste.csv') => importRoll(get().db, admin, body(bytes), { fileName });
  const refused = async (bytes: Buffer | string): Promise<RollError[]> => {
    const before = await counts(get().db);
    const r = await run(bytes);
    if (r.ok) throw new Error('import accepté à tort');
    expect(await counts(get().db)).toEqual(before); // nothing half-imported, the previous roll intact
    for (const e of r.error) expect(e.message).toMatch(/^ligne \d+/);
    return r.error;
  };

  beforeAll(async () => {
    const { db } = get();
    const mk = async (login: string, role: 'admin' | 'prefecture'): Promise<Actor> => {
      const u = await createUser(db, SYSTEM_ACTOR(), { login, displayName: login, roles: [role] });
      if (!u.ok) throw new Error(u.error.message);
      return { userId: u.value.user.id, login, role, stationId: 'test' };
    };
    admin = await mk('admin', 'admin');
    prefect = await mk('prefet', 'prefecture');
    const e = await createElection(db, admin, exampleDefinition());
    if (!e.ok) throw new Error(e.error.message);
  });

  it('imports a good roll: a voter may hold two capacities; the report counts per urn and carries the SHA-256 of the file', async () => {
    writeFileSync(join(dir, 'liste.csv'), good);
    const r = await importRoll(get().db, admin, createReadStream(join(dir, 'liste.csv')), { fileName: 'liste.csv' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    goodSha = r.value.fileSha256;
    expect(goodSha).toBe(execFileSync('sha256sum', [join(dir, 'liste.csv')], { encoding: 'utf8' }).split(' ')[0]);
    expect(r.value).toMatchObject({ voters: 3, rights: 4, dataRows: 4, encoding: 'utf-8', delimiter: ';', preprintedBarcodes: 0 });
    const perUrn = Object.fromEntries(r.value.byUrn.map((u) => [`${u.contest}/${u.subcategory}`, u.rights]));
    expect(perUrn).toEqual({ 'CCIR/C1': 1, 'CCIR/C2': 1, 'CCIR/I1': 0, 'CCIR/I2': 1, 'CCIR/S1': 1, 'CCIR/S2': 0, 'CCIT/C1': 1, 'CCIT/C2': 1, 'CCIT/I1': 0, 'CCIT/I2': 1, 'CCIT/S1': 1, 'CCIT/S2': 0 });
    expect(r.value.byCategory).toEqual([
      { category: 'C', subcategory: 'C1', rights: 1 },
      { category: 'C', subcategory: 'C2', rights: 1 },
      { category: 'I', subcategory: 'I2', rights: 1 },
      { category: 'S', subcategory: 'S1', rights: 1 },
    ]);
    const noel = await get().db.query<{ n: number; barcodes: string[] }>(
      "SELECT count(*)::int AS n, array_agg(r.barcode ORDER BY r.id) AS barcodes FROM voting_right r JOIN voter v ON v.id = r.voter_id WHERE v.voter_number = 'E2'",
    );
    expect(noel.rows[0]!.n).toBe(2);
    for (const b of noel.rows[0]!.barcodes) expect(b).toMatch(/^CCIGO26-\d{7}-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect((await getRollReport(get().db))?.fileSha256).toBe(goodSha);
  });

  describe('malformed rolls: a French error with its line, and the database unchanged', () => {
    it('wrong encoding (UTF-8 then Windows-1252 past the first 64 KiB)', async () => {
      const head = [...generateRollLines(exampleDefinition(), 600)].join('\n') + '\n';
      const errors = await refused(Buffer.concat([Buffer.from(head, 'utf8'), iconv.encode('E999999;M.;Hérault;Loïc;01/01/1970;;C;C1\n', 'win1252')]));
      expect(errors[0]).toMatchObject({ code: 'BAD_ENCODING' });
      expect(errors[0]!.line).toBeGreaterThan(500);
    });

    it('missing and unknown columns', async () => {
      const errors = await refused('Numéro électeur;Nom;Prénoms;Couleur;Catégorie\nE1;Dupont;Jean;bleu;C\n');
      expect(errors.map((e) => e.message)).toEqual(['ligne 1 (en-tête) : colonne 4 « Couleur » inconnue', 'ligne 1 (en-tête) : colonne obligatoire manquante : date de naissance']);
    });

    it('an unclosed quote spanning lines', async () => {
      const errors = await refused(HEADER + '\nE1;Mme;"Lefèvre;Hélène;03/02/1970;;C;C1\nE2;M.;Noël;François;01/01/1970;;C;C1\n');
      expect(errors).toEqual([{ line: 2, code: 'BAD_CSV', message: 'ligne 2 : guillemets mal fermés' }]);
    });

    it('an empty file, and a header without any voter', async () => {
      expect(await refused('')).toEqual([{ line: 1, code: 'EMPTY_FILE', message: 'ligne 1 : fichier vide, aucune ligne d’en-tête' }]);
      expect((await refused(HEADER + '\n'))[0]).toMatchObject({ line: 2, code: 'EMPTY_FILE' });
    });

    it('a binary file', async () => {
      const errors = await refused(Buffer.from('504b0304140000000800', 'hex'));
      expect(errors[0]).toMatchObject({ line: 1, code: 'BAD_ENCODING' });
      expect(errors[0]!.message).toContain('fichier binaire');
    });

    it('duplicate rows: the same voter twice in one sub-category, the same barcode twice, two identities under one number', async () => {
      const dup = await refused([HEADER, 'E1;Mme;Lefèvre;Hélène;03/02/1970;;C;C1', 'E2;M.;Noël;François;01/01/1970;;I;I1', 'E1;Mme;Lefèvre;Hélène;03/02/1970;;Commerce;moins de 10 salariés'].join('\n'));
      expect(dup).toEqual([{ line: 4, column: 'voterNumber', code: 'DUPLICATE', message: 'ligne 4 : électeur E1 déjà inscrit dans la catégorie C1 (lignes 2, 4)' }]);
      const barcodes = await refused([HEADER + ';Code barre', 'E1;Mme;A;B;01/01/1970;;C;C1;PRE-1', 'E2;M.;C;D;01/01/1970;;C;C1;PRE-1'].join('\n'));
      expect(barcodes[0]).toMatchObject({ line: 3, code: 'DUPLICATE_BARCODE' });
      const identity = await refused([HEADER, 'E1;Mme;Lefèvre;Hélène;03/02/1970;;C;C1', 'E1;Mme;Lefèvre;Hélène;04/02/1970;;S;S1'].join('\n'));
      expect(identity[0]).toMatchObject({ line: 3, code: 'INCONSISTENT_VOTER' });
    });

    it('bad dates and other row errors, every one reported', async () => {
      const errors = await refused([HEADER, 'E1;Mme;A;B;31/02/1970;;C;C1', 'E2;M.;C;D;01/01/1970;;C;C1', 'E3;M.;E;F;1970;;X;'].join('\n'));
      expect(errors.map((e) => [e.line, e.code])).toEqual([
        [2, 'BAD_DATE'],
        [4, 'BAD_DATE'],
        [4, 'UNKNOWN_CATEGORY'],
      ]);
      expect(errors[0]!.message).toBe("ligne 2 : date de naissance « 31/02/1970 » invalide : date qui n'existe pas au calendrier");
    });

    it('a row with too few columns', async () => {
      expect(await refused(HEADER + '\nE1;Mme;A;B;01/01/1970;;C;C1\nE2;M.;C\n')).toEqual([
        { line: 3, code: 'BAD_CSV', message: "ligne 3 : nombre de colonnes différent de l'en-tête (3 au lieu de 8 ; séparateur « ; »)" },
      ]);
    });
  });

  it('reads Windows-1252 with accents, `,` separators, quoted fields with newlines, header variants and pre-printed barcodes', async () => {
    const text = [
      'N° électeur,Nom de naissance,Prénom,Date de naissance,Adresse,Catégorie,Sous-catégorie,Code barre',
      'E10,Cœurdelion,Hélène,03/02/1970,"12 rue Haute, bât. B',
      '33000 Port-Sainte-Claire",Commerce,C1,PRE-000010',
      'E11,Pélissou,Loïc,05/06/1975,"1 quai ""Neuf""",Services,S2,',
    ].join('\r\n');
    const r = await run(iconv.encode(text, 'win1252'));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({ encoding: 'windows-1252', delimiter: ',', voters: 2, rights: 2, preprintedBarcodes: 1 });
    const rows = await get().db.query<{ last_name: string; first_names: string; postal_address: string; barcode: string; line_number: number }>(
      'SELECT v.last_name, v.first_names, v.postal_address, r.barcode, r.line_number FROM voter v JOIN voting_right r ON r.voter_id = v.id ORDER BY r.id',
    );
    expect(rows.rows[0]).toEqual({ last_name: 'Cœurdelion', first_names: 'Hélène', postal_address: '12 rue Haute, bât. B\n33000 Port-Sainte-Claire', barcode: 'PRE-000010', line_number: 2 });
    expect(rows.rows[1]).toMatchObject({ last_name: 'Pélissou', first_names: 'Loïc', postal_address: '1 quai "Neuf"', line_number: 4 });
    expect(rows.rows[1]!.barcode).toMatch(/^CCIGO26-0000002-/);
    // a later error in such a file names the line as a text editor shows it
    const bad = await refused(iconv.encode(text + '\r\nE12,Noguès,Inès,32/01/1970,x,C,C1,', 'win1252'));
    expect(bad).toEqual([{ line: 5, column: 'birthDate', code: 'BAD_DATE', message: "ligne 5 : date de naissance « 32/01/1970 » invalide : date qui n'existe pas au calendrier" }]);
  });

  it('reads a roll as Excel exports it: ="…" text protection, no-break and trailing spaces, Excel dates, a trailing empty column, TAB separators, CR line ends', async () => {
    const rows = [
      'Numéro électeur\tNom\tPrénoms\tDate de naissance\tCatégorie\tSous-catégorie\tCode barre\t',
      '="00012345"\tLefèvre\u00a0\tHélène \t21956\tC\tC1\t="0040012345"\t',
      '="00012346"\tNoël\tFrançois\t10/02/1960 00:00:00\tI\tI2\t="0040012346"\t',
      '="00012347"\tMartin\tZoé\t10.2.1960\tS\tS1\t\t',
    ];
    const r = await run(rows.join('\r'));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({ delimiter: '\t', voters: 3, rights: 3, preprintedBarcodes: 2 });
    const stored = await get().db.query<{ voter_number: string; last_name: string; first_names: string; birth_date: string; barcode: string; line_number: number }>(
      "SELECT v.voter_number, v.last_name, v.first_names, to_char(v.birth_date, 'YYYY-MM-DD') AS birth_date, r.barcode, r.line_number FROM voter v JOIN voting_right r ON r.voter_id = v.id ORDER BY r.id",
    );
    expect(stored.rows.slice(0, 2)).toEqual([
      { voter_number: '00012345', last_name: 'Lefèvre', first_names: 'Hélène', birth_date: '1960-02-10', barcode: '0040012345', line_number: 2 },
      { voter_number: '00012346', last_name: 'Noël', first_names: 'François', birth_date: '1960-02-10', barcode: '0040012346', line_number: 3 },
    ]);
    expect(stored.rows[2]).toMatchObject({ voter_number: '00012347', birth_date: '1960-02-10', line_number: 4 });
  });

  it('refuses voter numbers whose leading zeros a spreadsheet dropped, naming each line, and changes nothing', async () => {
    const text = [HEADER, '00012345;M.;Noël;François;10/02/1960;;I;I2', '12346;Mme;Lefèvre;Hélène;10/02/1960;;C;C1', '00012347;M.;Martin;Loïc;10/02/1960;;C;C1', '123;M.;Durand;Zoé;10/02/1960;;C;C2'].join('\n');
    const suffix = "le tableur a sans doute supprimé ses zéros ; mettez la colonne au format Texte dans le fichier d'origine et exportez-le de nouveau";
    expect(await refused(text)).toEqual([
      { line: 3, column: 'voterNumber', code: 'BAD_NUMBER', message: `ligne 3 : numéro d'électeur « 12346 » plus court que les numéros à zéros de tête du fichier (8 chiffres) : ${suffix}` },
      { line: 5, column: 'voterNumber', code: 'BAD_NUMBER', message: `ligne 5 : numéro d'électeur « 123 » plus court que les numéros à zéros de tête du fichier (8 chiffres) : ${suffix}` },
    ]);
  });

  it('refuses dates and identifiers a spreadsheet mangled, each with its line and the reason', async () => {
    const text = [HEADER, 'E1;M.;Noël;François;10/02/60;;I;I2', '1,23457E+11;Mme;Lefèvre;Hélène;10/02/1960;7,32829E+08;C;C1'].join('\n');
    const errors = await refused(text);
    expect(errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'birthDate', 'BAD_DATE'],
      [3, 'voterNumber', 'BAD_NUMBER'],
      [3, 'siren', 'BAD_SIREN'],
    ]);
    expect(errors[0]!.message).toBe("ligne 2 : date de naissance « 10/02/60 » invalide : année « 60 » ambiguë : écrivez l'année sur 4 chiffres (JJ/MM/AAAA)");
    expect(errors[2]!.message).toContain('SIREN « 7,32829E+08 » est écrit en notation scientifique par le tableur');
  });

  it('imports a Windows-1252 roll whose first accent comes after the first 64 KiB (line 6,692 of 6,700); refuses a mixed one naming the true line', async () => {
    const lines = [HEADER.normalize('NFD').replace(/[\u0300-\u036f]/g, '')];
    for (let i = 2; i <= 6700; i++) lines.push(i === 6692 ? `E${i};Mme;Lefèvre;Hélène;01/01/1970;;C;C1` : `E${i};M.;Martin;Jean;01/01/1970;;C;C1`);
    const text = lines.join('\r\n') + '\r\n';
    const bytes = iconv.encode(text, 'win1252');
    expect(bytes.indexOf(0xe8)).toBeGreaterThan(65536);
    const r = await run(bytes);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({ encoding: 'windows-1252', dataRows: 6699 });
    const hélène = await get().db.query<{ last_name: string; first_names: string }>("SELECT last_name, first_names FROM voter WHERE voter_number = 'E6692'");
    expect(hélène.rows[0]).toEqual({ last_name: 'Lefèvre', first_names: 'Hélène' });
    // the same file with one UTF-8 accent on line 100 is mixed: refused at the first Windows-1252 byte, line 6,692
    const mixed = Buffer.from(text.replace('E100;M.;Martin;Jean', 'E100;M.;Martin;Zoé').split('\r\n').slice(0, 6691).join('\r\n') + '\r\n', 'utf8');
    const errors = await refused(Buffer.concat([mixed, iconv.encode(lines.slice(6691).join('\r\n'), 'win1252')]));
    expect(errors).toEqual([{ line: 6692, code: 'BAD_ENCODING', message: expect.stringMatching(/^ligne 6692 : caractère invalide en UTF-8 \(octet 0xE8\) : encodage mixte/) }]);
  });

  it('reads a UTF-8 file with a BOM', async () => {
    const r = await run(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good, 'utf8')]));
    expect(r.ok && r.value).toMatchObject({ encoding: 'utf-8-bom', voters: 3, rights: 4 });
    const names = await get().db.query<{ last_name: string }>("SELECT last_name FROM voter WHERE voter_number = 'E3'");
    expect(names.rows[0]!.last_name).toBe('Œillet');
  });

  it('the prefecture validates the conformity report by its SHA-256; the roll is then frozen', async () => {
    const r = await run(good);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const wrong = await validateRoll(get().db, prefect, '0'.repeat(64));
    expect(wrong.ok || wrong.error.code).toBe('DIGEST_MISMATCH');
    const v = await validateRoll(get().db, prefect, r.value.fileSha256);
    expect(v.ok).toBe(true);
    expect((await getRollReport(get().db))?.validatedAt).toBeInstanceOf(Date);
    const before = await counts(get().db);
    const again = await run(good);
    expect(again.ok || again.error[0]!.message).toBe('La liste électorale est validée par la préfecture : elle est figée.');
    expect(await counts(get().db)).toEqual(before);
  });
});
