import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { RollError } from './row.js';
import type { CsvMeta } from '@scrutin/contract/roll-types.js';

export type CsvRecord = { line: number; values: string[] };
export class RollFileError extends Error {
  constructor(readonly error: RollError) {
    super(error.message);
  }
}

/** A record longer than this is an unclosed quote or not a roll at all; refusing it bounds memory. */
export const MAX_RECORD_CHARS = 65536;

const badCsv = (line: number, why: string) => new RollFileError({ line, code: 'BAD_CSV', message: `ligne ${line} : ${why}` });
const badEncoding = (line: number, why: string) => new RollFileError({ line, code: 'BAD_ENCODING', message: `ligne ${line} : ${why}` });

/**
 * Line numbers of bytes, as a text editor counts them (LF, CRLF or a lone CR end a line),
 * kept as the chunks go by so that an encoding error names the line of the offending byte.
 */
class ByteLines {
  private line = 1;
  private endsWithCr = false;

  /** The line of byte `offset` of `buf`, the chunk that follows those already passed. */
  lineAt(buf: Buffer, offset: number): number {
    return this.line + breaks(buf, offset, this.endsWithCr);
  }

  pass(buf: Buffer): void {
    this.line += breaks(buf, buf.length, this.endsWithCr);
    if (buf.length > 0) this.endsWithCr = buf[buf.length - 1] === 13;
  }
}

function breaks(buf: Buffer, end: number, afterCr: boolean): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1 && i < end; i = buf.indexOf(10, i + 1)) n++;
  for (let i = buf.indexOf(13); i !== -1 && i < end; i = buf.indexOf(13, i + 1)) if (buf[i + 1] !== 10) n++;
  // a CR that ended the previous chunk was counted as a line end; its LF here is the same one
  if (afterCr && end > 0 && buf[0] === 10) n--;
  return n;
}

/** Length of the valid UTF-8 prefix of `buf` (the offset of its first invalid byte, or its length). */
function validUtf8Prefix(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const size = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0 || i + size > buf.length) return i;
    if (size > 1 && !isUtf8(buf.subarray(i, i + size))) return i;
    i += size;
  }
  return i;
}

/** Where an incomplete UTF-8 sequence starts at the end of `buf` (it waits for the next chunk), or buf.length. */
function completeEnd(buf: Buffer): number {
  for (let back = 1; back <= 3 && back <= buf.length; back++) {
    const b = buf[buf.length - back]!;
    if (b < 0x80) return buf.length;
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return size > back ? buf.length - back : buf.length;
    }
  }
  return buf.length;
}

/** A UTF-8 multi-byte character read as Windows-1252 (`é` as `Ã©`): no French roll writes that. */
const UTF8_SEQUENCE = /[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}/;

const MIXED = 'encodage mixte : le fichier contient à la fois des caractères accentués en UTF-8 et en Windows-1252 ; enregistrez-le entièrement en UTF-8';

/**
 * Decodes a roll file as it streams, the encoding decided for the whole file without holding
 * it: UTF-8 (with or without BOM) as long as the bytes are valid UTF-8. At the first invalid
 * byte, a file that has been pure ASCII so far (the same bytes in both encodings) goes on in
 * Windows-1252, whose characters must then never form a valid UTF-8 multi-byte sequence; a
 * file that had UTF-8 accents already is mixed. Either way the refusal names the line of the
 * offending byte, and a NUL byte anywhere means a binary file.
 */
async function* decode(input: AsyncIterable<Buffer>, meta: Partial<CsvMeta>, onBytes: (n: number) => void): AsyncGenerator<string> {
  const lines = new ByteLines();
  let carry: Buffer = Buffer.alloc(0); // an incomplete UTF-8 sequence at the end of the previous chunk
  let nonAscii = false;
  let win1252: ReturnType<typeof iconv.getDecoder> | undefined;
  let tail: Buffer = Buffer.alloc(0); // in Windows-1252, the last bytes of the previous chunk, for sequences across chunks
  const step = (data: Buffer, last: boolean): string => {
    const nul = data.indexOf(0);
    if (nul !== -1) throw badEncoding(lines.lineAt(data, nul), 'octet nul : fichier binaire ou corrompu, ce n’est pas un fichier CSV texte');
    if (!win1252) {
      const end = last ? data.length : completeEnd(data);
      const complete = data.subarray(0, end);
      if (isUtf8(complete)) {
        nonAscii ||= !isAscii(complete);
        carry = data.subarray(end);
        lines.pass(complete);
        if (meta.encoding === undefined && complete.length > 0) meta.encoding = complete[0] === 0xef && complete[1] === 0xbb && complete[2] === 0xbf ? 'utf-8-bom' : 'utf-8';
        return complete.toString('utf8');
      }
      const bad = validUtf8Prefix(complete);
      if (nonAscii || !isAscii(complete.subarray(0, bad))) {
        throw badEncoding(lines.lineAt(complete, bad), `caractère invalide en UTF-8 (octet 0x${complete[bad]!.toString(16).toUpperCase()}) : ${MIXED}`);
      }
      // ASCII so far: what came before reads the same in Windows-1252
      meta.encoding = 'windows-1252';
      win1252 = iconv.getDecoder('win1252');
      carry = Buffer.alloc(0); // it is part of `data`, decoded below
    }
    const checked = tail.length > 0 ? Buffer.concat([tail, data]) : data;
    const utf8 = UTF8_SEQUENCE.exec(checked.toString('latin1'));
    if (utf8) {
      const offset = utf8.index - tail.length;
      throw badEncoding(offset < 0 ? lines.lineAt(Buffer.alloc(0), 0) : lines.lineAt(data, offset), `caractère accentué en UTF-8 dans un fichier en Windows-1252 : ${MIXED}`);
    }
    tail = data.subarray(Math.max(0, data.length - 3));
    lines.pass(data);
    return win1252.write(data) + (last ? (win1252.end() ?? '') : '');
  };
  for await (const chunk of input) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    onBytes(buf.length);
    const text = step(carry.length > 0 ? Buffer.concat([carry, buf]) : buf, false);
    if (text) yield text;
  }
  const rest = step(carry, true);
  if (rest) yield rest;
}

export type Delimiter = CsvMeta['delimiter'];

/** The separator as a French reader names it (a TAB is invisible between « »). */
export const delimiterLabel = (d: Delimiter): string => (d === '\t' ? 'tabulation' : d);

/** Picks `;`, `,` or TAB, whichever occurs most often outside quotes on the header line (`;` on a tie, then `,`). */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
  }
  return counts[';'] >= counts[','] && counts[';'] >= counts['\t'] ? ';' : counts[','] >= counts['\t'] ? ',' : '\t';
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
  private delimiter: Delimiter | undefined;
  private crOnly = false; // old Mac line ends (a lone CR), decided on the header line

  constructor(private readonly onDelimiter: (d: Delimiter) => void = () => undefined) {}

  /** The line the reader has reached (for decoding errors). */
  get currentLine(): number {
    return this.line;
  }

  push(text: string, last: boolean, out: CsvRecord[]): void {
    const incoming = this.crOnly ? text.replace(/\r/g, '\n') : text;
    let s = this.rest.length > 0 ? this.rest + incoming : incoming;
    if (this.delimiter === undefined) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      const first = s.search(/[^\r\n]/);
      let eol = first === -1 ? -1 : s.slice(first).search(/[\r\n]/);
      if (eol !== -1) eol += first;
      // a CR ending the text may be the first half of a CRLF: wait for what follows
      if ((first === -1 || eol === -1 || eol === s.length - 1) && !last) {
        if (s.length > MAX_RECORD_CHARS) throw badCsv(1, 'ligne d’en-tête trop longue ou sans fin de ligne');
        this.rest = s;
        return;
      }
      this.delimiter = detectDelimiter(first === -1 ? '' : eol === -1 ? s.slice(first) : s.slice(first, eol));
      this.onDelimiter(this.delimiter);
      this.crOnly = eol !== -1 && s.charCodeAt(eol) === 13 && s.charCodeAt(eol + 1) !== 10;
      if (this.crOnly) s = s.replace(/\r/g, '\n');
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
      throw badCsv(line, `nombre de colonnes différent de l'en-tête (${values.length} au lieu de ${this.width} ; séparateur « ${delimiterLabel(this.delimiter!)} »)`);
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
  const texts = decode(input, meta, onBytes);
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
