import fc from 'fast-check';
import { defaultWedgeOptions, initialWedgeState, wedgeKey, wedgeTick, type WedgeKey } from './keyboard-wedge.js';

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
