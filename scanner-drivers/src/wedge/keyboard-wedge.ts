/**
 * Keyboard-wedge scanners type their barcode as a burst of keystrokes a few milliseconds apart,
 * usually ending with Enter; people type 80–300 ms apart. This pure state machine tells them
 * apart from key events and timestamps only. To guarantee that no scanner keystroke ever reaches
 * a focused field, every printable key is held back first; held keys are released (typed into
 * the field by the adapter) as soon as the pace shows a person, and turned into a read when the
 * pace shows a scanner. A person therefore sees each key appear `maxGapMs` late, which is not
 * noticeable, and a scanner never types into the page.
 */
export interface WedgeOptions {
  /** Largest gap between two keys of a scanner burst. */
  maxGapMs: number;
  /** Fewest characters a read may have; shorter fast bursts are released as typing. */
  minLength: number;
  /** Keys that end a burst (not part of the text). */
  terminators: readonly string[];
}

export const defaultWedgeOptions: WedgeOptions = { maxGapMs: 35, minLength: 4, terminators: ['Enter', 'Tab'] };

export interface WedgeKey {
  /** `KeyboardEvent.key`: one character for printable keys. */
  key: string;
  at: number;
  /** Ctrl, Alt or Meta held: a shortcut, never part of a scan. */
  withCommand?: boolean;
}

export interface WedgeState {
  held: string;
  lastAt: number;
}

export const initialWedgeState: WedgeState = { held: '', lastAt: Number.NEGATIVE_INFINITY };

export interface WedgeStep {
  state: WedgeState;
  /** Whether the adapter must stop this key from reaching the page. */
  swallow: boolean;
  /** Characters typed by a person, to insert in order before anything else happens. */
  release: string;
  /** A complete scanner read. */
  read?: string;
}

const modifierKeys = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

function isPrintable(key: string): boolean {
  return [...key].length === 1;
}

/** What held keys become when the burst ends without a terminator or goes slow. */
function settle(held: string, options: WedgeOptions): { release: string; read?: string } {
  if (held.length >= options.minLength && held.length > 1) return { release: '', read: held };
  return { release: held };
}

/** Time passes with no key: called by the adapter's timer at `lastAt + maxGapMs`. */
export function wedgeTick(state: WedgeState, now: number, options: WedgeOptions = defaultWedgeOptions): WedgeStep {
  if (state.held === '' || now - state.lastAt <= options.maxGapMs) return { state, swallow: false, release: '' };
  // A lone key followed by silence is a person; a long fast burst without terminator is a scanner set to send no suffix.
  const result = settle(state.held, options);
  return { state: { held: '', lastAt: state.lastAt }, swallow: false, ...result };
}

export function wedgeKey(state: WedgeState, event: WedgeKey, options: WedgeOptions = defaultWedgeOptions): WedgeStep {
  if (modifierKeys.has(event.key)) return { state, swallow: false, release: '' };
  // A slow key first closes what was held before it.
  let release = '';
  let read: string | undefined;
  let held = state.held;
  if (held !== '' && event.at - state.lastAt > options.maxGapMs) {
    const settled = settle(held, options);
    release = settled.release;
    read = settled.read;
    held = '';
  }
  if (event.withCommand) {
    return { state: { held: '', lastAt: event.at }, swallow: false, release: release + held, ...(read ? { read } : {}) };
  }
  if (options.terminators.includes(event.key)) {
    if (held.length >= options.minLength) {
      return { state: { held: '', lastAt: event.at }, swallow: true, release, read: held };
    }
    // Too short to be a scan: it was typing, and the Enter is the person's own.
    return { state: { held: '', lastAt: event.at }, swallow: false, release: release + held, ...(read ? { read } : {}) };
  }
  if (!isPrintable(event.key)) {
    return { state: { held: '', lastAt: event.at }, swallow: false, release: release + held, ...(read ? { read } : {}) };
  }
  return { state: { held: held + event.key, lastAt: event.at }, swallow: true, release, ...(read ? { read } : {}) };
}
