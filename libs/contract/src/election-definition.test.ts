import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electionDefinitionSchema } from './election-definition.js';

const example = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'election.json'), 'utf8')) as Record<string, unknown>;

describe('election definition', () => {
  test('an unreadable closing date is a French issue on voteClosesAt, never a crash of the deadline rule', () => {
    const r = electionDefinitionSchema.safeParse({ ...example, voteClosesAt: 'demain' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain('voteClosesAt');
  });

  test('an appeal deadline before the closing day is refused, the closing day itself accepted', () => {
    const closes = String(example.voteClosesAt);
    const day = closes.slice(0, 10);
    const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(electionDefinitionSchema.safeParse({ ...example, appealDeadline: day }).success).toBe(true);
    const refused = electionDefinitionSchema.safeParse({ ...example, appealDeadline: before });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]!.message).toMatch(/ne peut précéder la clôture du vote/);
  });
});
