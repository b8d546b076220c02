// The whole public verification of §6 from file paths: urn (U1–U4), ceremony (U5), platform key (U6),
// tally (U7), receipts (§9). Expected failures are values: the verdict lists every reason.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { canonicalJson } from './hash.js';
import { verifyCeremony, type CeremonyFolder } from './ceremony.js';
import { verifyTally } from './tally.js';
import { parseReceiptsFile, receiptProblems } from './receipts.js';
import { checkUrnFile, checkUrnFileParallel, type Progress } from './urn-file.js';
import type { UrnReport } from './urn.js';
import type { UrnResult } from './formats.js';

/**
 * What to verify: paths as given on the command line. `workers`: threads for the ballot proofs (0 or absent:
 * this thread; more needs the compiled dist/, as the command line runs).
 */
export type VerifyRequest = { urn: string; electionKey: string; tally?: string; platformKeyFingerprint?: string; receipts?: string; progress?: Progress; workers?: number };

/** The verdict: `fatal` when nothing could be checked (one reason), else the report and every problem. */
export type Verdict =
  | { kind: 'fatal'; error: string }
  | { kind: 'checked'; report: UrnReport; problems: string[]; ceremonyVerified: boolean; tally: UrnResult[] | null; receiptsVerified: number | null };

/** Spaces, colons and case are ignored in a typed fingerprint (§5.3); null unless 64 hex digits remain. */
export function normaliseFingerprint(typed: string): string | null {
  const s = typed.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(s) ? s : null;
}

function readText(path: string): string | { error: string } {
  if (!existsSync(path)) return { error: `Fichier introuvable : ${path}` };
  return readFileSync(path, 'utf8');
}

/** The ceremony's public folder beside `election-key.json` (§2.1); a missing file reads as empty. */
export function readCeremonyFolder(electionKeyPath: string): CeremonyFolder {
  const dir = dirname(electionKeyPath);
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');
  return {
    ceremony: read('ceremony.json'),
    registrations: [1, 2, 3].map((h) => read(`registration-${h}.json`)),
    contributions: [1, 2, 3].map((h) => read(`contribution-${h}.json`)),
    finalizations: [1, 2, 3].map((h) => read(`finalization-${h}.json`)),
    electionKey: readFileSync(electionKeyPath, 'utf8'),
    journal: read('journal.jsonl'),
  };
}

/** Runs every check the request asks for; see docs/formats/urn.md §6 for the order of the reasons. */
export async function verify(request: VerifyRequest): Promise<Verdict> {
  let expectedFingerprint: string | null = null;
  if (request.platformKeyFingerprint !== undefined) {
    expectedFingerprint = normaliseFingerprint(request.platformKeyFingerprint);
    if (!expectedFingerprint) return { kind: 'fatal', error: `Empreinte de clé de plateforme « ${request.platformKeyFingerprint} » illisible : 64 caractères hexadécimaux attendus.` };
  }
  for (const path of [request.urn, request.electionKey, request.tally, request.receipts]) {
    if (path !== undefined && !existsSync(path)) return { kind: 'fatal', error: `Fichier introuvable : ${path}` };
  }
  let receipts: unknown[] | null = null;
  if (request.receipts !== undefined) {
    const text = readText(request.receipts);
    receipts = typeof text === 'string' ? parseReceiptsFile(text) : null;
    if (!receipts) return { kind: 'fatal', error: `Fichier de reçus illisible : ${request.receipts} (tableau JSON ou une ligne JSON par reçu attendus).` };
  }
  const checked = request.workers ? await checkUrnFileParallel(request.urn, request.workers, request.progress) : checkUrnFile(request.urn, request.progress);
  if (!checked.ok) return { kind: 'fatal', error: checked.error };
  const report = checked.report;
  const problems = [...report.problems];
  // U5: the ceremony, and the urn encrypted under exactly its key.
  const ceremony = verifyCeremony(readCeremonyFolder(request.electionKey), report.header.manifestFingerprint);
  problems.push(...ceremony.problems);
  let ceremonyVerified = ceremony.problems.length === 0 && ceremony.key !== null;
  if (ceremony.key && canonicalJson(ceremony.key) !== canonicalJson(report.header.electionKey)) {
    problems.push('L’urne n’est pas chiffrée sous la clé publiée à la cérémonie.');
    ceremonyVerified = false;
  }
  // U6.
  if (expectedFingerprint && expectedFingerprint !== report.platformKeyFingerprint) {
    problems.push(`La clé de la plateforme n’est pas celle relevée au scellement de la station (empreinte de l’urne ${report.platformKeyFingerprint}, relevée ${expectedFingerprint}).`);
  }
  // U7.
  let tally: UrnResult[] | null = null;
  if (request.tally !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(request.tally, 'utf8'));
    } catch {
      return { kind: 'fatal', error: `Dépouillement illisible (JSON invalide) : ${request.tally}` };
    }
    const verdict = verifyTally(report, value);
    if (verdict.ok) tally = verdict.results;
    else problems.push(...verdict.problems);
  }
  // §9.
  let receiptsVerified: number | null = null;
  if (receipts) {
    const found = receiptProblems(report, receipts);
    problems.push(...found);
    if (found.length === 0) receiptsVerified = receipts.length;
  }
  return { kind: 'checked', report, problems, ceremonyVerified, tally, receiptsVerified };
}
