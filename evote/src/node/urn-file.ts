// Node-only: reading and checking urn files of any size with a bounded number of chunks in memory.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { WorkerPool } from './pool.js';
import { CHUNK_SIZE, finishUrnCheck, isSealLine, parseHeader, verifyBallotChunk, type ChunkReport, type UrnCheck, type VerifiedHeader } from '../verifier.js';
import { type Result, ok, err } from '../result.js';
import type { BackendName } from '../group-backend.js';
import { loadBackend } from '../group-backend-sodium.js';

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
  const pool = workers > 0 ? new WorkerPool(workers) : null;
  try {
    const reader = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    let headerLine: string | null = null;
    let verified: VerifiedHeader | null = null;
    let pendingLine: string | null = null;
    let buffer: string[] = [];
    let index = 0;
    const chunks: Promise<ChunkReport>[] = [];
    let done = 0;
    const maxInFlight = Math.max(2, workers * 3);
    const inFlight = new Set<Promise<ChunkReport>>();
    const dispatch = async (lines: string[], firstIndex: number) => {
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      const p: Promise<ChunkReport> = pool
        ? pool.run<ChunkReport>({ kind: 'verify', headerLine: headerLine!, lines, firstIndex, group: options.group })
        : Promise.resolve(verifyBallotChunk(verified!, lines, firstIndex, { group: group! }));
      const tracked = p.finally(() => {
        inFlight.delete(tracked);
        options.onChunk?.((done += lines.length));
      });
      inFlight.add(tracked);
      chunks.push(tracked);
    };
    for await (const raw of reader) {
      if (raw.trim() === '') continue;
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
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return err(`Fichier introuvable : ${path}`);
    return err(`Lecture de l’urne impossible : ${(e as Error).message}`);
  } finally {
    await pool?.close();
  }
}
