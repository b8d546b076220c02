/**
 * Orders the answers of a resource read again and again (polling, reload after an action): only the
 * answer to the read issued last may be shown. Answers arrive in any order, and an answer to a read sent
 * before an action that changed the resource would otherwise put the old state back on screen until the
 * next read, as a count sheet highlighted as mismatched after its correction was accepted.
 */
export type LatestRead = {
  /** Starts a read; the function returned says, when its answer arrives, whether it may still be shown. */
  begin(): () => boolean;
  /** Makes every read already started stale: the state was just replaced by a newer one (an action's answer). */
  supersede(): void;
};

/** A new guard; no read started. */
export function latestRead(): LatestRead {
  let issued = 0;
  return {
    begin() {
      const n = ++issued;
      return () => n === issued;
    },
    supersede() {
      issued++;
    },
  };
}
