/**
 * Progressive delay per address and login: free for 3 failures, then 1 s, 2 s, 4 s…
 * up to 5 minutes; forgotten 15 minutes after the last failure.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, { count: number; last: number }>();

  waitFor(key: string, now = Date.now()): number {
    const f = this.failures.get(key);
    if (!f) return 0;
    if (now - f.last > 15 * 60_000) {
      this.failures.delete(key);
      return 0;
    }
    if (f.count < 3) return 0;
    const delay = Math.min(1000 * 2 ** (f.count - 3), 5 * 60_000);
    return Math.max(0, f.last + delay - now);
  }

  failure(key: string, now = Date.now()): void {
    const f = this.failures.get(key) ?? { count: 0, last: now };
    this.failures.set(key, { count: f.count + 1, last: now });
  }

  success(key: string): void {
    this.failures.delete(key);
  }
}
