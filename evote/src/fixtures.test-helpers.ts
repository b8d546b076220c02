// Test helpers shared by evote's tests: a real three-holder ceremony run in memory.
import { openCeremony, newTransportKey, createContribution, finalizeHolder, buildElectionKey, HOLDERS, type Registration } from './dkg.js';
import { toBase64Url } from './encoding.js';
import type { ElectionKey, ElectionManifest } from './schemas.js';

export const MANIFEST: ElectionManifest = {
  electionCode: 'CCI-TEST-2026',
  urns: [
    { id: 'CCIR-COM', label: 'CCIR — Commerce', seats: 3, candidates: ['Alice', 'Bruno', 'Chloé', 'David'] },
    { id: 'CCIT-IND', label: 'CCIT — Industrie', seats: 1, candidates: ['Émile', 'Fanny'] },
  ],
};

export type RunCeremony = { key: ElectionKey; shares: bigint[] };

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
  return { key: key.value, shares: finals.map((f) => f.share) };
}
