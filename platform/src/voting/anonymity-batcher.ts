/**
 * The anonymity batcher (issue 14, item 1; docs/threat-model.md, « Urne et émargement »): verified votes
 * wait in process memory until `size` (k) of them are waiting, or a timer fires, then one call writes them
 * all in one transaction and each waiting request is answered with its own outcome only once that
 * transaction has committed. Nothing else is kept in memory: a process that dies loses only votes that
 * were never acknowledged, which their voters see as an error and cast again.
 */
export type AnonymityOptions = {
  /** k: a batch is written as soon as k votes wait (default 32, PLATFORM_ANONYMITY_BATCH). */
  size?: number;
  /** How often a smaller batch is considered, counted from its oldest vote (ms, default 3000). */
  timerMs?: number;
  /** A timer batch is written only with at least this many votes (default 8, PLATFORM_ANONYMITY_MINIMUM)… */
  minimum?: number;
  /** …unless its oldest vote has waited this long (ms, default 20,000): then it is written whatever its size. */
  maxWaitMs?: number;
};

export const DEFAULT_ANONYMITY: Required<AnonymityOptions> = { size: 32, timerMs: 3000, minimum: 8, maxWaitMs: 20_000 };

type Waiting<T, R> = { item: T; since: number; resolve: (r: R) => void; reject: (e: unknown) => void };

export type Batcher<T, R> = {
  /** Resolves with this item's outcome once its batch is written (or rejects if the write failed). */
  submit(item: T): Promise<R>;
  /** Writes what waits now and resolves when every batch begun so far has finished (close, shutdown). */
  drain(): Promise<void>;
  /** Votes waiting (for tests and the status page). */
  waiting(): number;
};

/**
 * `write` receives a batch's items (in arrival order) and returns one outcome per item, in the same order.
 * `closing()` true makes the timer write at once whatever waits (the vote reaches its closing time).
 */
export function createBatcher<T, R>(write: (items: T[]) => Promise<R[]>, options: AnonymityOptions = {}, closing: () => boolean = () => false): Batcher<T, R> {
  const o = { ...DEFAULT_ANONYMITY, ...options };
  let queue: Waiting<T, R>[] = [];
  let timer: NodeJS.Timeout | null = null;
  const running = new Set<Promise<void>>();

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    const batch = queue.slice(0, o.size);
    queue = queue.slice(o.size);
    const job = write(batch.map((w) => w.item)).then(
      (outcomes) => batch.forEach((w, i) => w.resolve(outcomes[i]!)),
      (e: unknown) => batch.forEach((w) => w.reject(e)),
    );
    running.add(job);
    void job.finally(() => running.delete(job));
    if (queue.length >= o.size) flush();
    else arm();
  };

  const arm = () => {
    if (timer || queue.length === 0) return;
    const oldest = queue[0]!.since;
    const wait = Math.max(0, Math.min(o.timerMs, oldest + o.maxWaitMs - Date.now()));
    timer = setTimeout(() => {
      timer = null;
      if (queue.length >= o.minimum || Date.now() - queue[0]!.since >= o.maxWaitMs || closing()) flush();
      else arm();
    }, wait);
    // A waiting vote keeps its HTTP request, hence the process, alive; the timer alone must not.
    timer.unref();
  };

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, since: Date.now(), resolve, reject });
        if (queue.length >= o.size || closing()) flush();
        else arm();
      });
    },
    async drain() {
      while (queue.length > 0) flush();
      await Promise.allSettled([...running]);
    },
    waiting: () => queue.length,
  };
}
