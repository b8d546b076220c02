// Answers to repeated reads of one resource, arriving out of order: never an older state after a newer one.
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import { latestRead } from './latest-read.js';

test('an answer to an older read that arrives after a newer one is dropped', () => {
  const guard = latestRead();
  const poll = guard.begin();
  const reload = guard.begin();
  expect(reload()).toBe(true);
  expect(poll()).toBe(false);
});

test('reads that each take longer than the refresh interval are still shown, in order', () => {
  const guard = latestRead();
  const first = guard.begin();
  const second = guard.begin();
  const third = guard.begin();
  expect([first(), second(), third()]).toEqual([true, true, true]);
});

test('an action’s answer makes the reads already sent stale, not the ones sent after it', () => {
  const guard = latestRead();
  const poll = guard.begin();
  guard.supersede();
  expect(poll()).toBe(false);
  const reload = guard.begin();
  expect(reload()).toBe(true);
});

type Step = { kind: 'read' } | { kind: 'action' } | { kind: 'answer'; pick: number };

test('whatever the order of reads, actions and answers: what is shown only moves forward, and an answer is dropped only when something newer is on screen', () => {
  const step = fc.oneof(fc.constant<Step>({ kind: 'read' }), fc.constant<Step>({ kind: 'action' }), fc.nat(30).map((pick): Step => ({ kind: 'answer', pick })));
  fc.assert(
    fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const guard = latestRead();
      const pending: { order: number; answer: () => boolean }[] = [];
      let order = 0;
      let onScreen = 0; // the order of the read or action whose state is shown
      for (const s of steps) {
        if (s.kind === 'read') pending.push({ order: ++order, answer: guard.begin() });
        else if (s.kind === 'action') {
          guard.supersede();
          onScreen = ++order;
        } else if (pending.length > 0) {
          const [read] = pending.splice(s.pick % pending.length, 1);
          const shown = read!.answer();
          expect(shown).toBe(read!.order > onScreen);
          if (shown) onScreen = read!.order;
        }
      }
    }),
  );
});
