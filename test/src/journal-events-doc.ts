/**
 * docs/journal-events.md, generated from the journals' catalogues: the station's (journal/events.ts), the
 * platform's operations log (journal-events.ts) and the key ceremony's (evote cli/journal-events.ts). Here
 * rather than in one app because it reads all three; written by `npm run docs:journal`
 * (scripts/journal-events.ts) and compared with the committed file by journal-events-doc.test.ts.
 */
import type { z } from 'zod';
import { JOURNAL_EVENTS } from '@scrutin/station/journal/events.js';
import { PLATFORM_EVENTS } from '@scrutin/platform/journal-events.js';
import { CEREMONY_EVENTS } from '@scrutin/evote/cli/journal-events.js';

/** The generated file, relative to the repository's root. */
export const JOURNAL_EVENTS_DOC = 'docs/journal-events.md';

type Spec = { when: string; serves?: string; payload: z.ZodType };

type Def = { type: string; innerType?: z.ZodType; element?: z.ZodType; items?: z.ZodType[]; options?: z.ZodType[]; shape?: Record<string, z.ZodType> };
const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

/** A short type name for the doc: `string`, `number[]`, `string | null`, `{…}` for a nested object. */
function typeName(s: z.ZodType): string {
  const d = defOf(s);
  switch (d.type) {
    case 'optional':
      return typeName(d.innerType!);
    case 'nullable':
      return `${typeName(d.innerType!)} | null`;
    case 'array':
      return `${typeName(d.element!)}[]`;
    case 'tuple':
      return `[${d.items!.map(typeName).join(', ')}]`;
    case 'object':
      return `{ ${Object.keys(d.shape!).join(', ')} }`;
    case 'custom':
      return 'object';
    default:
      return d.type;
  }
}

const descriptionOf = (s: z.ZodType): string | undefined => s.description ?? (defOf(s).innerType ? descriptionOf(defOf(s).innerType!) : undefined);

/** The payload's fields as one table cell: `name` (type, optional) — description; alternatives of a union on their own lines. */
function payloadCell(s: z.ZodType): string {
  const d = defOf(s);
  if (d.type === 'union') return d.options!.map((o, i) => `${i === 0 ? 'either' : 'or'}: ${payloadCell(o)}`).join('<br>');
  if (d.type !== 'object') return `${typeName(s)}${s.description ? ` — ${s.description}` : ''}`;
  const fields = Object.entries(d.shape!).map(([name, field]) => {
    const optional = defOf(field).type === 'optional' ? ', optional' : '';
    const description = descriptionOf(field);
    return `\`${name}\` (${typeName(field)}${optional})${description ? ` — ${description}` : ''}`;
  });
  return fields.length > 0 ? fields.join('<br>') : '(empty)';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(journal: string, events: Record<string, Spec>): string[] {
  return [
    '| journal | action | written when | payload | serves |',
    '|---|---|---|---|---|',
    ...Object.entries(events).map(([action, spec]) => `| ${journal} | \`${action}\` | ${cell(spec.when)} | ${cell(payloadCell(spec.payload))} | ${cell(spec.serves ?? '')} |`),
  ];
}

/** The whole Markdown document, deterministic (catalogue order), ending with a newline. */
export function renderJournalEventsDoc(): string {
  return [
    '# Journal events',
    '',
    '<!-- Generated from the catalogues by `npm run docs:journal`: do not edit by hand. -->',
    '',
    'Every action each journal may record, when it is written, its payload and the rule it serves (articles of',
    'the electoral code, invariants of [design.md](design.md#invariants-where-each-is-enforced-and-tested)). The',
    'action strings are part of the sealed record: they are never renamed. Payloads are checked against their',
    'schema when written. The structured log (pino) is not a journal: its messages are listed in',
    '[operations.md](operations.md#logs).',
    '',
    '## Station journal',
    '',
    'Table `journal`, one hash chain per station plus the `anchor` chain (`station/src/journal/events.ts`);',
    'every entry also records its time, actor (id, login, role) and station. Checked by `scrutin journal verify`.',
    '',
    ...table('station', JOURNAL_EVENTS),
    '',
    '## Platform operations log',
    '',
    'Table `platform.event` (`platform/src/journal-events.ts`), with the time and the actor (a staff login,',
    '`chargement` or `systeme`); digested into the closing seal and shown on the staff page.',
    '',
    ...table('platform', PLATFORM_EVENTS),
    '',
    '## Key ceremony journal',
    '',
    '`journal.jsonl` of the ceremony folder (`evote/src/cli/journal-events.ts`), one chained JSON line per',
    'step with its time, chained and checked against the published files by `verifyCeremonyRecord` (ceremony-record.ts).',
    '',
    ...table('ceremony', CEREMONY_EVENTS),
    '',
  ].join('\n');
}
