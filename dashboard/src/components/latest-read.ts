/**
 * Orders the answers of a resource read again and again (polling, reload after an action): an answer is
 * shown only if its read was started after the one whose answer is on screen, and after the last action
 * whose answer replaced it. Answers arrive in any order: an answer to a read sent before an action that
 * changed the resource would otherwise put the old state back on screen until the next read (a count sheet
 * highlighted as mismatched after its correction was accepted). A newer answer never waits for an older
 * one, so a screen whose reads each take longer than its refresh interval still moves on.
 */
export type LatestRead = {
  /** Starts a read; the function returned is called once its answer (or error) arrives: true when it may be shown, which makes it the one on screen. */
  begin(): () => boolean;
  /** The state on screen was just replaced by an action's answer: the reads already started become stale. */
  supersede(): void;
};

/** A new guard; no read started. */
export function latestRead(): LatestRead {
  let issued = 0;
  let shown = 0;
  return {
    begin() {
      const n = ++issued;
      return () => {
        if (n <= shown) return false;
        shown = n;
        return true;
      };
    },
    supersede() {
      shown = ++issued;
    },
  };
}
