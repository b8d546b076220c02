// Reading an urn file in its one accepted byte form (§5): strict UTF-8, lines split on "\n" only, each
// followed by exactly one "\n". Streamed in blocks, so that a 560 MB urn is never one string.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { EMPTY_FILE, MISSING_FINAL_NEWLINE, NOT_UTF8, UrnChecker, parseHeader, type BallotOutcome, type UrnReport } from './urn.js';

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

  finish(): { ok: true; report: UrnReport } | { ok: false; error: string } {
    if (this.error) return { ok: false, error: this.error };
    if (!this.checker) return { ok: false, error: EMPTY_FILE };
    return { ok: true, report: finishWith(this.checker, this.pending) };
  }
}

/** §5 « Kinds »: the last line (of two or more) is the seal when it parses to an object of kind "seal", else a ballot. */
function finishWith(checker: UrnChecker, lastLine: string | null): UrnReport {
  if (lastLine === null) return checker.finish(null);
  let value: unknown;
  try {
    value = JSON.parse(lastLine);
  } catch {
    value = null;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && (value as { kind?: unknown }).kind === 'seal') return checker.finish(lastLine);
  checker.ballot(lastLine);
  return checker.finish(null);
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

/**
 * The lines of an urn file, streamed by blocks, each decoded as strict UTF-8, with the share of the file read
 * so far; the generator's return value is the refusal of U1's byte rules (empty file, not UTF-8, no final
 * `\n`), or null. The file is closed however the caller stops reading.
 */
function* urnFileLines(path: string): Generator<{ line: string; fractionRead: number }, string | null> {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let carry: Buffer = Buffer.alloc(0);
  let total = 0;
  let last = -1;
  try {
    const block = Buffer.alloc(BLOCK);
    for (;;) {
      const n = readSync(fd, block, 0, BLOCK, null);
      if (n === 0) break;
      total += n;
      const fractionRead = size > 0 ? total / size : 1;
      last = block[n - 1]!;
      let data = Buffer.concat([carry, block.subarray(0, n)]);
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10)) {
        let line: string;
        try {
          line = decoder.decode(data.subarray(0, nl));
        } catch {
          return NOT_UTF8;
        }
        yield { line, fractionRead };
        data = data.subarray(nl + 1);
      }
      carry = Buffer.from(data);
    }
  } finally {
    closeSync(fd);
  }
  if (total === 0) return EMPTY_FILE;
  try {
    decoder.decode(carry);
  } catch {
    return NOT_UTF8;
  }
  return last !== 10 ? MISSING_FINAL_NEWLINE : null;
}

/** U1–U4 on an urn file, streamed; `progress` is told every 1,000 ballot lines. */
export function checkUrnFile(path: string, progress?: Progress): { ok: true; report: UrnReport } | { ok: false; error: string } {
  const feeder = new LineFeeder(progress);
  const lines = urnFileLines(path);
  let read = lines.next();
  for (; !read.done; read = lines.next()) {
    feeder.fractionRead = read.value.fractionRead;
    feeder.line(read.value.line);
  }
  return read.value ? { ok: false, error: read.value } : feeder.finish();
}

const CHUNK = 250;

/**
 * Like `checkUrnFile`, with U2 (the proofs, nearly all the cost) on `workers` threads, chunks of 250 lines
 * handed out in turn and recorded in file order; at most two chunks per worker in flight, so memory stays
 * bounded on a 100,000-ballot urn. Runs from the compiled dist/ only (the worker is dist/ballot-worker.js).
 */
export async function checkUrnFileParallel(path: string, workers: number, progress?: Progress): Promise<{ ok: true; report: UrnReport } | { ok: false; error: string }> {
  let checker: UrnChecker | null = null;
  let fatal: string | null = null;
  // Each worker answers its chunks in the order it got them: one queue of waiting callers per worker.
  const pool: { worker: Worker; waiting: { resolve: (o: BallotOutcome[]) => void; reject: (e: unknown) => void }[] }[] = [];
  const inFlight: { lines: string[]; result: Promise<BallotOutcome[]> }[] = [];
  let next = 0;
  let buffered: string[] = [];
  let lineCount = 0;
  let fractionRead = 0;
  const record = async () => {
    const chunk = inFlight.shift()!;
    const outcomes = await chunk.result;
    chunk.lines.forEach((line, i) => {
      checker!.ballot(line, outcomes[i]!);
      if (progress && checker!.ballotCount % 1000 === 0) progress(checker!.ballotCount, fractionRead);
    });
  };
  const dispatch = async (lines: string[]) => {
    const member = pool[next++ % pool.length]!;
    const result = new Promise<BallotOutcome[]>((resolve, reject) => member.waiting.push({ resolve, reject }));
    member.worker.postMessage(lines);
    inFlight.push({ lines, result });
    if (inFlight.length >= 2 * pool.length) await record();
  };
  const onLine = async (line: string) => {
    if (fatal) return;
    if (++lineCount === 1) {
      const header = parseHeader(line);
      if (!header.ok) fatal = header.error;
      else {
        checker = new UrnChecker(header.header, header.Y);
        for (let i = 0; i < workers; i++) {
          const member = { worker: new Worker(new URL('./ballot-worker.js', import.meta.url), { workerData: { header: header.header, Y: header.Y } }), waiting: [] as (typeof pool)[number]['waiting'] };
          member.worker.on('message', (outcomes: BallotOutcome[]) => member.waiting.shift()!.resolve(outcomes));
          member.worker.on('error', (e) => member.waiting.splice(0).forEach((w) => w.reject(e)));
          pool.push(member);
        }
      }
      return;
    }
    buffered.push(line);
    // The last line is held back: it may be the seal.
    if (buffered.length > CHUNK) {
      const chunk = buffered.slice(0, CHUNK);
      buffered = buffered.slice(CHUNK);
      await dispatch(chunk);
    }
  };
  try {
    const lines = urnFileLines(path);
    let read = lines.next();
    for (; !read.done; read = lines.next()) {
      fractionRead = read.value.fractionRead;
      await onLine(read.value.line);
    }
    if (read.value) return { ok: false, error: read.value };
    if (fatal) return { ok: false, error: fatal };
    if (!checker) return { ok: false, error: EMPTY_FILE };
    while (inFlight.length > 0) await record();
    const c: UrnChecker = checker;
    const sealCandidate = buffered.pop() ?? null;
    for (const line of buffered) c.ballot(line);
    return { ok: true, report: finishWith(c, sealCandidate) };
  } finally {
    await Promise.all(pool.map((m) => m.worker.terminate()));
  }
}
