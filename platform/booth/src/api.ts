import type { Phase } from '../../src/domain/phase';

/** A voter and a staff member may be signed in from the same tab: each session keeps its own CSRF token. */
export type Session = 'voter' | 'staff';
const storageKey = (session: Session) => `csrf.${session}`;
const csrfTokens: Record<Session, string> = { voter: sessionStorage.getItem(storageKey('voter')) ?? '', staff: sessionStorage.getItem(storageKey('staff')) ?? '' };
const sessionOf = (path: string): Session => (path.startsWith('/api/staff/') ? 'staff' : 'voter');

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(method === 'POST' ? { 'X-CSRF-Token': csrfTokens[sessionOf(path)] } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!res.ok) throw new ApiError(res.status, data.error?.code ?? 'ERROR', data.error?.message ?? 'Le serveur ne répond pas : réessayez.');
  return data as T;
}

export function setCsrf(session: Session, token: string): void {
  csrfTokens[session] = token;
  sessionStorage.setItem(storageKey(session), token);
}

export type Contest = { urnId: string; contestName: string; label: string; seats: number; candidates: { index: number; name: string; profession: string; substitute: string | null }[] };
export type Right = { id: number; label: string; voted: boolean; withdrawn: boolean; contests: Contest[] };
export type BallotInfo = {
  voter: { name: string };
  election: { code: string; name: string; chamber: string; closesAt: string; timeZone: string };
  manifest: unknown;
  electionKey: unknown;
  manifestFingerprint: string;
  rights: Right[];
};
export type Receipt = { format: string; electionCode: string; ballots: { urnId: string; fingerprint: string }[]; batch: number; batchHead: string; recordedAt: string; platformKeyFingerprint: string; signature: string };
export type Status = { phase: Phase; suspensionMessage: string | null; opensAt: string | null; closesAt: string | null; election: { name: string; chamber: string; timeZone: string } | null };

export type StaffProfile = { login: string; role: 'admin' | 'oversight_cell'; roleLabel: string; csrfToken: string; defaultSuspensionMessage: string };
export type PlatformEvent = { seq: number; at: string; actor: string; action: string; payload: Record<string, unknown> };
export type ClosingSeal = { electionCode: string; closedAt: string; ballotCount: number; emargementCount: number; urnSha256: string; emargementSha256: string; stateDigest: string; platformKeyFingerprint: string; signature: string };
