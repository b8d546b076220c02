/**
 * The platform's operations log catalogue (table platform.event, written by events.ts): every action, when it
 * is written and its payload. The whole log is digested into the closing seal, so an action string is never
 * renamed. docs/journal-events.md is generated from this file and the station's catalogue.
 */
import { z } from 'zod';

/** One action of the operations log; same shape as the station's catalogue entries (station/src/journal/events.ts). */
export type PlatformEventSpec = { when: string; serves?: string; payload: z.ZodType };

const isoInstant = z.string().describe('ISO 8601');

export const PLATFORM_EVENTS = {
  'platform.load': {
    when: 'the election file (roll, candidacies, key) is loaded onto the platform; actor `chargement`',
    payload: z.object({ electionCode: z.string(), loadDigest: z.string(), voters: z.number(), rights: z.number(), rollSha256: z.string(), candidatesDigest: z.string() }),
  },
  'credentials.issue': {
    when: 'a batch of credential letters is issued',
    payload: z.object({ batch: z.number(), of: z.number(), count: z.number(), voterNumbers: z.tuple([z.string(), z.string()]).describe('first and last voter number of the batch') }),
  },
  'credentials.reissue': {
    when: 'a batch of credential letters is issued again (lost letters); the previous passwords stop working',
    payload: z.object({ batch: z.number(), of: z.number(), count: z.number(), voterNumbers: z.tuple([z.string(), z.string()]).describe('first and last voter number of the batch') }),
  },
  'vote.open': { when: 'staff open the vote', payload: z.object({}) },
  'vote.suspend': { when: 'staff suspend the vote, with the reason', payload: z.object({ reason: z.string(), at: isoInstant }) },
  'vote.resume': {
    when: 'staff resume a suspended vote, citing the decision that allows it',
    payload: z.object({ decision: z.string(), decisionText: z.string(), at: isoInstant }),
  },
  'vote.close': { when: 'the vote is closed and the electronic emargement signed', payload: z.object({ at: isoInstant }) },
  'login.delayed': {
    when: 'a failed staff or voter sign-in starts a wait; actor `systeme`',
    payload: z.array(z.object({ counter: z.string(), seconds: z.number() })).describe('the counters whose wait starts, with the wait in seconds'),
  },
} as const satisfies Record<string, PlatformEventSpec>;

/** An action of the platform's operations log: an unknown string is a compile error. */
export type PlatformAction = keyof typeof PLATFORM_EVENTS;
/** The payload an action takes. */
export type PlatformEventPayload<A extends PlatformAction> = z.input<(typeof PLATFORM_EVENTS)[A]['payload']>;
