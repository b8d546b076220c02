import fc from 'fast-check';
import { ROLES } from './roles.js';
import { checkTransition, ELECTION_STATES, scanModeOf, TRANSITIONS } from './lifecycle.js';

describe('election lifecycle', () => {
  test('only the listed transitions are allowed, only to their roles', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ELECTION_STATES), fc.constantFrom(...ELECTION_STATES), fc.subarray([...ROLES]), (from, to, roles) => {
        const listed = TRANSITIONS.find((t) => t.from === from && t.to === to);
        const r = checkTransition(from, to, roles);
        if (!listed) return !r.ok && r.error.code === 'FORBIDDEN_TRANSITION';
        const mayAct = listed.roles.some((role) => roles.includes(role));
        return mayAct ? r.ok && listed.roles.includes(r.value.role) : !r.ok && r.error.code === 'ROLE_NOT_ALLOWED';
      }),
    );
  });

  test('the states are walked forward only, never skipped', () => {
    for (const t of TRANSITIONS) {
      expect(ELECTION_STATES.indexOf(t.to)).toBe(ELECTION_STATES.indexOf(t.from) + 1);
    }
  });

  test('refusals are in French', () => {
    const r = checkTransition('SETUP', 'SEALED', ['admin']);
    expect(!r.ok && r.error.message).toMatch(/impossible/);
    const s = checkTransition('SEALED', 'VOTE_CLOSED', ['admin']);
    expect(!s.ok && s.error.message).toMatch(/Seul un compte president/);
  });

  test('envelopes are read from the seal until counting opens: receipts, then emargement, then nothing', () => {
    expect(Object.fromEntries(ELECTION_STATES.map((state) => [state, scanModeOf(state)]))).toEqual({
      SETUP: null,
      LISTS_VALIDATED: null,
      SEALED: 'RECEPTION',
      VOTE_CLOSED: 'RECEPTION',
      EMARGEMENT_LOADED: 'EMARGEMENT',
      COUNTING: null,
      RESULTS_PROCLAIMED: null,
      ARCHIVED: null,
      PURGED: null,
    });
  });
});
