/** Where the vote stands at a given instant: pure, so that the opening rules can be tested at any time. */
export type Phase = 'NOT_LOADED' | 'NOT_OPENED' | 'BEFORE_OPENING' | 'OPEN' | 'SUSPENDED' | 'AFTER_CLOSING' | 'FROZEN';

export type PhaseInput = { state: 'LOADED' | 'OPENED' | 'FROZEN' | null; opensAt: Date; closesAt: Date; suspended: boolean };

export function phaseAt(input: PhaseInput, now: Date): Phase {
  if (input.state === null) return 'NOT_LOADED';
  if (input.state === 'FROZEN') return 'FROZEN';
  if (input.state === 'LOADED') return 'NOT_OPENED';
  if (now < input.opensAt) return 'BEFORE_OPENING';
  if (now >= input.closesAt) return 'AFTER_CLOSING';
  return input.suspended ? 'SUSPENDED' : 'OPEN';
}

export const PHASE_MESSAGES: Record<Exclude<Phase, 'OPEN'>, string> = {
  NOT_LOADED: 'La plateforme de vote n’est pas encore prête.',
  NOT_OPENED: 'Le vote par internet n’est pas encore ouvert.',
  BEFORE_OPENING: 'Le vote par internet n’est pas encore ouvert.',
  SUSPENDED: 'Le vote par internet est suspendu.',
  AFTER_CLOSING: 'Le vote par internet est clos.',
  FROZEN: 'Le vote par internet est clos.',
};
