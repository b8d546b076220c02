// Test helpers shared by evote's tests: a real three-holder ceremony run in memory.
import { openCeremony, newTransportKey, createContribution, finalizeHolder, buildElectionKey, HOLDERS, type Registration } from './dkg.js';
import { toBase64Url } from './encoding.js';
import { nextJournalLine, publishedFileHash, type CeremonyFiles } from './ceremony-record.js';
import type { ElectionKey, ElectionManifest } from './schemas.js';

export const MANIFEST: ElectionManifest = {
  electionCode: 'CCI-TEST-2026',
  urns: [
    { id: 'CCIR-COM', label: 'CCIR — Commerce', seats: 3, candidates: ['Alice', 'Bruno', 'Chloé', 'David'] },
    { id: 'CCIT-IND', label: 'CCIT — Industrie', seats: 1, candidates: ['Émile', 'Fanny'] },
  ],
};

/** `files`: the ceremony's public folder as `scrutin-urn ceremony` writes it (JSON files and journal). */
export type RunCeremony = { key: ElectionKey; shares: bigint[]; files: CeremonyFiles };

export function runCeremony(electionCode = MANIFEST.electionCode): RunCeremony {
  const ceremony = openCeremony(electionCode, new Date('2026-11-20T09:00:00Z'));
  const transports = HOLDERS.map(() => newTransportKey());
  const registrations: Registration[] = HOLDERS.map((h) => ({
    format: 'scrutin-ceremony-registration/1',
    ceremonyId: ceremony.ceremonyId,
    holder: h,
    name: `Détenteur ${h}`,
    transportPublicKey: toBase64Url(transports[h - 1]!.publicKey),
  }));
  const contributions = HOLDERS.map((h) => {
    const c = createContribution(ceremony, h, registrations);
    if (!c.ok) throw new Error(c.error);
    return c.value;
  });
  const finals = HOLDERS.map((h) => {
    const f = finalizeHolder(ceremony, h, transports[h - 1]!.secretKey, contributions);
    if (!f.ok) throw new Error(f.error);
    return f.value;
  });
  const key = buildElectionKey(ceremony, contributions, finals.map((f) => f.finalization));
  if (!key.ok) throw new Error(key.error);
  const text = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
  const journal: string[] = [];
  const record = (entry: Record<string, unknown>) => journal.push(nextJournalLine(journal[journal.length - 1], entry, new Date('2026-11-20T09:30:00Z')).line);
  const files: CeremonyFiles = {
    ceremony: text(ceremony),
    registrations: registrations.map(text),
    contributions: contributions.map(text),
    finalizations: finals.map((f) => text(f.finalization)),
    electionKey: text(key.value),
    journal: '',
  };
  record({ action: 'open', electionCode, ceremonyId: ceremony.ceremonyId, file: publishedFileHash(files.ceremony) });
  HOLDERS.forEach((h, i) => record({ action: 'register', holder: h, name: `Détenteur ${h}`, file: publishedFileHash(files.registrations[i]!) }));
  HOLDERS.forEach((h, i) => record({ action: 'contribute', holder: h, commitments: contributions[i]!.commitments, file: publishedFileHash(files.contributions[i]!) }));
  HOLDERS.forEach((h, i) => record({ action: 'finalize', holder: h, verificationKey: finals[i]!.finalization.verificationKey, file: publishedFileHash(files.finalizations[i]!) }));
  record({ action: 'publish', publicKey: key.value.publicKey, keyFingerprint: key.value.keyFingerprint, manifestFingerprint: null, file: publishedFileHash(files.electionKey) });
  files.journal = journal.join('\n') + '\n';
  return { key: key.value, shares: finals.map((f) => f.share), files };
}
