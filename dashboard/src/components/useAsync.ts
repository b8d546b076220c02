import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../api.js';
import { latestRead } from './latest-read.js';

/**
 * Loads data once and on demand; errors become French text, never an exception in render. An answer is
 * shown only if no newer one is (latest-read.ts); `replace` shows an action's answer at once, and the
 * reads sent before it can no longer put the older state back.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const guard = useRef(latestRead()).current;
  const reload = useCallback(async () => {
    const answered = guard.begin();
    try {
      const value = await load();
      if (!answered()) return;
      setData(value);
      setError(null);
    } catch (e) {
      if (answered()) setError(errorText(e));
    }
  }, deps);
  const replace = useCallback((update: (previous: T | null) => T | null) => {
    guard.supersede();
    setData(update);
    setError(null);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload, replace };
}

/**
 * Calls `tick` every `ms` milliseconds while `enabled`. A tick while the last one is still unanswered (a slow
 * or unreachable station) sends nothing more: reads do not pile up behind an outage.
 */
export function usePolling(tick: () => Promise<unknown>, ms: number, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void tick().finally(() => (busy = false));
    }, ms);
    return () => clearInterval(timer);
  }, [tick, ms, enabled]);
}

/** Runs one action at a time and keeps its outcome for display. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const run = useCallback(async (action: () => Promise<string | void>) => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await action();
      if (text) setMessage({ kind: 'ok', text });
      return true;
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, message, run, setMessage };
}
