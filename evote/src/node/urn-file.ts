// Node-only: reading and checking urn files of any size with a bounded number of chunks in memory.
import { createReadStream } from 'node:fs';
import { WorkerPool } from './pool.js';
import { CHUNK_SIZE, MISSING_FINAL_NEWLINE, finishUrnCheck, isSealLine, parseHeader, verifyBallotChunk, type ChunkReport, type UrnCheck, type VerifiedHeader } from '../verifier.js';
import { type Result, ok, err } from '@scrutin/basics/result.js';
import type { BackendName } from '../group-backend.js';
import { loadBackend } from '../group-backend-sodium.js';

/** Raised when the file's last byte is not "\n": the urn has one accepted byte form (docs/formats/urn.md §5). */
class MissingFinalNewline extends Error {}

/**
 * The file's lines, each without its "\n", split on "\n" only ("\r" stays in the line, which is then not
 * canonical). Strict UTF-8: an invalid byte sequence throws rather than becoming U+FFFD, whose hash would
 * not be the hash of the bytes. Throws MissingFinalNewline when bytes follow the last "\n".
 */
async function* fileLines(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let rest = '';
  for await (const chunk of createReadStream(path)) {
    rest += decoder.decode(chunk as Buffer, { stream: true });
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
      yield rest.slice(start, nl);
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest !== '') throw new MissingFinalNewline();
}

/** How long the threads of urn checks stay after the last check, in ms (sharedPool). */
export const URN_WORKERS_IDLE_MS = 60_000;

const pools = new Map<number, { pool: WorkerPool; users: number; timer: NodeJS.Timeout | null }>();

/**
 * The pool of `size` threads for urn checks, kept between checks: a thread loads the library and
 * precomputes the election key's tables (over a second of CPU) before its first ballot, more than the
 * proofs of a small urn cost, and a commission checks the same urn several times in a row (the public
 * check, the opening, a tampered copy). Idle threads do not hold the process (pool.ts) and stop
 * URN_WORKERS_IDLE_MS after the last check; `release` is called once per `sharedPool`.
 */
function sharedPool(size: number): { pool: WorkerPool; release(): void } {
  let entry = pools.get(size);
  if (!entry) pools.set(size, (entry = { pool: new WorkerPool(size), users: 0, timer: null }));
  if (entry.timer) clearTimeout(entry.timer);
  entry.timer = null;
  entry.users++;
  const held = entry;
  return {
    pool: held.pool,
    release() {
      if (--held.users > 0) return;
      held.timer = setTimeout(() => {
        pools.delete(size);
        void held.pool.close();
      }, URN_WORKERS_IDLE_MS);
      held.timer.unref();
    },
  };
}

export type FileCheck = { verified: VerifiedHeader; check: UrnCheck; timings: { verifyMs: number; aggregateMs: number; wallMs: number } };

/**
 * Streams the file: header, ballot lines in chunks to the workers (or in-process when workers = 0), seal.
 * `group` names the ristretto255 library of the proof checks (group-backend.ts): each caller chooses, so that
 * the urn check and the independent verifier run on different ones.
 */
export async function checkUrnFile(path: string, options: { group: BackendName; workers?: number; onChunk?: (done: number) => void }): Promise<Result<FileCheck, string>> {
  const started = performance.now();
  const workers = options.workers ?? 2;
  const group = workers > 0 ? null : await loadBackend(options.group);
  // Taken at the first chunk, not before: a file refused at its header takes no thread, and one that holds
  // a single chunk (fewer than CHUNK_SIZE ballots: every test urn, a small chamber's) starts one thread,
  // not `workers` (the pool starts threads as tasks need them).
  let pool = null as ReturnType<typeof sharedPool> | null;
  const chunks: Promise<ChunkReport>[] = [];
  try {
    let headerLine: string | null = null;
    let verified: VerifiedHeader | null = null;
    let pendingLine: string | null = null;
    let buffer: string[] = [];
    let index = 0;
    let done = 0;
    const maxInFlight = Math.max(2, workers * 3);
    const inFlight = new Set<Promise<ChunkReport>>();
    const dispatch = async (lines: string[], firstIndex: number) => {
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      if (workers > 0) pool ??= sharedPool(workers);
      const p: Promise<ChunkReport> = pool
        ? pool.pool.run<ChunkReport>({ kind: 'verify', headerLine: headerLine!, lines, firstIndex, group: options.group })
        : Promise.resolve(verifyBallotChunk(verified!, lines, firstIndex, { group: group! }));
      const tracked = p.finally(() => {
        inFlight.delete(tracked);
        options.onChunk?.((done += lines.length));
      });
      inFlight.add(tracked);
      chunks.push(tracked);
    };
    // No line is skipped: an empty or whitespace-only line is read as the header or a ballot and refused.
    for await (const raw of fileLines(path)) {
      if (headerLine === null) {
        headerLine = raw;
        const v = parseHeader(raw);
        if (!v.ok) return v;
        verified = v.value;
        continue;
      }
      // Each line is held back one step: the last one is the seal, not a ballot.
      if (pendingLine !== null) {
        buffer.push(pendingLine);
        if (buffer.length === CHUNK_SIZE) {
          await dispatch(buffer, index);
          index += buffer.length;
          buffer = [];
        }
      }
      pendingLine = raw;
    }
    if (verified === null) return err('Fichier d’urne vide.');
    let sealLine: string | undefined;
    if (pendingLine !== null) {
      if (isSealLine(pendingLine)) sealLine = pendingLine;
      else buffer.push(pendingLine);
    }
    if (buffer.length > 0) await dispatch(buffer, index);
    const reports = await Promise.all(chunks);
    const { check } = finishUrnCheck(verified, sealLine, reports);
    const timings = {
      verifyMs: reports.reduce((s, r) => s + r.timings.verifyMs, 0),
      aggregateMs: reports.reduce((s, r) => s + r.timings.aggregateMs, 0),
      wallMs: performance.now() - started,
    };
    return ok({ verified, check, timings });
  } catch (e) {
    if (e instanceof MissingFinalNewline) return err(MISSING_FINAL_NEWLINE);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return err('Fichier d’urne illisible : ce n’est pas de l’UTF-8 valide.');
    if (code === 'ENOENT') return err(`Fichier introuvable : ${path}`);
    return err(`Lecture de l’urne impossible : ${(e as Error).message}`);
  } finally {
    // A check that stops early (an unreadable line after chunks went out) waits for them: the threads are
    // kept for the next check, and a chunk that fails unobserved would be an unhandled rejection.
    await Promise.allSettled(chunks);
    pool?.release();
  }
}
