// Test and benchmark helpers (in @scrutin/platform/testing): a small election loaded without a station, and an
// in-memory key ceremony.
import { decodePoint, encryptBallot, manifestFingerprint, type ElectionKey, type EncodedBallot } from '@scrutin/evote';
import { runCeremony } from '@scrutin/evote/testing';
import type { Db } from '@scrutin/db';
import { issueCredentials, type IssueOptions, type Letter } from '../credentials/issue.js';
import { LOAD_FORMAT, type LoadFile } from '../load/load-file.js';
import type { LoadedElection } from '../context.js';
import { loadPlatform } from '../load/load.js';
import { addStaff, openVote } from '../operations.js';

export { runCeremony };

export function testLoadFile(voters: number, options: { electionCode?: string; opensAt?: Date; closesAt?: Date; candidates?: number } = {}): LoadFile {
  const n = options.candidates ?? 4;
  const cands = (prefix: string) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, lastName: `NOM${prefix}${i + 1}`, firstNames: 'Camille', profession: 'commerçante', substitute: null }));
  return {
    format: LOAD_FORMAT,
    electionCode: options.electionCode ?? 'CCITEST26',
    name: 'Élections consulaires 2026',
    chamber: 'CCI de test',
    opensAt: (options.opensAt ?? new Date(Date.now() - 3600_000)).toISOString(),
    closesAt: (options.closesAt ?? new Date(Date.now() + 3600_000)).toISOString(),
    rollSha256: 'test',
    candidatesDigest: 'test',
    urns: [
      { id: 'CCIR-C', contestCode: 'CCIR', contestName: 'CCI de région', categoryCode: 'C', subcategoryCode: null, label: 'CCIR — Commerce', seats: 2, candidates: cands('R') },
      { id: 'CCIT-C', contestCode: 'CCIT', contestName: 'CCI territoriale', categoryCode: 'C', subcategoryCode: null, label: 'CCIT — Commerce', seats: 3, candidates: cands('T') },
      { id: 'CCIR-I', contestCode: 'CCIR', contestName: 'CCI de région', categoryCode: 'I', subcategoryCode: null, label: 'CCIR — Industrie', seats: 1, candidates: cands('S') },
      { id: 'CCIT-I', contestCode: 'CCIT', contestName: 'CCI territoriale', categoryCode: 'I', subcategoryCode: null, label: 'CCIT — Industrie', seats: 2, candidates: cands('U') },
    ],
    voters: Array.from({ length: voters }, (_, i) => ({
      id: i + 1,
      voterNumber: `E${String(i + 1).padStart(6, '0')}`,
      civility: i % 2 ? 'M.' : 'Mme',
      lastName: `ÉLECTEUR${i + 1}`,
      firstNames: 'Dominique',
      birthDate: `19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
      postalAddress: `${i + 1} rue du Port, 17000 La Rochelle`,
      companyName: `Société ${i + 1}`,
      // Every fifth voter holds two capacities (commerce and industry); second rights are numbered after all first ones.
      rights: [{ id: 1000 + i, categoryCode: i % 3 === 2 ? 'I' : 'C', subcategoryCode: null, label: i % 3 === 2 ? 'Industrie' : 'Commerce', withdrawn: false }, ...(i % 5 === 4 ? [{ id: 1000 + voters + i, categoryCode: 'I', subcategoryCode: null, label: 'Industrie', withdrawn: false }] : [])].filter((r, k, all) => all.findIndex((x) => x.categoryCode === r.categoryCode) === k),
    })),
  };
}

/** What the booth does in the browser: one encrypted ballot per urn of the right. */
export function encryptForUrns(election: Pick<LoadedElection, 'manifest' | 'header'>, electionKey: ElectionKey, choices: { urnId: string; marks: number[] }[]): EncodedBallot[] {
  const publicKey = decodePoint(electionKey.publicKey);
  const fingerprint = manifestFingerprint(election.manifest, electionKey);
  return choices.map((c) => {
    const urn = election.manifest.urns.find((u) => u.id === c.urnId)!;
    const b = encryptBallot({ publicKey, manifestFingerprint: fingerprint, urn }, c.marks);
    if (!b.ok) throw new Error(b.error.message);
    return b.value;
  });
}

/** Issues every voter's credentials and returns the letters (kept in memory: tests only). */
export async function issueLettersInMemory(db: Db, options: Omit<IssueOptions, 'actor'> = {}): Promise<Letter[]> {
  const letters: Letter[] = [];
  const issued = await issueCredentials(db, { actor: 'test', ...options }, async (batch) => {
    letters.push(...batch);
  });
  if (!issued.ok) throw new Error(issued.error);
  return letters;
}

/**
 * Loads `file`, marks every voter's credentials as issued (identifier IDENT-<id>, no usable password: for
 * tests that call castVote without logging in) and opens the vote as an administrator.
 */
export async function loadAndOpenWithoutLetters(db: Db, file: LoadFile, electionKey: ElectionKey): Promise<void> {
  const loaded = await loadPlatform(db, file, electionKey);
  if (!loaded.ok) throw new Error(loaded.error.join());
  await db.query("UPDATE voter_file.voter SET identifier = 'IDENT-' || lpad(id::text, 8, '0'), password_hash = 'scrypt$x'");
  const admin = await addStaff(db, { login: 'admin', displayName: 'A', role: 'admin', password: 'phare-ouverture-2026' });
  if (!admin.ok || !(await openVote(db, admin.value)).ok) throw new Error('ouverture');
}
