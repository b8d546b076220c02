import fc from 'fast-check';
import { defaultWedgeOptions, initialWedgeState, usCharacter, wedgeKey, wedgeTick, type WedgeKey } from './keyboard-wedge.js';

const options = defaultWedgeOptions;
const printable = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'.split(''));

/** Feeds keys, then lets time run out; returns everything typed into the page, in order, and the reads. */
function run(keys: WedgeKey[]): { typed: string; reads: string[]; swallowedEnter: number } {
  let state = initialWedgeState;
  let typed = '';
  let swallowedEnter = 0;
  const reads: string[] = [];
  const apply = (step: ReturnType<typeof wedgeKey>, key?: WedgeKey): void => {
    typed += step.release;
    if (step.read) reads.push(step.read);
    if (key && !step.swallow && [...key.key].length === 1) typed += key.key;
    if (key && step.swallow && key.key === 'Enter') swallowedEnter++;
    if (key && !step.swallow && key.key === 'Enter') typed += '⏎';
    state = step.state;
  };
  for (const key of keys) {
    // The adapter's timer fires before a key that comes after the gap.
    if (key.at - state.lastAt > options.maxGapMs) apply(wedgeTick(state, state.lastAt + options.maxGapMs + 1, options));
    apply(wedgeKey(state, key, options), key);
  }
  apply(wedgeTick(state, state.lastAt + 10_000, options));
  return { typed, reads, swallowedEnter };
}

function burst(text: string, start: number, gaps: number[]): WedgeKey[] {
  const keys = [...text, 'Enter'].map((key, i) => ({ key, at: start + gaps.slice(0, i).reduce((a, b) => a + b, 0) }));
  return keys;
}

describe('keyboard wedge state machine', () => {
  it('reads a scanner burst ending with Enter, and nothing leaks', () => {
    fc.assert(
      fc.property(fc.array(printable, { minLength: options.minLength, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: options.maxGapMs }), { minLength: 41, maxLength: 41 }), (chars, gaps) => {
        const text = chars.join('');
        const result = run(burst(text, 1000, gaps));
        expect(result.reads).toEqual([text]);
        expect(result.typed).toBe('');
        expect(result.swallowedEnter).toBe(1);
      }),
    );
  });

  it('lets a person type: every key arrives in the field in order, no read', () => {
    fc.assert(
      fc.property(fc.array(printable, { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 60, max: 400 }), { minLength: 30, maxLength: 30 }), (chars, gaps) => {
        let at = 0;
        const keys = chars.map((key, i) => ({ key, at: (at += gaps[i] ?? 100) }));
        const result = run([...keys, { key: 'Enter', at: at + 150 }]);
        expect(result.reads).toEqual([]);
        expect(result.typed).toBe(chars.join('') + '⏎');
      }),
    );
  });

  it('loses no keystroke whatever the timing: reads and typed text together are exactly the keys', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(printable, fc.constant('Enter'), fc.constant('Shift')), fc.integer({ min: 0, max: 200 })), { maxLength: 60 }), (events) => {
        let at = 0;
        const keys = events.map(([key, gap]) => ({ key, at: (at += gap) }));
        const result = run(keys);
        const printed = keys.filter((k) => k.key.length === 1).map((k) => k.key).join('');
        const typedChars = result.typed.replaceAll('⏎', '');
        // Reads come out whole and in order among the typed text: removing them leaves the person's keys.
        expect(typedChars.length + result.reads.join('').length).toBe(printed.length);
        expect([...printed].sort().join('')).toBe([...(typedChars + result.reads.join(''))].sort().join(''));
      }),
    );
  });

  it('reads a fast burst without terminator once the pause comes (scanner set to send no suffix)', () => {
    const keys = [...'CCI-0001234'].map((key, i) => ({ key, at: i * 4 }));
    expect(run(keys).reads).toEqual(['CCI-0001234']);
  });
});

/**
 * The French AZERTY layout, for the keys a barcode scanner presses: physical key (`KeyboardEvent.code`)
 * → [without Shift, with Shift]. Written here from the layout itself, independently of usCharacter.
 */
const AZERTY: Record<string, [string, string]> = {
  Digit1: ['&', '1'], Digit2: ['é', '2'], Digit3: ['"', '3'], Digit4: ["'", '4'], Digit5: ['(', '5'],
  Digit6: ['-', '6'], Digit7: ['è', '7'], Digit8: ['_', '8'], Digit9: ['ç', '9'], Digit0: ['à', '0'],
  Minus: [')', '°'], BracketRight: ['$', '£'], KeyQ: ['a', 'A'], KeyW: ['z', 'Z'], KeyA: ['q', 'Q'], KeyZ: ['w', 'W'],
  Semicolon: ['m', 'M'], KeyM: [',', '?'],
};
const azertyKey = (code: string, shift: boolean): string => {
  const entry = AZERTY[code] ?? [code.slice(3).toLowerCase(), code.slice(3)];
  return entry[shift ? 1 : 0];
};

/** The keys a scanner set up for a US keyboard presses for one character. */
function usKeystroke(c: string): { code: string; shift: boolean } {
  if (/[A-Z]/.test(c)) return { code: `Key${c}`, shift: true };
  if (/[a-z]/.test(c)) return { code: `Key${c.toUpperCase()}`, shift: false };
  if (/\d/.test(c)) return { code: `Digit${c}`, shift: false };
  if (c === '-') return { code: 'Minus', shift: false };
  if (c === ']') return { code: 'BracketRight', shift: false };
  throw new Error(`touche inconnue pour ${c}`);
}

/** The keys a scanner set up for an AZERTY keyboard presses for one character (the right configuration here). */
function azertyKeystroke(c: string): { code: string; shift: boolean } {
  if (/\d/.test(c)) return { code: `Digit${c}`, shift: true };
  if (c === '-') return { code: 'Digit6', shift: false };
  const moved: Record<string, string> = { A: 'KeyQ', Q: 'KeyA', Z: 'KeyW', W: 'KeyZ', M: 'Semicolon' };
  return { code: moved[c] ?? `Key${c}`, shift: true };
}

/** A scanner burst as the page sees it: for each character the key the station's layout makes of its keystroke. */
function scannerBurst(text: string, keystroke: (c: string) => { code: string; shift: boolean }, layout: (code: string, shift: boolean) => string): WedgeKey[] {
  const keys: WedgeKey[] = [...text].map((c, i) => {
    const { code, shift } = keystroke(c);
    return { key: layout(code, shift), code, shift, at: 1000 + i * 3 };
  });
  return [...keys, { key: 'Enter', code: 'Enter', at: 1000 + text.length * 3 }];
}

/** Runs keys through the state machine, returning the reads and whether each came from the physical keys. */
function reads(keys: WedgeKey[]): { text: string; usLayout: boolean }[] {
  let state = initialWedgeState;
  const out: { text: string; usLayout: boolean }[] = [];
  for (const key of keys) {
    const step = wedgeKey(state, key, options);
    if (step.read) out.push({ text: step.read, usLayout: step.usLayout ?? false });
    state = step.state;
  }
  const last = wedgeTick(state, state.lastAt + 10_000, options);
  if (last.read) out.push({ text: last.read, usLayout: last.usLayout ?? false });
  return out;
}

const generatedBarcode = fc
  .tuple(fc.stringMatching(/^[A-Z0-9]{2,16}$/), fc.integer({ min: 1, max: 9_999_999 }), fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{8}$/))
  .map(([code, n, mac]) => `${code}-${String(n).padStart(7, '0')}-${mac}`);

describe('keyboard wedge: a scanner set up for a US keyboard on an AZERTY station', () => {
  it('CCIGO26-0000001-BZ85ZFFZ arrives as CCIGOé-)àààààà&)BW_(WFFW and is read from the physical keys', () => {
    const keys = scannerBurst('CCIGO26-0000001-BZ85ZFFZ', usKeystroke, azertyKey);
    expect(keys.slice(0, -1).map((k) => k.key).join('')).toBe('CCIGOé-)àààààà&)BW_(WFFW');
    expect(reads(keys)).toEqual([{ text: 'CCIGO26-0000001-BZ85ZFFZ', usLayout: true }]);
  });

  it('every generated barcode typed through a US layout on an AZERTY keyboard reads back exactly, AIM identifier included', () => {
    fc.assert(
      fc.property(generatedBarcode, fc.constantFrom('', ']C0', ']d2'), (barcode, aim) => {
        expect(reads(scannerBurst(aim + barcode, usKeystroke, azertyKey))).toEqual([{ text: aim + barcode, usLayout: true }]);
      }),
    );
  });

  it('a scanner set up for the station’s own layout is read from the keys as typed (AZERTY on AZERTY, US on US)', () => {
    fc.assert(
      fc.property(generatedBarcode, (barcode) => {
        expect(reads(scannerBurst(barcode, azertyKeystroke, azertyKey))).toEqual([{ text: barcode, usLayout: false }]);
        expect(reads(scannerBurst(barcode, usKeystroke, (code, shift) => usCharacter(code, shift)!))).toEqual([{ text: barcode, usLayout: false }]);
      }),
    );
  });

  it('reads without physical key codes (older adapters) keep the keys as typed', () => {
    const keys = [...'CCIGOé-)'].map((key, i) => ({ key, at: i * 3 }));
    expect(reads(keys)).toEqual([{ text: 'CCIGOé-)', usLayout: false }]);
  });
});
