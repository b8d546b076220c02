/**
 * The key ceremony journal's catalogue (`scrutin-urn ceremony`, art. 12): one JSON line per step in
 * journal.jsonl, chained by io.ts and checked by verifyCeremonyRecord (ceremony-record.ts), which compares the
 * recorded `file` hashes with the published files. docs/journal-events.md is generated from this file, the
 * station's and the platform's catalogues.
 */
import { z } from 'zod';

/** One action of the ceremony journal; same shape as the station's catalogue entries. */
export type CeremonyEventSpec = { when: string; serves?: string; payload: z.ZodObject };

const file = z.string().describe('SHA-256 of the file the step wrote (fileHash)');
const holder = z.number().int().describe('holder number, 1 to 3');

export const CEREMONY_EVENTS = {
  open: { when: 'the ceremony is opened (`ceremony open`)', serves: 'art. 12', payload: z.object({ electionCode: z.string(), ceremonyId: z.string(), file }) },
  register: { when: 'a key holder registers with their transport key', serves: 'art. 12', payload: z.object({ holder, name: z.string(), file }) },
  contribute: { when: 'a key holder publishes their contribution (commitments and encrypted shares)', serves: 'invariant 7', payload: z.object({ holder, commitments: z.array(z.string()), file }) },
  complaint: { when: 'a holder finds a share that does not match its commitments', serves: 'invariant 7', payload: z.object({ holder, reason: z.string() }) },
  finalize: { when: 'a holder checks the three shares received and keeps their own under a passphrase', serves: 'invariant 7', payload: z.object({ holder, verificationKey: z.string(), file }) },
  publish: {
    when: 'the election public key is published, with the manifest fingerprint when given',
    serves: 'invariant 14 (ceremony verified)',
    payload: z.object({ publicKey: z.string(), keyFingerprint: z.string(), manifestFingerprint: z.string().nullable(), file }),
  },
} as const satisfies Record<string, CeremonyEventSpec>;

/** An action of the ceremony journal. */
export type CeremonyAction = keyof typeof CEREMONY_EVENTS;
/** A journal line's content before chaining: the action and its payload's fields, side by side. */
export type CeremonyJournalEntry = { [A in CeremonyAction]: { action: A } & z.input<(typeof CEREMONY_EVENTS)[A]['payload']> }[CeremonyAction];

/** Throws (a bug, not a user's error) when an entry's fields do not match its action. */
export function checkCeremonyEntry(entry: CeremonyJournalEntry): void {
  const { action, ...payload } = entry;
  const checked = CEREMONY_EVENTS[action].payload.safeParse(payload);
  if (!checked.success) throw new Error(`journal de cérémonie : contenu de « ${action} » non conforme au catalogue`);
}
