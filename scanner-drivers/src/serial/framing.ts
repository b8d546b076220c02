import { normaliseRead } from '@scrutin/domain/read-text.js';
import type { Symbology } from '@scrutin/domain/scanner.js';

/**
 * Turns the byte stream of a serial scanner into reads. Pure, so that every way a scanner
 * may frame its output (prefix, suffix, CR, LF, CRLF, AIM symbology identifier) is unit-tested.
 */
export interface FramingOptions {
  prefix: string;
  suffix: string;
  /** `auto` accepts CR, LF or CRLF, which covers nearly every scanner out of the box. */
  terminator: 'auto' | string;
}

export const defaultFraming: FramingOptions = { prefix: '', suffix: '', terminator: 'auto' };

export interface FramedRead {
  text: string;
  symbology: Symbology;
}

// AIM identifiers (ISO/IEC 15424) that scanners may be configured to send first: "]C0" Code 128, "]d2" DataMatrix.
const aimSymbologies: Record<string, Symbology> = { C: 'code128', d: 'datamatrix', Q: 'qrcode', E: 'ean13', A: 'code39' };

export function parseFrame(raw: string, options: FramingOptions): FramedRead | undefined {
  let text = raw;
  if (options.prefix && text.startsWith(options.prefix)) text = text.slice(options.prefix.length);
  if (options.suffix && text.endsWith(options.suffix)) text = text.slice(0, text.length - options.suffix.length);
  // The AIM identifier names the symbology; normaliseRead (the one normalisation of every path) removes it.
  const aim = /^\](.)./.exec(text.trimStart());
  const symbology: Symbology = (aim && aimSymbologies[aim[1]!]) ?? 'unknown';
  text = normaliseRead(text);
  if (text === '') return undefined;
  return { text, symbology };
}

export class LineFramer {
  private buffer = '';

  constructor(private readonly options: FramingOptions = defaultFraming) {}

  /** Feeds a chunk of text; returns the reads completed by it. */
  push(chunk: string): FramedRead[] {
    this.buffer += chunk;
    const lines: string[] = [];
    if (this.options.terminator === 'auto') {
      const parts = this.buffer.split(/\r\n|\r|\n/);
      this.buffer = parts.pop() ?? '';
      // A CR at the very end may be the first half of CRLF: the next chunk's LF then yields an empty line, ignored.
      lines.push(...parts);
    } else {
      const parts = this.buffer.split(this.options.terminator);
      this.buffer = parts.pop() ?? '';
      lines.push(...parts);
    }
    const reads: FramedRead[] = [];
    for (const line of lines) {
      const read = parseFrame(line, this.options);
      if (read) reads.push(read);
    }
    return reads;
  }

  reset(): void {
    this.buffer = '';
  }
}
