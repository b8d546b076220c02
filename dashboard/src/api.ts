/**
 * The one door to the station: JSON in and out, the CSRF header on every change, and
 * French errors. A 401 anywhere means the session is gone: the app goes back to the
 * login screen with « Session expirée » instead of showing a broken page.
 */
import { HttpError } from '@scrutin/server-kit/http-error.js';

export type SessionView = {
  user: { login: string; displayName: string; roles: string[]; roleLabels: string[]; mustChangePassword: boolean };
  csrfToken: string;
  stationId: string;
  expiresAt: string;
  /** The election's IANA zone (Europe/Paris before an election exists). */
  timeZone: string;
};

/** The station's refusal as the browser receives it; status 0 when the screen refuses before sending. */
export class ApiError extends HttpError {}

/** A request that never reached the station (cable pulled, station restarting). */
export class NetworkError extends Error {
  constructor() {
    super('Station injoignable : vérifiez le réseau.');
  }
}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export function onSessionLost(handler: () => void): void {
  onUnauthenticated = handler;
}

function toApiError(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  if (e?.message) return new ApiError(status, e.code ?? 'ERREUR', e.message, e.details);
  return new ApiError(status, 'HTTP_' + status, `La station a répondu ${status} : opération non effectuée.`);
}

async function parseBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, init: { raw?: BodyInit; contentType?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (init.raw !== undefined) headers['Content-Type'] = init.contentType ?? 'application/octet-stream';
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch {
    throw new NetworkError();
  }
  const parsed = await parseBody(res);
  if (res.ok) return parsed as T;
  const error = toApiError(res.status, parsed);
  if (res.status === 401 && !path.startsWith('/api/auth/login')) onUnauthenticated?.();
  throw error;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/**
 * Raw upload with progress (fetch gives no upload progress): the roll CSV and the PDF
 * to verify. Resolves with the parsed JSON, rejects with an ApiError or NetworkError.
 */
export function upload<T>(path: string, file: Blob, contentType: string, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Content-Type', contentType);
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new NetworkError());
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
        return;
      }
      if (xhr.status === 401) onUnauthenticated?.();
      reject(toApiError(xhr.status, body));
    };
    xhr.send(file);
  });
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError || e instanceof NetworkError) return e.message;
  return 'Erreur inattendue : ' + String((e as Error)?.message ?? e);
}

/**
 * A signed document (PV, results export) fetched as bytes and handed to the browser as a
 * download; JSON errors come back as ApiError like everywhere else.
 */
export async function download(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ fileName: string; sha256: string | null; size: number }> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken;
    headers['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new NetworkError();
  }
  if (!res.ok) {
    if (res.status === 401) onUnauthenticated?.();
    throw toApiError(res.status, await parseBody(res));
  }
  const blob = await res.blob();
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'document';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { fileName, sha256: res.headers.get('X-Content-SHA256'), size: blob.size };
}
