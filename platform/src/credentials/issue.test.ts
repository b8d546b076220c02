import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatform } from '../load/load.js';
import { describeEachPlatformDatabase } from '../testing/databases.js';
import { runCeremony, testLoadFile } from '../testing/election.js';
import { loginVoter } from '../voting/sessions.js';
import { issueCredentials, type Letter, type LetterSink } from './issue.js';
import { LetterFileExists, pdfFileSink } from './letters-pdf.js';

const file = testLoadFile(7);
// Names outside Latin-1 (issue 12): the letters of the second run carry them.
file.voters[4]!.lastName = 'DVOŘÁK';
file.voters[4]!.firstNames = 'Zdeněk';
file.voters[5]!.lastName = 'ŐRSI';
file.voters[5]!.firstNames = 'Łucja';
const birthDates = new Map(file.voters.map((v) => [v.voterNumber, v.birthDate]));
const ctx = { electionName: file.name, chamber: file.chamber, opensAt: new Date(file.opensAt), closesAt: new Date(file.closesAt), timeZone: 'Europe/Paris', boothUrl: 'https://vote.example.fr' };

describeEachPlatformDatabase('credential letters, atomic per batch', (get) => {
  const dir = mkdtempSync(join(tmpdir(), 'courriers-'));
  const kept: Letter[] = [];
  const keeping = (inner: LetterSink): LetterSink => async (letters, batch) => {
    await inner(letters, batch);
    kept.push(...letters);
  };
  const issuedCount = async () => (await get().db.query<{ n: number }>('SELECT count(*)::int AS n FROM voter_file.voter WHERE password_hash IS NOT NULL')).rows[0]!.n;

  beforeAll(async () => {
    const loaded = await loadPlatform(get().db, file, runCeremony(file.electionCode).key);
    if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('commits no password whose letter was not written: a failure at batch 2 keeps batch 1 only', async () => {
    const failAtTwo: LetterSink = async (_letters, batch) => {
      if (batch.number === 2) throw new Error('imprimante hors ligne');
    };
    await expect(issueCredentials(get().db, { actor: 'test', batchSize: 3 }, keeping(failAtTwo))).rejects.toThrow('imprimante hors ligne');
    expect(kept.map((l) => l.voterNumber)).toEqual(['E000001', 'E000002', 'E000003']);
    expect(await issuedCount()).toBe(3);
  });

  it('a rerun issues the others only, in PDF files where DVOŘÁK and ŐRSI read as such', async () => {
    const written: string[] = [];
    const r = await issueCredentials(get().db, { actor: 'test', batchSize: 3 }, keeping(pdfFileSink('courriers.pdf', (name) => join(dir, name), ctx, written)));
    expect(r).toEqual({ ok: true, value: { letters: 4, batches: 2 } });
    expect(written).toEqual(['courriers-lot-001.pdf', 'courriers-lot-002.pdf']);
    const text = written.map((name) => spawnSync('pdftotext', [join(dir, name), '-'], { encoding: 'utf8' }).stdout).join('\n');
    for (const expected of ['Zdeněk DVOŘÁK', 'Łucja ŐRSI', 'Lot 1/2 — courrier 1/3', 'Lot 2/2 — courrier 1/1']) expect(text).toContain(expected);
    expect(await issuedCount()).toBe(7);
  });

  it('leaves every voter with exactly one letter whose password opens a session', async () => {
    expect(kept.map((l) => l.voterNumber).sort()).toEqual(file.voters.map((v) => v.voterNumber));
    for (const l of kept) {
      expect(l.password).toMatch(/^([a-z2-9]{4}-){4}[a-z2-9]{4}$/);
      const session = await loginVoter(get().db, { identifier: l.identifier, password: l.password, birthDate: birthDates.get(l.voterNumber)! }, new Date());
      expect([l.voterNumber, session.ok]).toEqual([l.voterNumber, true]);
    }
    const wrong = await loginVoter(get().db, { identifier: kept[0]!.identifier, password: kept[1]!.password, birthDate: birthDates.get(kept[0]!.voterNumber)! }, new Date());
    expect(wrong.ok).toBe(false);
  });

  it('a third run has nothing left to issue', async () => {
    const r = await issueCredentials(get().db, { actor: 'test' }, async () => {
      throw new Error('aucun lot attendu');
    });
    expect(r).toEqual({ ok: true, value: { letters: 0, batches: 0 } });
  });

  it('never overwrites a letter file: the reissue is refused and the old password still works', async () => {
    const old = kept.find((l) => l.voterNumber === 'E000005')!;
    const written: string[] = [];
    const reissue = issueCredentials(get().db, { actor: 'test', reissue: true, voterNumbers: ['E000005'] }, pdfFileSink('courriers-lot-001.pdf', (name) => join(dir, name), ctx, written));
    await expect(reissue).rejects.toThrow(LetterFileExists);
    await expect(reissue).rejects.toThrow('Le fichier courriers-lot-001.pdf existe déjà');
    expect(written).toEqual([]);
    const session = await loginVoter(get().db, { identifier: old.identifier, password: old.password, birthDate: birthDates.get(old.voterNumber)! }, new Date());
    expect(session.ok).toBe(true);
  });
});

describeEachPlatformDatabase('credential letters, several batches at once', (get) => {
  beforeAll(async () => {
    const loaded = await loadPlatform(get().db, testLoadFile(10), runCeremony('CCITEST26').key);
    if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  });

  it('commits exactly the batches whose letters were kept, waits for every batch before failing, and a rerun completes', async () => {
    const kept: Letter[] = [];
    let inFlight = 0;
    let most = 0;
    const slowFailingTwo: LetterSink = async (letters, batch) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 50));
      inFlight--;
      if (batch.number === 2) throw new Error('disque plein');
      kept.push(...letters);
    };
    await expect(issueCredentials(get().db, { actor: 'test', batchSize: 2, parallelBatches: 3 }, slowFailingTwo)).rejects.toThrow('disque plein');
    expect(most).toBe(3);
    const committed = async () => (await get().db.query<{ voter_number: string }>('SELECT voter_number FROM voter_file.voter WHERE password_hash IS NOT NULL ORDER BY voter_number')).rows.map((r) => r.voter_number);
    expect(await committed()).toEqual(kept.map((l) => l.voterNumber).sort());
    // Batches 1 and 3 ran beside the failing batch 2; a lane freed before the failure may have taken batch 4.
    expect(kept.map((l) => l.voterNumber)).toEqual(expect.arrayContaining(['E000001', 'E000002', 'E000005', 'E000006']));
    expect(kept.map((l) => l.voterNumber)).not.toContain('E000003');
    const before = kept.length;
    const rerun = await issueCredentials(get().db, { actor: 'test', batchSize: 2, parallelBatches: 3 }, async (letters) => {
      kept.push(...letters);
    });
    expect(rerun).toEqual({ ok: true, value: { letters: 10 - before, batches: Math.ceil((10 - before) / 2) } });
    expect(kept.map((l) => l.voterNumber).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `E${String(i + 1).padStart(6, '0')}`));
    expect(await committed()).toHaveLength(10);
  });
});
