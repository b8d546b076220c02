// The election both platform benches (booth, capacity) vote in: loaded from a test load file and opened.
import type { openPlatformDatabase } from '@scrutin/platform/database.js';
import { loadPlatform } from '@scrutin/platform/load/load.js';
import { addStaff, openVote } from '@scrutin/platform/operations.js';
import { runCeremony, testLoadFile } from '@scrutin/platform/testing';

export type PlatformDb = Awaited<ReturnType<typeof openPlatformDatabase>>;

/**
 * Loads `voters` test voters (`candidates` per urn) with a fresh key ceremony and opens the vote. Credentials
 * are written without their hashing cost (no login is measured by a bench). Throws on any refusal.
 */
export async function openedBenchElection(db: PlatformDb, voters: number, candidates: number) {
  const file = testLoadFile(voters, { candidates });
  const ceremony = runCeremony(file.electionCode);
  const loaded = await loadPlatform(db, file, ceremony.key);
  if (!loaded.ok) throw new Error(loaded.error.join());
  await db.query("UPDATE voter_file.voter SET identifier = 'b' || id, password_hash = 'x', credentials_issued_at = now()");
  const admin = await addStaff(db, { login: 'admin', displayName: 'A', role: 'admin', password: 'phare-ouverture-2026' });
  if (!admin.ok || !(await openVote(db, admin.value)).ok) throw new Error('ouverture');
  return { file, ceremony };
}
