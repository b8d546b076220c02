/**
 * Keyboard-wedge capture: a scanner that types its code as a burst of keystrokes ending
 * with Enter. Bursts are caught on the window while no text field has the focus, and
 * swallowed so they neither click the focused button nor scroll the page; a person
 * typing slowly is never mistaken for a scanner. Written against the browser adapter that
 * scanner-drivers/src/wedge is to provide (same options); swap the import when it lands.
 */
export type WedgeOptions = {
  onScan: (code: string) => void;
  /** Shorter bursts are keystrokes, not codes. */
  minLength?: number;
  /** Longest pause between two keystrokes of one burst. */
  maxGapMs?: number;
  now?: () => number;
};

const isEditable = (el: EventTarget | null): boolean => {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && !['button', 'submit', 'checkbox', 'radio', 'reset', 'file'].includes(el.type);
};

export function attachWedge(target: Window, options: WedgeOptions): () => void {
  const minLength = options.minLength ?? 4;
  const maxGapMs = options.maxGapMs ?? 80;
  const now = options.now ?? (() => performance.now());
  let buffer = '';
  let last = 0;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey || isEditable(e.target)) return;
    const t = now();
    if (t - last > maxGapMs) buffer = '';
    if (e.key === 'Enter' || e.key === 'Tab') {
      if (buffer.length >= minLength) {
        e.preventDefault();
        e.stopPropagation();
        const code = buffer;
        buffer = '';
        options.onScan(code);
      } else {
        buffer = '';
      }
      return;
    }
    if (e.key.length !== 1 || (e.key === ' ' && buffer === '')) return;
    buffer += e.key;
    last = t;
    e.preventDefault();
    e.stopPropagation();
  };

  target.addEventListener('keydown', onKeyDown, true);
  return () => target.removeEventListener('keydown', onKeyDown, true);
}
