// Answers to repeated reads of one resource, arriving out of order: only the last read's answer is shown.
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

test('an action’s answer makes the reads already sent stale, not the ones sent after it', () => {
  const guard = latestRead();
  const poll = guard.begin();
  guard.supersede();
  expect(poll()).toBe(false);
  const reload = guard.begin();
  expect(reload()).toBe(true);
});

test('whatever the order of reads, actions and answers, only the last read started after the last action is shown', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('read', 'action'), { maxLength: 30 }), (steps) => {
      const guard = latestRead();
      const reads: { shown: () => boolean; index: number }[] = [];
      steps.forEach((step, index) => (step === 'read' ? reads.push({ shown: guard.begin(), index }) : guard.supersede()));
      const lastAction = steps.lastIndexOf('action');
      const expected = reads.length > 0 && reads[reads.length - 1]!.index > lastAction ? [reads[reads.length - 1]!.index] : [];
      expect(reads.filter((r) => r.shown()).map((r) => r.index)).toEqual(expected);
    }),
  );
});
