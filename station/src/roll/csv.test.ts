import fc from 'fast-check';
import iconv from 'iconv-lite';
import { readCsv, RollFileError, MAX_RECORD_CHARS, type CsvRecord } from './csv.js';
import type { CsvMeta } from '@scrutin/contract/roll-types.js';

/** Feeds the bytes in chunks of the given size, as a file or an HTTP body would arrive. */
async function* chunks(bytes: Buffer, size = 7): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(bytes: Buffer | string, size?: number): Promise<{ records: CsvRecord[]; meta: Partial<CsvMeta> }> {
  const meta: Partial<CsvMeta> = {};
  const records: CsvRecord[] = [];
  for await (const r of readCsv(chunks(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'), size), meta)) records.push(r);
  return { records, meta };
}

async function failure(bytes: Buffer | string, size?: number): Promise<RollFileError> {
  try {
    await read(bytes, size);
  } catch (e) {
    if (e instanceof RollFileError) return e;
    throw e;
  }
  throw new Error('aucune erreur');
}

describe('roll CSV reader', () => {
  it.each([1, 3, 64, 100_000])('reads `;` and `,` files the same way, whatever the chunk size (%i bytes)', async (size) => {
    const semi = await read('Nom;Prénom\r\nDupont;Jean\r\nMartin;Élise\r\n', size);
    const comma = await read('Nom,Prénom\nDupont,Jean\nMartin,Élise', size);
    expect(semi.meta.delimiter).toBe(';');
    expect(comma.meta.delimiter).toBe(',');
    expect(semi.records).toEqual(comma.records);
    expect(semi.records).toEqual([
      { line: 1, values: ['Nom', 'Prénom'] },
      { line: 2, values: ['Dupont', 'Jean'] },
      { line: 3, values: ['Martin', 'Élise'] },
    ]);
  });

  it('strips a UTF-8 BOM and says so', async () => {
    const { records, meta } = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Nom;Prénom\nDupont;Jean\n')]), 2);
    expect(meta.encoding).toBe('utf-8-bom');
    expect(records[0]!.values).toEqual(['Nom', 'Prénom']);
  });

  it('decodes Windows-1252 (accents, œ, ’) when the file is not valid UTF-8', async () => {
    const bytes = iconv.encode('Nom;Prénoms\nCœurdelion;Hélène d’Arc\n', 'win1252');
    const { records, meta } = await read(bytes, 5);
    expect(meta.encoding).toBe('windows-1252');
    expect(records[1]!.values).toEqual(['Cœurdelion', 'Hélène d’Arc']);
  });

  it('quoted fields hold separators, doubled quotes and newlines; line numbers stay those of the file', async () => {
    const text = 'Nom;Adresse;Ville\n"Dupont; fils";"12 rue ""Haute""\nBâtiment B\r\n3e étage";Paris\nMartin;"1 place";Lyon\n\n"Durand";x;"y"\n';
    for (const size of [1, 4, 1000]) {
      const { records } = await read(text, size);
      expect(records).toEqual([
        { line: 1, values: ['Nom', 'Adresse', 'Ville'] },
        { line: 2, values: ['Dupont; fils', '12 rue "Haute"\nBâtiment B\r\n3e étage', 'Paris'] },
        { line: 5, values: ['Martin', '1 place', 'Lyon'] },
        { line: 7, values: ['Durand', 'x', 'y'] },
      ]);
    }
  });

  it('keeps a quote inside an unquoted field as a character', async () => {
    const { records } = await read('Nom;Entreprise\nDupont;Société "Le Port"\n');
    expect(records[1]!.values).toEqual(['Dupont', 'Société "Le Port"']);
  });

  it('refuses an unclosed quote with the line where the record starts', async () => {
    const e = await failure('Nom;Prénom\nDupont;Jean\n"Martin;Élise\nDurand;Paul\n', 3);
    expect(e.error).toMatchObject({ line: 3, code: 'BAD_CSV' });
    expect(e.message).toBe('ligne 3 : guillemets mal fermés');
  });

  it('refuses text after a closing quote', async () => {
    const e = await failure('Nom;Prénom\nDupont;"Jean"x\n');
    expect(e.error).toMatchObject({ line: 2, code: 'BAD_CSV' });
    expect(e.message).toContain('guillemets mal fermés');
  });

  it('refuses a row with a different number of columns, naming its line', async () => {
    const e = await failure('Nom;Prénom;Date\nDupont;Jean;01/01/1970\nMartin;Élise\n');
    expect(e.error).toMatchObject({ line: 3, code: 'BAD_CSV' });
    expect(e.message).toMatch(/^ligne 3 : nombre de colonnes différent de l'en-tête \(2 au lieu de 3/);
  });

  it('refuses an empty file and a file of blank lines', async () => {
    for (const text of ['', '\n\n\r\n']) {
      const e = await failure(text);
      expect(e.error).toMatchObject({ line: 1, code: 'EMPTY_FILE' });
      expect(e.message).toMatch(/^ligne 1 : fichier vide/);
    }
  });

  it('refuses a binary file (NUL bytes), at the start or further on', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    // the PNG signature holds CRLF then LF: a text editor shows its first NUL on line 3
    expect((await failure(png)).error).toMatchObject({ line: 3, code: 'BAD_ENCODING' });
    const late = Buffer.concat([Buffer.from('Nom;Prénom\n' + 'Dupont;Jean\n'.repeat(8000)), Buffer.from([0, 1, 2])]);
    const e = await failure(late, 4096);
    expect(e.error).toMatchObject({ line: 8002, code: 'BAD_ENCODING' });
    expect(e.message).toBe('ligne 8002 : octet nul : fichier binaire ou corrompu, ce n’est pas un fichier CSV texte');
  });

  /** An ASCII header and `count` ASCII data lines, then `tail` (bytes), the rest of the file. */
  const longFile = (count: number, tail: Buffer) => Buffer.concat([Buffer.from('Nom;Prenom\n' + 'Dupont;Jean\n'.repeat(count)), tail]);

  it('decides the encoding on the whole file: a Windows-1252 file whose first accent is past the first 64 KiB (line 6,692 of 6,700) reads correctly', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => (i === 0 ? 'Hélène;Zoé\n' : `Martin${i};Jean\n`)).join('');
    const bytes = longFile(6690, iconv.encode(rows, 'win1252'));
    expect(bytes.indexOf(0xe9)).toBeGreaterThan(65536);
    for (const size of [1000, 65536, 1 << 20]) {
      const { records, meta } = await read(bytes, size);
      expect(meta.encoding).toBe('windows-1252');
      expect(records).toHaveLength(6699);
      expect(records.at(-8)).toEqual({ line: 6692, values: ['Hélène', 'Zoé'] });
      expect(records.at(-1)).toEqual({ line: 6699, values: ['Martin7', 'Jean'] });
    }
  });

  it('refuses a file that turns from UTF-8 into Windows-1252, naming the line of the first Windows-1252 byte', async () => {
    const head = Buffer.from('Nom;Prénom\n' + 'Dupont;Jean\n'.repeat(7000), 'utf8');
    for (const size of [7, 4099, 1 << 20]) {
      const e = await failure(Buffer.concat([head, Buffer.from('Martin;Jean\n'), iconv.encode('Hélène;Zoé\n', 'win1252')]), size);
      expect(e.error).toMatchObject({ line: 7003, code: 'BAD_ENCODING' });
      expect(e.message).toMatch(/^ligne 7003 : caractère invalide en UTF-8 \(octet 0xE9\) : encodage mixte/);
    }
  });

  it('refuses a Windows-1252 file that holds a UTF-8 accent further on, naming its line', async () => {
    const bytes = longFile(5000, Buffer.concat([iconv.encode('Hélène;Zoé\n', 'win1252'), Buffer.from('Dupont;Jean\n'.repeat(100)), Buffer.from('Gaëlle;Zoé\n', 'utf8')]));
    for (const size of [7, 4096, 1 << 20]) {
      const e = await failure(bytes, size);
      expect(e.error).toMatchObject({ line: 5103, code: 'BAD_ENCODING' });
      expect(e.message).toMatch(/^ligne 5103 : caractère accentué en UTF-8 dans un fichier en Windows-1252 : encodage mixte/);
    }
  });

  it('a UTF-8 file whose first accent is past the first chunk is UTF-8, its accents split across chunks', async () => {
    const { records, meta } = await read(longFile(7000, Buffer.from('Gaëlle;Zoé\n', 'utf8')), 3);
    expect(meta.encoding).toBe('utf-8');
    expect(records.at(-1)).toEqual({ line: 7002, values: ['Gaëlle', 'Zoé'] });
  });

  it.each([
    ['CRLF', '\r\n'],
    ['CR (old Mac)', '\r'],
    ['LF', '\n'],
  ])('reads %s line ends, with the line numbers of an editor', async (_, eol) => {
    const text = ['Nom;Prénom', 'Dupont;Jean', '', `Martin;"Élise${eol}Marie"`, 'Durand;Zoé', ''].join(eol);
    for (const size of [1, 2, 5, 1000]) {
      const { records } = await read(text, size);
      expect(records).toEqual([
        { line: 1, values: ['Nom', 'Prénom'] },
        { line: 2, values: ['Dupont', 'Jean'] },
        { line: 4, values: ['Martin', eol === '\r\n' ? 'Élise\r\nMarie' : 'Élise\nMarie'] },
        { line: 6, values: ['Durand', 'Zoé'] },
      ]);
    }
  });

  it('reads TAB-separated files, and names the separator in French', async () => {
    const { records, meta } = await read('Nom\tPrénom\tCatégorie\nDupont\tJean ; fils\tC\n', 4);
    expect(meta.delimiter).toBe('\t');
    expect(records[1]!.values).toEqual(['Dupont', 'Jean ; fils', 'C']);
    expect((await failure('Nom\tPrénom\nDupont\tJean\tC\n')).message).toBe("ligne 2 : nombre de colonnes différent de l'en-tête (3 au lieu de 2 ; séparateur « tabulation »)");
  });

  it('bounds memory: a quoted field that never ends is refused once it passes the limit', async () => {
    const e = await failure('Nom;Prénom\n"' + 'x'.repeat(MAX_RECORD_CHARS * 3), 4096);
    expect(e.error).toMatchObject({ line: 2, code: 'BAD_CSV' });
  });

  describe('fuzz', () => {
    const outcome = async (bytes: Buffer, size: number) => {
      try {
        const { records } = await read(bytes, size);
        for (const r of records) {
          expect(Number.isInteger(r.line) && r.line >= 1).toBe(true);
          expect(r.values.length).toBe(records[0]!.values.length);
        }
        return records;
      } catch (e) {
        if (!(e instanceof RollFileError)) throw e; // anything else is a bug
        expect(e.error.line).toBeGreaterThanOrEqual(1);
        expect(e.message).toMatch(/^ligne \d+/);
        return null;
      }
    };

    it('random bytes: records or a RollFileError with a line number, never anything else', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 1, max: 300 }), async (bytes, size) => {
          await outcome(Buffer.from(bytes), size);
        }),
        { numRuns: 300 },
      );
    });

    const csvish = fc
      .array(fc.constantFrom('a', 'é', ';', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'Nom', '01/02/1970', '’', '\t'), { maxLength: 120 })
      .map((parts) => parts.join(''));

    it('random CSV-ish text: the same, and the result does not depend on how the bytes are cut', async () => {
      await fc.assert(
        fc.asyncProperty(csvish, fc.integer({ min: 1, max: 50 }), async (text, size) => {
          const bytes = Buffer.from(text, 'utf8');
          const whole = await outcome(bytes, 1 << 20);
          const cut = await outcome(bytes, size);
          expect(cut).toEqual(whole);
        }),
        { numRuns: 500 },
      );
    });

    it('well-formed quoting round trips: what a writer quotes, the reader gives back with the right line numbers', async () => {
      const field = fc.string({ unit: fc.constantFrom('a', 'é', ';', '"', '\n', ' ', 'x') , maxLength: 12 });
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(field, field, field), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 40 }), async (rows, size) => {
          const header: [string, string, string] = ['A', 'B', 'C'];
          const all = [header, ...rows].filter((r) => r.join('') !== '' || r === header);
          const quote = (v: string) => (/[;"\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
          const text = all.map((r) => r.map(quote).join(';')).join('\n') + '\n';
          const { records } = await read(Buffer.from(text, 'utf8'), size);
          expect(records.map((r) => r.values)).toEqual(all);
          let line = 1;
          records.forEach((r, i) => {
            expect(r.line).toBe(line);
            line += all[i]!.join('').split('\n').length;
          });
        }),
        { numRuns: 300 },
      );
    });
  });
});
