// A contest's title says its kind once: « CCI de région Garonne-Océan », not « CCI de région — CCI de région … ».
import { expect, test } from '@jest/globals';
import { contestTitle } from './contest-title.js';

test('the kind is added only when the name does not say it already', () => {
  expect(contestTitle({ kind: 'CCIR', name: 'CCI de région Garonne-Océan' })).toBe('CCI de région Garonne-Océan');
  expect(contestTitle({ kind: 'CCIT', name: 'CCI territoriale de Port-Sainte-Claire' })).toBe('CCI territoriale de Port-Sainte-Claire');
  expect(contestTitle({ kind: 'CCIR', name: 'cci de REGION Bretagne' })).toBe('cci de REGION Bretagne');
  expect(contestTitle({ kind: 'CCIR', name: 'Élection des membres' })).toBe('CCI de région — Élection des membres');
  expect(contestTitle({ kind: 'CCIT', name: 'Ille-et-Vilaine' })).toBe('CCI territoriale — Ille-et-Vilaine');
});
