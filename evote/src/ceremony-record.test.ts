// Issue 13, item 2: the public verification reads the whole key ceremony. Each tamper is also re-journaled
// (the chain recomputed, as whoever holds the folder could) so that each check is shown to hold alone.
import { runCeremony } from './fixtures.test-helpers.js';
import { journalEntryHash, nextJournalLine, publishedFileHash, verifyCeremonyRecord, verifyJournalLines, type CeremonyFiles, type JournalEntry } from './ceremony-record.js';
import { electionKeyFingerprint, verifyElectionKey, type Contribution } from './dkg.js';
import { G, Point, decodePoint, encodePoint, encodeScalar, randomScalar } from './group.js';
import type { ElectionKey } from './schemas.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';

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

// docs/formats/urn.md §2.7 C3 and §1.1: what the journal's entries may hold beyond their chain, and the
// identity refused where an honest ceremony never has it. Each journal is re-chained, as whoever holds the
// folder could, so that only the rule under test can refuse it.
describe('journal entries and identity points (C1, C3)', () => {
  type Entry = Record<string, unknown>;
  const entries = (): Entry[] =>
    files.journal.trimEnd().split('\n').map((line) => {
      const { seq: _seq, previous: _previous, hash: _hash, ...entry } = JSON.parse(line) as JournalEntry;
      return entry;
    });
  const chained = (list: Entry[]): CeremonyFiles => {
    const lines: string[] = [];
    for (const { at, ...entry } of list) lines.push(nextJournalLine(lines[lines.length - 1], entry, new Date(String(at))).line);
    return { ...files, journal: lines.join('\n') + '\n' };
  };

  test('the genuine journal re-chained is accepted (the helper changes nothing by itself)', () => {
    expect(verifyCeremonyRecord(chained(entries()))).toEqual({ ok: true, value: key });
  });

  test('a complaint, a repeated step, an unknown action or holder are refused', () => {
    const list = entries();
    const complaint = { action: 'complaint', at: list[0]!.at, holder: 2, reason: 'La part envoyée par le détenteur 1 ne correspond pas à ses engagements publics : réclamation à consigner.' };
    expect(problems(chained([...list.slice(0, 9), complaint, ...list.slice(9)]))).toMatch(
      /Le journal de cérémonie consigne une réclamation du détenteur 2 \(entrée n° 10\) : La part envoyée par le détenteur 1/,
    );
    expect(problems(chained([...list.slice(0, 3), list[2]!, ...list.slice(3)]))).toMatch(/consigne deux fois l’étape « register » du détenteur 2 \(entrées n° 3 et 4\)/);
    expect(problems(chained([...list, list[list.length - 1]!]))).toMatch(/consigne deux fois l’étape « publish » \(entrées n° 11 et 12\)/);
    expect(problems(chained([...list, { action: 'note', at: list[0]!.at }]))).toMatch(/entrée n° 12\) consigne une action inconnue « note »/);
    expect(problems(chained([...list, { ...list[1]!, holder: 4 }]))).toMatch(/entrée n° 12\) consigne un détenteur invalide/);
  });

  test('a step field differing from its file is refused, for each step that repeats one', () => {
    const cases: [number, string, unknown, RegExp][] = [
      [0, 'electionCode', 'CCI-AUTRE', /entrée n° 1\) consigne un champ « electionCode » différent de celui de ceremony\.json/],
      [2, 'name', 'Détenteur X', /entrée n° 3\) consigne un champ « name » différent de celui de registration-2\.json/],
      [6, 'commitments', [key.commitments[0]![0], key.commitments[0]![1]], /entrée n° 7\) consigne un champ « commitments » différent de celui de contribution-3\.json/],
      [7, 'verificationKey', key.verificationKeys[2], /entrée n° 8\) consigne un champ « verificationKey » différent de celui de finalization-1\.json/],
    ];
    for (const [i, field, value, reason] of cases) expect(problems(chained(entries().map((e, k) => (k === i ? { ...e, [field]: value } : e))))).toMatch(reason);
  });

  test('a journal time not written as toISOString writes it is refused', () => {
    // Chained by hand: nextJournalLine always writes toISOString.
    const lines: string[] = [];
    entries().forEach((e, k) => {
      const body = { ...e, seq: k + 1, at: k === 4 ? '2026-11-20T09:30:00Z' : e.at, previous: k === 0 ? 'genesis' : (JSON.parse(lines[k - 1]!) as JournalEntry).hash };
      lines.push(canonicalJson({ ...body, hash: journalEntryHash(body) }));
    });
    expect(problems({ ...files, journal: lines.join('\n') + '\n' })).toBe('Journal de cérémonie (journal.jsonl) : entrée 5 du journal altérée.');
  });

  test('the manifest fingerprint recorded at publish must be the urn’s, when one was recorded', () => {
    const fingerprint = 'ab'.repeat(32);
    const published = chained(entries().map((e) => (e.action === 'publish' ? { ...e, manifestFingerprint: fingerprint } : e)));
    expect(verifyCeremonyRecord(published, { manifestFingerprint: fingerprint })).toEqual({ ok: true, value: key });
    expect(verifyCeremonyRecord(published, { manifestFingerprint: 'cd'.repeat(32) })).toMatchObject({
      ok: false,
      error: [expect.stringMatching(/L’empreinte de l’élection consignée au journal de cérémonie \(publication\) n’est pas celle de l’urne/)],
    });
    // Published without --manifest (null): nothing to compare.
    expect(verifyCeremonyRecord(files, { manifestFingerprint: 'cd'.repeat(32) })).toEqual({ ok: true, value: key });
  });

  test('an identity commitment or proof commitment is refused by the schema, naming the field', () => {
    const identity = 'A'.repeat(43);
    const c = JSON.parse(files.contributions[0]!) as Contribution;
    const withC = { ...c, commitments: [c.commitments[0]!, identity] };
    expect(problems(rejournal({ ...files, contributions: files.contributions.map((t, i) => (i === 0 ? text(withC) : t)) }))).toMatch(
      /contribution-1\.json invalide : champ « commitments\.1 » : élément neutre refusé/,
    );
    const withT = { ...c, proofs: [c.proofs[0]!, { ...c.proofs[1]!, t: identity }] };
    expect(problems(rejournal({ ...files, contributions: files.contributions.map((t, i) => (i === 0 ? text(withT) : t)) }))).toMatch(/champ « proofs\.1\.t » : élément neutre refusé/);
  });
});
