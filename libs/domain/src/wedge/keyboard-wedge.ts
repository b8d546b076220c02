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
  /** `KeyboardEvent.key`: one character for printable keys, as the station's keyboard layout makes it. */
  key: string;
  at: number;
  /** Ctrl, Alt or Meta held: a shortcut, never part of a scan. */
  withCommand?: boolean;
  /** `KeyboardEvent.code`: the physical key, named after its place on a US keyboard whatever the layout. */
  code?: string;
  /** Shift held (`KeyboardEvent.shiftKey`). */
  shift?: boolean;
}

export interface WedgeState {
  held: string;
  /** The held keys as a US layout makes them from their physical codes; null once a key has no such reading. */
  heldUs: string | null;
  lastAt: number;
}

export const initialWedgeState: WedgeState = { held: '', heldUs: '', lastAt: Number.NEGATIVE_INFINITY };

export interface WedgeStep {
  state: WedgeState;
  /** Whether the adapter must stop this key from reaching the page. */
  swallow: boolean;
  /** Characters typed by a person, to insert in order before anything else happens. */
  release: string;
  /** A complete scanner read. */
  read?: string;
  /** The read was taken from the physical keys: the scanner types for a US keyboard, not this station's layout. */
  usLayout?: boolean;
}

/**
 * The character a US keyboard gives for a physical key (`KeyboardEvent.code`), for what a
 * barcode of ours holds (digits, letters, `-`) and the `]` of an AIM identifier; undefined
 * for any other key. A scanner set up for a US keyboard presses exactly these keys.
 */
export function usCharacter(code: string, shift: boolean): string | undefined {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return shift ? letter[1] : letter[1]!.toLowerCase();
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (digit) return shift && code.startsWith('Digit') ? undefined : digit[1];
  if (code === 'NumpadSubtract' || (code === 'Minus' && !shift)) return '-';
  if (code === 'BracketRight' && !shift) return ']';
  return undefined;
}

/** A generated barcode's alphabet, after an optional AIM identifier. */
const BARCODE_TEXT = /^(?:\][A-Za-z][0-9A-Za-z])?[A-Z0-9-]+$/;

/**
 * What a burst says: the keys as the station's layout typed them, unless they do not form a
 * barcode while the physical keys read on a US layout do. That is a scanner set up for a US
 * keyboard on an AZERTY station: `CCIGO26-0000001-BZ85ZFFZ` arrives as
 * `CCIGOé-)àààààà&)BW_(WFFW`, and the physical keys give the code back exactly. A generated
 * barcode always holds `-` and digits, which no AZERTY key gives unshifted, so the choice is
 * never ambiguous for it; when both readings are barcodes, the layout's wins.
 */
export function burstText(held: string, heldUs: string | null): { text: string; usLayout: boolean } {
  if (heldUs !== null && heldUs !== held && !BARCODE_TEXT.test(held) && BARCODE_TEXT.test(heldUs)) return { text: heldUs, usLayout: true };
  return { text: held, usLayout: false };
}

const modifierKeys = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

function isPrintable(key: string): boolean {
  return [...key].length === 1;
}

/** The step fields of a read out of the held keys. */
function readOf(state: WedgeState): { read: string; usLayout?: boolean } {
  const { text, usLayout } = burstText(state.held, state.heldUs);
  return usLayout ? { read: text, usLayout } : { read: text };
}

/** What held keys become when the burst ends without a terminator or goes slow. */
function settle(state: WedgeState, options: WedgeOptions): { release: string; read?: string; usLayout?: boolean } {
  if (state.held.length >= options.minLength && state.held.length > 1) return { release: '', ...readOf(state) };
  return { release: state.held };
}

/** Time passes with no key: called by the adapter's timer at `lastAt + maxGapMs`. */
export function wedgeTick(state: WedgeState, now: number, options: WedgeOptions = defaultWedgeOptions): WedgeStep {
  if (state.held === '' || now - state.lastAt <= options.maxGapMs) return { state, swallow: false, release: '' };
  // A lone key followed by silence is a person; a long fast burst without terminator is a scanner set to send no suffix.
  const result = settle(state, options);
  return { state: { held: '', heldUs: '', lastAt: state.lastAt }, swallow: false, ...result };
}

export function wedgeKey(state: WedgeState, event: WedgeKey, options: WedgeOptions = defaultWedgeOptions): WedgeStep {
  if (modifierKeys.has(event.key)) return { state, swallow: false, release: '' };
  // A slow key first closes what was held before it.
  let release = '';
  let settled: { read?: string; usLayout?: boolean } = {};
  let current = state;
  if (state.held !== '' && event.at - state.lastAt > options.maxGapMs) {
    const { release: released, ...rest } = settle(state, options);
    release = released;
    settled = rest;
    current = { held: '', heldUs: '', lastAt: state.lastAt };
  }
  const cleared: WedgeState = { held: '', heldUs: '', lastAt: event.at };
  if (event.withCommand) return { state: cleared, swallow: false, release: release + current.held, ...settled };
  if (options.terminators.includes(event.key)) {
    if (current.held.length >= options.minLength) return { state: cleared, swallow: true, release, ...readOf(current) };
    // Too short to be a scan: it was typing, and the Enter is the person's own.
    return { state: cleared, swallow: false, release: release + current.held, ...settled };
  }
  if (!isPrintable(event.key)) return { state: cleared, swallow: false, release: release + current.held, ...settled };
  const us = current.heldUs === null || event.code === undefined ? undefined : usCharacter(event.code, event.shift ?? false);
  const heldUs = us === undefined ? null : current.heldUs + us;
  return { state: { held: current.held + event.key, heldUs, lastAt: event.at }, swallow: true, release, ...settled };
}
