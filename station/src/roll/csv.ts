import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import type { RollError } from './row.js';

export type CsvRecord = { line: number; values: string[] };
export type CsvMeta = { encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252'; delimiter: ';' | ',' };

export class RollFileError extends Error {
  constructor(readonly error: RollError) {
    super(error.message);
  }
}

/**
 * Decodes a roll file as it streams: UTF-8 (with or without BOM) when the first
 * 64 KiB decode strictly, Windows-1252 otherwise; NUL bytes mean a binary file.
 */
async function* decode(input: AsyncIterable<Buffer>, meta: Partial<CsvMeta>, onBytes: (n: number) => void): AsyncGenerator<string> {
  let decoder: ((b: Buffer, last: boolean) => string) | undefined;
  let pending = Buffer.alloc(0);
  let line = 1;
  const start = (sample: Buffer) => {
    if (sample.includes(0)) {
      throw new RollFileError({ line: 1, code: 'BAD_ENCODING', message: 'fichier binaire : ce n’est pas un fichier CSV texte' });
    }
    const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
    let utf8 = true;
    try {
      // Cut at the last complete line so that a character split across the sample's end is not blamed.
      const end = sample.lastIndexOf(0x0a);
      new TextDecoder('utf-8', { fatal: true }).decode(end > 0 && sample.length >= 65536 ? sample.subarray(0, end) : sample);
    } catch {
      utf8 = false;
    }
    if (utf8) {
      meta.encoding = bom ? 'utf-8-bom' : 'utf-8';
      const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
      decoder = (b, last) => {
        try {
          return td.decode(b, { stream: !last });
        } catch {
          throw new RollFileError({
            line,
            code: 'BAD_ENCODING',
            message: `ligne ${line} environ : caractère invalide en UTF-8 (fichier d'encodage mixte ; enregistrez-le en UTF-8)`,
          });
        }
      };
    } else {
      meta.encoding = 'windows-1252';
      const d = iconv.getDecoder('win1252');
      decoder = (b, last) => d.write(b) + (last ? (d.end() ?? '') : '');
    }
  };
  for await (const chunk of input) {
    onBytes(chunk.length);
    if (!decoder) {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < 65536) continue;
      start(pending);
      const text = decoder!(pending, false);
      pending = Buffer.alloc(0);
      line += countLines(text);
      yield text;
      continue;
    }
    if (chunk.includes(0)) throw new RollFileError({ line, code: 'BAD_ENCODING', message: `ligne ${line} environ : octet nul, fichier binaire ou corrompu` });
    const text = decoder(chunk, false);
    line += countLines(text);
    yield text;
  }
  if (!decoder) {
    if (pending.length === 0) return;
    start(pending);
    yield decoder!(pending, true);
  } else {
    const rest = decoder(Buffer.alloc(0), true);
    if (rest) yield rest;
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Picks `;` or `,` from the header line, ignoring separators inside quotes. */
export function detectDelimiter(headerLine: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return semicolons >= commas ? ';' : ',';
}

/** Streams the records of a CSV roll, the header first, each with its line number in the file. */
export async function* readCsv(input: AsyncIterable<Buffer>, meta: Partial<CsvMeta>, onBytes: (n: number) => void = () => undefined): AsyncGenerator<CsvRecord> {
  const texts = decode(input, meta, onBytes);
  const first = await texts.next();
  if (first.done || first.value.replace(/^\uFEFF/, '').trim() === '') {
    throw new RollFileError({ line: 1, code: 'EMPTY_FILE', message: 'fichier vide : aucune ligne d’en-tête' });
  }
  const head = first.value.replace(/^\uFEFF/, '');
  meta.delimiter = detectDelimiter(head.split(/\r?\n/, 1)[0] ?? '');
  const parser = parse({ delimiter: meta.delimiter, info: true, skip_empty_lines: true, relax_column_count: false, trim: false });
  Readable.from(
    (async function* () {
      yield head;
      yield* texts;
    })(),
  )
    .on('error', (e) => parser.destroy(e))
    .pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: record.info.lines, values: record.record };
    }
  } catch (e) {
    if (e instanceof RollFileError) throw e;
    if (e instanceof CsvError) {
      const line = (e as unknown as { lines?: number }).lines ?? 0;
      const why =
        e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
          ? `nombre de colonnes différent de l'en-tête`
          : e.code.includes('QUOTE')
            ? 'guillemets mal fermés'
            : 'ligne CSV illisible';
      throw new RollFileError({ line, code: 'BAD_CSV', message: `ligne ${line} : ${why}` });
    }
    throw e;
  }
}
