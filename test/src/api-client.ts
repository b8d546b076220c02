/** A small HTTP client that behaves like the dashboard: session cookie plus CSRF header. */
export class ApiClient {
  private cookie = '';
  csrfToken = '';

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
    const isRaw = typeof body === 'string' || body instanceof Uint8Array;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined && !isRaw ? { 'Content-Type': 'application/json' } : {}),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...(this.csrfToken ? { 'X-CSRF-Token': this.csrfToken } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isRaw ? (body as NonNullable<RequestInit["body"]>) : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }

  async login(login: string, password: string, stationId = 'web'): Promise<void> {
    const r = await this.post<{ csrfToken: string; error?: { message: string } }>('/api/auth/login', { login, password, stationId });
    if (r.status !== 200) throw new Error(`connexion refusée pour ${login} : ${JSON.stringify(r.body)}`);
    this.csrfToken = r.body.csrfToken;
  }
}
