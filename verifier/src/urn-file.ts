// Reading an urn file in its one accepted byte form (§5): strict UTF-8, lines split on "\n" only, each
// followed by exactly one "\n". Streamed in blocks, so that a 560 MB urn is never one string.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { EMPTY_FILE, MISSING_FINAL_NEWLINE, NOT_UTF8, UrnChecker, parseHeader, type UrnReport } from './urn.js';

const BLOCK = 1 << 22;

/** Progress of a long urn: ballot lines checked so far, and the share of the file read (0–1). */
export type Progress = (checked: number, fractionRead: number) => void;

/** Feeds the lines of a text or file to the checker; the last line is held back until it is known to be last. */
class LineFeeder {
  private checker: UrnChecker | null = null;
  private pending: string | null = null;
  private lines = 0;
  error: string | null = null;
  /** Share of the file read so far, for `progress`. */
  fractionRead = 0;

  constructor(private readonly progress?: Progress) {}

  line(line: string): void {
    if (this.error) return;
    this.lines++;
    if (this.lines === 1) {
      const header = parseHeader(line);
      if (!header.ok) this.error = header.error;
      else this.checker = new UrnChecker(header.header, header.Y);
      return;
    }
    if (this.pending !== null) {
      this.checker!.ballot(this.pending);
      if (this.progress && this.checker!.ballotCount % 1000 === 0) this.progress(this.checker!.ballotCount, this.fractionRead);
    }
    this.pending = line;
  }

  /** §5 « Kinds »: the last line (of two or more) is the seal when it parses to an object of kind "seal". */
  finish(): { ok: true; report: UrnReport } | { ok: false; error: string } {
    if (this.error) return { ok: false, error: this.error };
    if (!this.checker) return { ok: false, error: EMPTY_FILE };
    let seal: string | null = null;
    if (this.pending !== null) {
      let value: unknown;
      try {
        value = JSON.parse(this.pending);
      } catch {
        value = null;
      }
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && (value as { kind?: unknown }).kind === 'seal') seal = this.pending;
      else this.checker.ballot(this.pending);
    }
    return { ok: true, report: this.checker.finish(seal) };
  }
}

/** U1–U4 on an urn's lines without their "\n" (a final empty string, as `text.split("\n")` leaves, is dropped). */
export function checkUrnLines(lines: string[]): { ok: true; report: UrnReport } | { ok: false; error: string } {
  const feeder = new LineFeeder();
  const count = lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  for (let i = 0; i < count; i++) feeder.line(lines[i]!);
  return feeder.finish();
}

/** U1–U4 on an urn file's whole text (it must end with "\n"). */
export function checkUrnText(text: string): { ok: true; report: UrnReport } | { ok: false; error: string } {
  if (text === '') return { ok: false, error: EMPTY_FILE };
  if (!text.endsWith('\n')) return { ok: false, error: MISSING_FINAL_NEWLINE };
  return checkUrnLines(text.split('\n'));
}

/** U1–U4 on an urn file, streamed; `progress` is told every 1,000 ballot lines. */
export function checkUrnFile(path: string, progress?: Progress): { ok: true; report: UrnReport } | { ok: false; error: string } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const feeder = new LineFeeder(progress);
  let carry: Buffer = Buffer.alloc(0);
  let total = 0;
  let last = -1;
  try {
    const block = Buffer.alloc(BLOCK);
    for (;;) {
      const n = readSync(fd, block, 0, BLOCK, null);
      if (n === 0) break;
      total += n;
      feeder.fractionRead = size > 0 ? total / size : 1;
      last = block[n - 1]!;
      let data = Buffer.concat([carry, block.subarray(0, n)]);
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10)) {
        let line: string;
        try {
          line = decoder.decode(data.subarray(0, nl));
        } catch {
          return { ok: false, error: NOT_UTF8 };
        }
        feeder.line(line);
        data = data.subarray(nl + 1);
      }
      carry = Buffer.from(data);
    }
  } finally {
    closeSync(fd);
  }
  if (total === 0) return { ok: false, error: EMPTY_FILE };
  try {
    decoder.decode(carry);
  } catch {
    return { ok: false, error: NOT_UTF8 };
  }
  if (last !== 10) return { ok: false, error: MISSING_FINAL_NEWLINE };
  return feeder.finish();
}
