// Issue 13, item 2: the public verification reads the whole key ceremony. Each tamper is also re-journaled
// (the chain recomputed, as whoever holds the folder could) so that each check is shown to hold alone.
import { runCeremony } from './fixtures.test-helpers.js';
import { nextJournalLine, publishedFileHash, verifyCeremonyRecord, verifyJournalLines, type CeremonyFiles, type JournalEntry } from './ceremony-record.js';
import { electionKeyFingerprint, verifyElectionKey, type Contribution } from './dkg.js';
import { G, Point, decodePoint, encodePoint, encodeScalar, randomScalar } from './group.js';
import type { ElectionKey } from './schemas.js';

const { key, files } = runCeremony();
const text = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** The journal rewritten over the current files: same entries, file hashes and chain recomputed. */
function rejournal(f: CeremonyFiles): CeremonyFiles {
  const published = JSON.parse(f.electionKey) as ElectionKey;
  const fileOf = (e: Record<string, unknown>): string => {
    const i = Number(e.holder) - 1;
    if (e.action === 'open') return f.ceremony;
    if (e.action === 'register') return f.registrations[i]!;
    if (e.action === 'contribute') return f.contributions[i]!;
    if (e.action === 'finalize') return f.finalizations[i]!;
    return f.electionKey;
  };
  const lines: string[] = [];
  for (const line of f.journal.trimEnd().split('\n')) {
    const { seq: _seq, at, previous: _previous, hash: _hash, ...entry } = JSON.parse(line) as JournalEntry;
    const updated = entry.action === 'publish' ? { ...entry, publicKey: published.publicKey, keyFingerprint: published.keyFingerprint } : entry;
    lines.push(nextJournalLine(lines[lines.length - 1], { ...updated, file: publishedFileHash(fileOf(entry)) }, new Date(String(at))).line);
  }
  return { ...f, journal: lines.join('\n') + '\n' };
}

function problems(f: CeremonyFiles): string {
  const r = verifyCeremonyRecord(f);
  if (r.ok) throw new Error('dossier de cérémonie accepté');
  return r.error.join('\n');
}

describe('public verification of the key ceremony', () => {
  test('the genuine folder is accepted and gives the published key', () => {
    expect(verifyCeremonyRecord(files)).toEqual({ ok: true, value: key });
    expect(verifyJournalLines(files.journal.trimEnd().split('\n'))).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ action: 'publish' })]) });
  });

  test('one commitment changed in election-key.json is refused, re-journaled or not', () => {
    const altered = structuredClone(key);
    altered.commitments[1]![1] = encodePoint(G.multiply(randomScalar()));
    const withKey = { ...files, electionKey: text(altered) };
    expect(problems(withKey)).toMatch(/election-key\.json n’est pas le fichier consigné au journal \(entrée n° 11\)/);
    expect(problems(rejournal(withKey))).toMatch(/election-key\.json diffère de la clé que recalculent les contributions/);
  });

  test('a holder’s proof of knowledge altered (either coefficient) is refused, naming the holder and the coefficient', () => {
    for (const k of [0, 1]) {
      const c = JSON.parse(files.contributions[1]!) as Contribution;
      c.proofs[k]!.z = encodeScalar(randomScalar());
      const tampered = { ...files, contributions: files.contributions.map((t, i) => (i === 1 ? text(c) : t)) };
      expect(problems(tampered)).toMatch(/contribution-2\.json n’est pas le fichier consigné au journal/);
      expect(problems(rejournal(tampered))).toMatch(new RegExp(`La preuve de connaissance du détenteur 2 pour son coefficient ${k} est invalide`));
    }
  });

  test('an altered journal line is refused, naming the line', () => {
    const lines = files.journal.trimEnd().split('\n');
    lines[2] = lines[2]!.replace('Détenteur 2', 'Détenteur X');
    expect(problems({ ...files, journal: lines.join('\n') + '\n' })).toMatch(/Journal de cérémonie \(journal\.jsonl\) : entrée 3 du journal altérée/);
    const genuine = files.journal.trimEnd().split('\n');
    const dropped = [...genuine.slice(0, 5), ...genuine.slice(6)];
    expect(problems({ ...files, journal: dropped.join('\n') + '\n' })).toMatch(/entrée 6 du journal altérée/);
  });

  test('a rogue key (C_30 = x·G − C_10 − C_20, which lets holder 3 decrypt alone) is refused, though its key file is self-consistent', () => {
    const contributions = files.contributions.map((t) => JSON.parse(t) as Contribution);
    const x = randomScalar();
    const rogue0 = G.multiply(x).subtract(decodePoint(contributions[0]!.commitments[0]!)).subtract(decodePoint(contributions[1]!.commitments[0]!));
    contributions[2]!.commitments = [encodePoint(rogue0), contributions[2]!.commitments[1]!];
    const commitments = contributions.map((c) => c.commitments);
    const points = commitments.map((pair) => pair.map(decodePoint));
    const publicKey = points.reduce((acc, p) => acc.add(p[0]!), Point.ZERO);
    expect(publicKey.equals(G.multiply(x))).toBe(true);
    const base = { ceremonyId: key.ceremonyId, electionCode: key.electionCode, publicKey: encodePoint(publicKey), commitments };
    const rogueKey: ElectionKey = {
      ...key,
      ...base,
      verificationKeys: [1, 2, 3].map((h) => encodePoint(points.reduce((acc, p) => acc.add(p[0]!).add(p[1]!.multiply(BigInt(h))), Point.ZERO))),
      keyFingerprint: electionKeyFingerprint(base),
    };
    // The key file alone passes: only the ceremony's proofs can tell.
    expect(verifyElectionKey(rogueKey).ok).toBe(true);
    const tampered = rejournal({ ...files, contributions: contributions.map(text), electionKey: text(rogueKey) });
    expect(problems(tampered)).toMatch(/La preuve de connaissance du détenteur 3 pour son coefficient 0 est invalide/);
  });

  test('an unknown field or a missing file is refused, naming the file', () => {
    const c = JSON.parse(files.finalizations[0]!) as Record<string, unknown>;
    expect(problems(rejournal({ ...files, finalizations: files.finalizations.map((t, i) => (i === 0 ? text({ ...c, note: 1 }) : t)) }))).toMatch(/finalization-1\.json invalide : champ inconnu « note »/);
    expect(problems({ ...files, registrations: ['', files.registrations[1]!, files.registrations[2]!] })).toMatch(/registration-1\.json illisible/);
  });
});
