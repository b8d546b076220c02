// Simulated voters for the failover tests: each signs in and votes for each of its rights through the
// proxy, as the booth does, with ballots encrypted beforehand (the client's CPU must not blur the timings).
// Like a browser, a voter sends again after a 502/503/504 or a cut connection, and takes « déjà voté »
// (409) after an answer it never got as its vote having been recorded: only a 200 is an acknowledgement.

export type PreparedVoter = { identifier: string; password: string; birthDate: string; rights: { rightId: number; ballots: unknown[] }[] };

/** One request's fate, for the outage measures: when it was sent and ended (ms since epoch), and whether the service answered it. */
export type Attempt = { startedAt: number; at: number; served: boolean };

export type Acknowledged = { rightId: number; ballots: { urnId: string; fingerprint: string }[] };

export type VotingOutcome = { acknowledged: Acknowledged[]; alreadyVoted: number[]; attempts: Attempt[]; failures: string[] };

const UNAVAILABLE = new Set([502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function send(url: string, path: string, init: { body?: unknown; cookie?: string; csrf?: string }, attempts: Attempt[], deadline: number): Promise<{ status: number; body: unknown; cookie: string | undefined; retried: boolean }> {
  for (let retried = false; ; retried = true) {
    const startedAt = Date.now();
    try {
      const res = await fetch(url + path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(init.cookie ? { Cookie: init.cookie } : {}), ...(init.csrf ? { 'X-CSRF-Token': init.csrf } : {}) },
        body: JSON.stringify(init.body ?? {}),
        signal: AbortSignal.timeout(40_000),
      });
      const body = (await res.json().catch(() => null)) as unknown;
      const served = !UNAVAILABLE.has(res.status);
      attempts.push({ startedAt, at: Date.now(), served });
      if (served) return { status: res.status, body, cookie: res.headers.getSetCookie()[0]?.split(';')[0], retried };
      if (res.status === 503 || res.status === 502 || res.status === 504) {
        const message = (body as { error?: { message?: string } } | null)?.error?.message ?? '';
        // Every refusal the voter reads is in French, from the platform or from the proxy's error pages.
        if (!/indisponible/.test(message)) throw new Error(`refus ${res.status} sans message français : ${JSON.stringify(body)}`);
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('refus ')) throw error;
      attempts.push({ startedAt, at: Date.now(), served: false });
    }
    if (Date.now() > deadline) throw new Error(`${path} : service non rétabli avant l’échéance`);
    await sleep(200);
  }
}

/** Runs `voters` through `url` with `concurrency` of them at once; `onAcknowledged` sees each 200 vote as it comes. */
export async function vote(url: string, voters: readonly PreparedVoter[], options: { concurrency: number; deadlineMs: number; onAcknowledged?: (count: number) => void }): Promise<VotingOutcome> {
  const outcome: VotingOutcome = { acknowledged: [], alreadyVoted: [], attempts: [], failures: [] };
  const deadline = Date.now() + options.deadlineMs;
  let next = 0;
  const one = async (v: PreparedVoter) => {
    const login = await send(url, '/api/login', { body: { identifier: v.identifier, password: v.password, birthDate: v.birthDate } }, outcome.attempts, deadline);
    if (login.status !== 200 || !login.cookie) throw new Error(`connexion refusée (${login.status}) : ${JSON.stringify(login.body)}`);
    const csrf = (login.body as { csrfToken: string }).csrfToken;
    for (const r of v.rights) {
      // A session made by one node is used on whichever node the proxy picks next.
      const res = await send(url, '/api/vote', { body: r, cookie: login.cookie, csrf }, outcome.attempts, deadline);
      if (res.status === 200) {
        const receipt = (res.body as { receipt: { ballots: { urnId: string; fingerprint: string }[] } }).receipt;
        outcome.acknowledged.push({ rightId: r.rightId, ballots: receipt.ballots });
        options.onAcknowledged?.(outcome.acknowledged.length);
      } else if (res.retried && res.status === 409 && (res.body as { error: { code: string } }).error.code === 'ALREADY_VOTED') outcome.alreadyVoted.push(r.rightId);
      else throw new Error(`vote refusé (${res.status}) : ${JSON.stringify(res.body)}`);
    }
  };
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < voters.length) {
        const v = voters[next++]!;
        await one(v).catch((e: Error) => outcome.failures.push(`${v.identifier} : ${e.message}`));
      }
    }),
  );
  return outcome;
}

/**
 * How long the service was away after `event` (ms since epoch): until the first request sent after the event
 * that was served, and after the last one that was not (a request held by the node while it reconnects
 * counts as the service away: its voter waits). `failed`: requests refused or cut after the event.
 */
export function outageAfter(attempts: readonly Attempt[], event: number): { failed: number; resumedAfterMs: number } {
  const after = attempts.filter((a) => a.at >= event).sort((a, b) => a.at - b.at);
  const lastFailure = after.filter((a) => !a.served).at(-1)?.at ?? event;
  const resumed = after.find((a) => a.served && a.startedAt >= event && a.at >= lastFailure);
  return { failed: after.filter((a) => !a.served).length, resumedAfterMs: (resumed?.at ?? Infinity) - event };
}
