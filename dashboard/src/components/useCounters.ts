import { useEffect, useState } from 'react';
import type { Counters } from '@scrutin/contract/scanning-types.js';
import { get } from '../api.js';

/**
 * Live counters from the station's Server-Sent Events (event `counters`); the browser
 * reconnects by itself after a drop, and the screen says when the stream is down.
 */
export function useCounters(): { counters: Counters | null; live: boolean; receivedAt: number | null } {
  const [counters, setCounters] = useState<Counters | null>(null);
  const [live, setLive] = useState(false);
  const [receivedAt, setReceivedAt] = useState<number | null>(null);
  useEffect(() => {
    let closed = false;
    void get<Counters>('/api/counters')
      .then((c) => !closed && setCounters((prev) => prev ?? c))
      .catch(() => undefined);
    const source = new EventSource('/api/events');
    source.addEventListener('counters', (e) => {
      setCounters(JSON.parse((e as MessageEvent<string>).data) as Counters);
      setReceivedAt(Date.now());
      setLive(true);
    });
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    return () => {
      closed = true;
      source.close();
    };
  }, []);
  return { counters, live, receivedAt };
}
