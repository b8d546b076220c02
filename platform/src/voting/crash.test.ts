// Issue 14, item 1: a real platform process receiving votes is killed (SIGKILL) while votes wait for their
// anonymity batch. After a restart: for every right, emarged ⇔ its ballots are in the urn (both or
// neither); every vote that was acknowledged is there; the voters who got no answer vote again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, DatabaseKind } from '@scrutin/db';
import { ballotHash, ballotLine, checkUrnLines } from '@scrutin/evote';
import { createServerDatabase, databaseKinds } from '@scrutin/test';
import { closeVote } from '../close/close.js';
import { createContext } from '../context.js';
import { openPlatformDatabase } from '../database.js';
import { loadPlatform } from '../load/load.js';
import { addStaff, openVote, type Staff } from '../operations.js';
import { encryptForUrns, issueLettersInMemory, runCeremony, testLoadFile } from '../testing/election.js';
import { loginVoter, VOTER_COOKIE } from './sessions.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'scrutin-platform.js');
const K = 16;
const VOTERS = 40;

for (const kind of databaseKinds() as DatabaseKind[]) {
  describe(`a platform killed while votes wait for their batch [${kind}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrutin-platform-crash-'));
    const file = testLoadFile(VOTERS);
    const ceremony = runCeremony(file.electionCode);
    let server: { url: string; drop(): Promise<void> } | null = null;
    let child: ChildProcess | null = null;
    /** `retries`: after the restart, the few voters left are written together after a short timer. */
    const env = (retries = false): NodeJS.ProcessEnv => {
      const e: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_OPTIONS: '',
        PLATFORM_VERIFY_WORKERS: '0',
        // Only full batches of K: whatever waits beyond them when the process dies was never acknowledged.
        PLATFORM_ANONYMITY_BATCH: String(K),
        PLATFORM_ANONYMITY_MINIMUM: retries ? '1' : String(K),
        PLATFORM_ANONYMITY_TIMER_MS: retries ? '300' : '600000',
        PLATFORM_ANONYMITY_MAX_WAIT_MS: '600000',
      };
      if (server) e.PLATFORM_DATABASE_URL = server.url;
      else {
        delete e.PLATFORM_DATABASE_URL;
        e.PLATFORM_DATA = join(dir, 'donnees');
      }
      return e;
    };
    const open = async (): Promise<Db> => (server ? openPlatformDatabase({ url: server.url }) : openPlatformDatabase({ dataDir: join(dir, 'donnees') }));
    const start = async (retries = false): Promise<string> => {
      child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: dir, env: env(retries), stdio: ['ignore', 'pipe', 'pipe'] });
      return new Promise<string>((resolve, reject) => {
        let out = '';
        child!.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /écoute sur (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child!.once('exit', (code) => reject(new Error(`serve s’est arrêté (${code})`)));
      });
    };
    const stop = async (signal: NodeJS.Signals) => {
      const c = child!;
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill(signal);
      await exited;
      child = null;
    };

    type Vote = { rightId: number; session: { token: string; csrfToken: string }; ballots: unknown[]; fingerprints: string[] };
    const votes: Vote[] = [];
    let admin: Staff;

    beforeAll(async () => {
      if (kind === 'postgres') server = await createServerDatabase();
      const db = await open();
      const loaded = await loadPlatform(db, file, ceremony.key);
      if (!loaded.ok) throw new Error(loaded.error.join());
      const letters = await issueLettersInMemory(db);
      const a = await addStaff(db, { login: 'admin', displayName: 'A', role: 'admin', password: 'phare-ouverture-2026' });
      if (!a.ok || !(await openVote(db, a.value)).ok) throw new Error('ouverture');
      admin = a.value;
      const ctx = createContext(db, undefined, {}, { size: 1 });
      const e = (await ctx.election())!;
      for (const v of file.voters) {
        const letter = letters.find((l) => l.voterNumber === v.voterNumber)!;
        const s = await loginVoter(db, { identifier: letter.identifier, password: letter.password, birthDate: v.birthDate }, new Date());
        if (!s.ok) throw new Error(s.error);
        const right = v.rights[0]!;
        const units = e.units.filter((u) => u.categoryCode === right.categoryCode && u.subcategoryCode === right.subcategoryCode);
        const ballots = encryptForUrns(e, ceremony.key, units.map((u) => ({ urnId: u.urnId, marks: [0] })));
        votes.push({ rightId: right.id, session: s.value, ballots, fingerprints: ballots.map((b) => ballotHash(ballotLine(b))) });
      }
      await ctx.close();
      await db.close();
    }, 300_000);
    afterAll(async () => {
      if (child) await stop('SIGKILL');
      await server?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const cast = (url: string, v: Vote) =>
      fetch(`${url}/api/vote`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: `${VOTER_COOKIE}=${v.session.token}`, 'X-CSRF-Token': v.session.csrfToken },
        body: JSON.stringify({ rightId: v.rightId, ballots: v.ballots }),
      });

    test('SIGKILL with votes waiting: both or neither for every right, every acknowledged vote kept, the others vote again', async () => {
      let url = await start();
      const acknowledged = new Set<number>();
      // All at once: the first K fill a batch and are answered after its commit; the process is killed as
      // soon as that first answer arrives, with later votes waiting for their batch or being written.
      let killed: Promise<void> | null = null;
      const answers = await Promise.allSettled(
        votes.map(async (v) => {
          const res = await cast(url, v);
          if (res.status === 200) {
            acknowledged.add(v.rightId);
            killed ??= stop('SIGKILL');
          }
          return res.status;
        }),
      );
      await killed;
      // The kill follows the first answer at once: the rest of that batch may be committed but unanswered.
      expect(acknowledged.size).toBeGreaterThan(0);
      // Some requests died with the process: their voters never got an answer.
      expect(answers.filter((a) => a.status === 'rejected').length).toBeGreaterThan(0);

      url = await start(true);
      const retried = await Promise.all(
        votes.filter((x) => !acknowledged.has(x.rightId)).map(async (v) => {
          const res = await cast(url, v);
          const body = (await res.json()) as { receipt?: unknown; error?: { code: string } };
          if (res.status === 200) acknowledged.add(v.rightId);
          return res.status === 200 ? 'OK' : body.error?.code;
        }),
      );
      // A vote whose batch committed just before the kill, though never answered, is already in: the
      // voter is told so; every other voter votes now.
      for (const r of retried) expect(['OK', 'ALREADY_VOTED']).toContain(r);
      await stop('SIGTERM');

      const db = await open();
      try {
        const emarged = new Set((await db.query<{ right_id: string }>('SELECT right_id FROM voter_file.emargement')).rows.map((r) => Number(r.right_id)));
        const inUrn = new Set((await db.query<{ fingerprint: string }>('SELECT fingerprint FROM urn.ballot')).rows.map((r) => r.fingerprint));
        for (const v of votes) {
          const present = v.fingerprints.filter((f) => inUrn.has(f)).length;
          // Both or neither, for every right; and every right has now voted.
          expect([v.rightId, emarged.has(v.rightId), present]).toEqual([v.rightId, true, v.fingerprints.length]);
        }
        for (const id of acknowledged) expect(emarged.has(id)).toBe(true);
        expect(inUrn.size).toBe(votes.reduce((n, v) => n + v.fingerprints.length, 0));
        // The batch chain survived the crash: the close rebuilds and checks it, and the sealed urn verifies.
        const closing = createContext(db, () => new Date(Date.parse(file.closesAt) + 1000), {}, { size: 1 });
        const closed = await closeVote(closing, admin);
        if (!closed.ok) throw new Error(closed.error.message);
        const checked = checkUrnLines(closed.value.urn.split('\n'));
        if (!checked.ok) throw new Error(checked.error);
        expect(checked.value.check.problems).toEqual([]);
        expect(checked.value.check.chain?.heads.length).toBeGreaterThanOrEqual(2);
        await closing.close();
      } finally {
        await db.close();
      }
    }, 600_000);
  });
}
