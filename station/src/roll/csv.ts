import iconv from 'iconv-lite';
import type { RollError } from './row.js';
import type { CsvMeta } from './types.js';

export type CsvRecord = { line: number; values: string[] };
export class RollFileError extends Error {
  constructor(readonly error: RollError) {
    super(error.message);
  }
}

const SAMPLE = 65536;
/** A record longer than this is an unclosed quote or not a roll at all; refusing it bounds memory. */
export const MAX_RECORD_CHARS = 65536;

const badCsv = (line: number, why: string) => new RollFileError({ line, code: 'BAD_CSV', message: `ligne ${line} : ${why}` });

/**
 * Decodes a roll file as it streams: UTF-8 (with or without BOM) when the first
 * 64 KiB decode strictly, Windows-1252 otherwise; NUL bytes mean a binary file.
 * `lineOf()` tells the line the decoder has reached, for errors found while decoding.
 */
async function* decode(input: AsyncIterable<Buffer>, meta: Partial<CsvMeta>, onBytes: (n: number) => void, lineOf: () => number): AsyncGenerator<string> {
  let decoder: ((b: Buffer, last: boolean) => string) | undefined;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  const start = (sample: Buffer) => {
    if (sample.includes(0)) {
      throw new RollFileError({ line: 1, code: 'BAD_ENCODING', message: 'ligne 1 : fichier binaire (octets nuls) : ce n’est pas un fichier CSV texte' });
    }
    const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
    let utf8 = true;
    try {
      // Cut at the last complete line so that a character split across the sample's end is not blamed.
      const end = sample.lastIndexOf(0x0a);
      new TextDecoder('utf-8', { fatal: true }).decode(end > 0 && sample.length >= SAMPLE ? sample.subarray(0, end) : sample);
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
          const line = lineOf();
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
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    onBytes(buf.length);
    if (!decoder) {
      pending.push(buf);
      pendingLength += buf.length;
      if (pendingLength < SAMPLE) continue;
      const sample = Buffer.concat(pending);
      pending = [];
      start(sample);
      yield decoder!(sample, false);
      continue;
    }
    if (buf.includes(0)) {
      const line = lineOf();
      throw new RollFileError({ line, code: 'BAD_ENCODING', message: `ligne ${line} environ : octet nul, fichier binaire ou corrompu` });
    }
    yield decoder(buf, false);
  }
  if (!decoder) {
    if (pendingLength === 0) return;
    const sample = Buffer.concat(pending);
    start(sample);
    yield decoder!(sample, true);
  } else {
    const rest = decoder(Buffer.alloc(0), true);
    if (rest) yield rest;
  }
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

/**
 * An RFC 4180 reader that is fed text chunks. A line without any quote (nearly all of a
 * roll) is cut with indexOf and split, which is several times faster than a character
 * loop; quoted fields (separators, doubled quotes, newlines inside) take the slow path.
 * Each record carries the line where it starts, so that an error points at what the
 * user sees in a text editor. A quote inside an unquoted field is kept as a character
 * (« Société "Le Port" » is common in exported rolls); after a closing quote only a
 * separator or the end of the line may follow.
 */
export class CsvReader {
  private rest = '';
  private line = 1; // line number of the first character of `rest`
  private width = -1;
  private delimiter: ';' | ',' | undefined;

  constructor(private readonly onDelimiter: (d: ';' | ',') => void = () => undefined) {}

  /** The line the reader has reached (for decoding errors). */
  get currentLine(): number {
    return this.line;
  }

  push(text: string, last: boolean, out: CsvRecord[]): void {
    let s = this.rest.length > 0 ? this.rest + text : text;
    if (this.delimiter === undefined) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      const first = s.search(/[^\r\n]/);
      const eol = first === -1 ? -1 : s.indexOf('\n', first);
      if ((first === -1 || eol === -1) && !last) {
        if (s.length > MAX_RECORD_CHARS) throw badCsv(1, 'ligne d’en-tête trop longue ou sans fin de ligne');
        this.rest = s;
        return;
      }
      this.delimiter = detectDelimiter(first === -1 ? '' : eol === -1 ? s.slice(first) : s.slice(first, eol));
      this.onDelimiter(this.delimiter);
    }
    const d = this.delimiter;
    let pos = 0;
    const n = s.length;
    let quote = -2; // position of the next quote from pos, -1 when none: found once, not per line
    while (pos < n) {
      const eol = s.indexOf('\n', pos);
      if (eol === -1 && !last) break;
      const end = eol === -1 ? n : eol;
      if (quote !== -1 && quote < pos) quote = s.indexOf('"', pos);
      if (quote === -1 || quote > end) {
        let lineEnd = end;
        if (lineEnd > pos && s.charCodeAt(lineEnd - 1) === 13) lineEnd--;
        if (lineEnd > pos) {
          if (lineEnd - pos > MAX_RECORD_CHARS) throw badCsv(this.line, 'ligne trop longue');
          this.emit(out, this.line, s.slice(pos, lineEnd).split(d));
        }
        pos = end + 1;
        this.line++;
        continue;
      }
      const consumed = this.quotedRecord(s, pos, last, out);
      if (consumed === -1) break;
      pos = consumed;
    }
    this.rest = pos < n ? s.slice(pos) : '';
    if (this.rest.length > MAX_RECORD_CHARS) throw badCsv(this.line, 'guillemets mal fermés (champ entre guillemets sans fin) ou ligne trop longue');
    if (last && this.rest.length > 0) throw badCsv(this.line, 'guillemets mal fermés');
  }

  /** Reads one record holding quotes from `start`; returns the position after it, or -1 when more text is needed. */
  private quotedRecord(s: string, start: number, last: boolean, out: CsvRecord[]): number {
    const d = this.delimiter!.charCodeAt(0);
    const values: string[] = [];
    let field = '';
    let i = start;
    let lines = 0;
    const n = s.length;
    for (;;) {
      if (i < n && s.charCodeAt(i) === 34) {
        // quoted field: up to the closing quote, "" being one quote
        i++;
        for (;;) {
          const q = s.indexOf('"', i);
          if (q === -1) {
            if (last) throw badCsv(this.line, 'guillemets mal fermés');
            return -1;
          }
          const part = s.slice(i, q);
          lines += countNewlines(part);
          field += part;
          if (q + 1 < n && s.charCodeAt(q + 1) === 34) {
            field += '"';
            i = q + 2;
            continue;
          }
          if (q + 1 >= n && !last) return -1;
          i = q + 1;
          break;
        }
        const c = i < n ? s.charCodeAt(i) : -1;
        if (c === 13 && i + 1 >= n && !last) return -1;
        if (c === 13 && (i + 1 >= n || s.charCodeAt(i + 1) === 10)) i++;
        const next = i < n ? s.charCodeAt(i) : -1;
        if (next !== d && next !== 10 && next !== -1) throw badCsv(this.line + lines, 'guillemets mal fermés (caractère après le guillemet fermant)');
      } else {
        // unquoted field: up to the next separator or end of line; quotes inside are characters
        let j = i;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c === d || c === 10) break;
          j++;
        }
        if (j >= n && !last) return -1;
        let value = s.slice(i, j);
        if (value.charCodeAt(value.length - 1) === 13 && (j >= n || s.charCodeAt(j) === 10)) value = value.slice(0, -1);
        field = value;
        i = j;
      }
      values.push(field);
      field = '';
      if (i - start > MAX_RECORD_CHARS) throw badCsv(this.line, 'enregistrement trop long');
      const c = i < n ? s.charCodeAt(i) : -1;
      if (c === d) {
        i++;
        continue;
      }
      // end of line or of file
      this.emit(out, this.line, values);
      this.line += lines + 1;
      return c === 10 ? i + 1 : i;
    }
  }

  private emit(out: CsvRecord[], line: number, values: string[]): void {
    if (this.width === -1) this.width = values.length;
    else if (values.length !== this.width) {
      throw badCsv(line, `nombre de colonnes différent de l'en-tête (${values.length} au lieu de ${this.width} ; séparateur « ${this.delimiter} »)`);
    }
    out.push({ line, values });
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Streams the records of a CSV roll in arrays (one per decoded chunk), the header first. */
export async function* readCsvBatches(input: AsyncIterable<Buffer>, meta: Partial<CsvMeta>, onBytes: (n: number) => void = () => undefined): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvReader((d) => (meta.delimiter = d));
  const texts = decode(input, meta, onBytes, () => reader.currentLine);
  let any = false;
  let pending: string | undefined;
  // One chunk of look-ahead tells the reader which chunk is the last.
  for await (const text of texts) {
    if (pending !== undefined) {
      const out: CsvRecord[] = [];
      reader.push(pending, false, out);
      any ||= out.length > 0;
      if (out.length > 0) yield out;
    }
    pending = text;
  }
  const out: CsvRecord[] = [];
  if (pending !== undefined) reader.push(pending, true, out);
  any ||= out.length > 0;
  if (!any) throw new RollFileError({ line: 1, code: 'EMPTY_FILE', message: 'ligne 1 : fichier vide, aucune ligne d’en-tête' });
  if (out.length > 0) yield out;
}

/** Streams the records of a CSV roll, the header first, each with the line where it starts in the file. */
export async function* readCsv(input: AsyncIterable<Buffer>, meta: Partial<CsvMeta>, onBytes: (n: number) => void = () => undefined): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvBatches(input, meta, onBytes)) yield* batch;
}
