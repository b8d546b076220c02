import fc from 'fast-check';
import type { BarcodeClass } from './barcode.js';
import { decideVerdict, describeVerdict, PHYSICAL_DEFECTS, type PhysicalDefect, type UrnRef, type Verdict, type VerdictInput, type VerdictKind } from './verdict.js';

const CLOSE = '2026-11-18T19:00:00.000Z';
const closeMs = Date.parse(CLOSE);

const iso = (offsetMinutes: number) => new Date(closeMs + offsetMinutes * 60_000).toISOString();

const barcode: fc.Arbitrary<BarcodeClass> = fc.oneof(
  fc.constant<BarcodeClass>({ kind: 'MALFORMED', reason: 'clé de contrôle invalide' }),
  fc.constant<BarcodeClass>({ kind: 'OTHER_ELECTION', electionCode: 'AUTRE26' }),
  fc.integer({ min: 1, max: 9_999_999 }).map<BarcodeClass>((rightId) => ({ kind: 'RIGHT', rightId, barcode: `CCIGO26-${rightId}-XXXXXXXX` })),
  fc.constant<BarcodeClass>({ kind: 'PREPRINTED', barcode: 'PRE-000123' }),
);

// Half absent, half present: every row of the table is then reached often enough.
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 2 });
// Reception times on both sides of the close, and exactly at it (not late: "after" the close).
const receivedAt = maybe(fc.oneof(fc.integer({ min: -5000, max: 5000 }).map(iso), fc.constant(CLOSE)));

const right = fc.record({
  withdrawal: maybe(fc.constant('TJ Bordeaux, 12 novembre 2026, n° 26/01234')),
  receivedAt,
  electronicVoteAt: maybe(fc.integer({ min: -20_000, max: -1 }).map(iso)),
  acceptedBy: maybe(fc.record({ scanId: fc.integer({ min: 1, max: 1000 }), stationId: fc.constantFrom('POSTE-01', 'POSTE-02'), agent: fc.constant('numerisation'), at: fc.constant(iso(600)) })),
  urns: fc.constant<UrnRef[]>([{ id: 'CCIR-C-C1', label: 'CCIR — Commerce C1' }, { id: 'CCIT-C-C1', label: 'CCIT — Commerce C1' }]),
});

const input: fc.Arbitrary<VerdictInput> = fc.record({
  barcode,
  mode: fc.constantFrom<VerdictInput['mode']>('RECEPTION', 'EMARGEMENT'),
  defect: maybe(fc.constantFrom(...(Object.keys(PHYSICAL_DEFECTS) as PhysicalDefect[]))),
  markedLate: fc.boolean(),
  voteClosesAt: fc.constant(CLOSE),
  right: maybe(right),
});

/**
 * The table of docs/design.md, written again here and independently of verdict.ts: the first row
 * whose condition holds is the verdict. RECEIVED answers everything past UNKNOWN in
 * reception mode; DEFECT (an agent's physical set-aside) sits just above ACCEPTED.
 */
const TABLE: [VerdictKind, (i: VerdictInput) => boolean][] = [
  ['MALFORMED', (i) => i.barcode.kind === 'MALFORMED'],
  ['OTHER_ELECTION', (i) => i.barcode.kind === 'OTHER_ELECTION'],
  ['UNKNOWN', (i) => i.right === null],
  ['RECEIVED', (i) => i.mode === 'RECEPTION'],
  ['WITHDRAWN', (i) => i.right!.withdrawal !== null],
  ['LATE', (i) => i.markedLate || (i.right!.receivedAt !== null && new Date(i.right!.receivedAt).getTime() > closeMs)],
  ['ELECTRONIC_PRIORITY', (i) => i.right!.electronicVoteAt !== null],
  ['ALREADY_EMARGED', (i) => i.right!.acceptedBy !== null],
  ['DEFECT', (i) => i.defect !== null],
  ['ACCEPTED', () => true],
];
const expected = (i: VerdictInput): VerdictKind => TABLE.find(([, holds]) => holds(i))![0];

describe('decideVerdict', () => {
  it('is the first matching row of the table, for any input', () => {
    fc.assert(
      fc.property(input, (i) => {
        expect(decideVerdict(i).kind).toBe(expected(i));
      }),
      { numRuns: 5000 },
    );
  });

  it('the generator reaches every row (a test that cannot miss a verdict)', () => {
    const seen = new Set(fc.sample(input, { numRuns: 10_000, seed: 42 }).map(expected));
    expect([...seen].sort()).toEqual(TABLE.map(([k]) => k).sort());
  });

  it('each row wins over every row below it', () => {
    // An input where every condition holds, then conditions removed from the top one at a time.
    const all: VerdictInput = {
      barcode: { kind: 'MALFORMED', reason: 'x' },
      mode: 'EMARGEMENT',
      defect: 'DAMAGED',
      markedLate: true,
      voteClosesAt: CLOSE,
      right: { withdrawal: 'décision', receivedAt: iso(10), electronicVoteAt: iso(-60), acceptedBy: { scanId: 1, stationId: 'P1', agent: 'a', at: iso(5) }, urns: [] },
    };
    const steps: [VerdictKind, (i: VerdictInput) => VerdictInput][] = [
      ['MALFORMED', (i) => ({ ...i, barcode: { kind: 'OTHER_ELECTION', electionCode: 'AUTRE26' } })],
      ['OTHER_ELECTION', (i) => ({ ...i, barcode: { kind: 'RIGHT', rightId: 7, barcode: 'b' } })],
      ['WITHDRAWN', (i) => ({ ...i, right: { ...i.right!, withdrawal: null } })],
      ['LATE', (i) => ({ ...i, markedLate: false, right: { ...i.right!, receivedAt: iso(-10) } })],
      ['ELECTRONIC_PRIORITY', (i) => ({ ...i, right: { ...i.right!, electronicVoteAt: null } })],
      ['ALREADY_EMARGED', (i) => ({ ...i, right: { ...i.right!, acceptedBy: null } })],
      ['DEFECT', (i) => ({ ...i, defect: null })],
    ];
    let current = all;
    for (const [kind, relax] of steps) {
      expect(decideVerdict(current).kind).toBe(kind);
      current = relax(current);
    }
    expect(decideVerdict(current).kind).toBe('ACCEPTED');
    // UNKNOWN beats every right-level row, RECEIVED replaces them all in reception mode.
    expect(decideVerdict({ ...all, barcode: { kind: 'RIGHT', rightId: 7, barcode: 'b' }, right: null }).kind).toBe('UNKNOWN');
    expect(decideVerdict({ ...all, barcode: { kind: 'PREPRINTED', barcode: 'b' }, mode: 'RECEPTION' }).kind).toBe('RECEIVED');
  });

  it('names the urns on ACCEPTED, the first scan on ALREADY_EMARGED, the vote time on ELECTRONIC_PRIORITY', () => {
    fc.assert(
      fc.property(input, (i) => {
        const v: Verdict = decideVerdict(i);
        if (v.kind === 'ACCEPTED') expect(v.urns).toEqual(i.right!.urns);
        if (v.kind === 'ALREADY_EMARGED') expect(v.first).toEqual(i.right!.acceptedBy);
        if (v.kind === 'ELECTRONIC_PRIORITY') expect(v.votedAt).toBe(i.right!.electronicVoteAt);
        if (v.kind === 'WITHDRAWN') expect(v.decisionReference).toBe(i.right!.withdrawal);
        if (v.kind === 'LATE') expect(v.receivedAt).toBe(i.right!.receivedAt);
      }),
    );
  });

  it('a reception exactly at the close is not late; one millisecond after is', () => {
    const base = { barcode: { kind: 'RIGHT', rightId: 1, barcode: 'b' }, mode: 'EMARGEMENT', defect: null, markedLate: false, voteClosesAt: CLOSE } as const;
    const r = { withdrawal: null, electronicVoteAt: null, acceptedBy: null, urns: [] };
    expect(decideVerdict({ ...base, right: { ...r, receivedAt: CLOSE } }).kind).toBe('ACCEPTED');
    expect(decideVerdict({ ...base, right: { ...r, receivedAt: new Date(closeMs + 1).toISOString() } }).kind).toBe('LATE');
    // Offsets other than Z compare as instants, not as text.
    expect(decideVerdict({ ...base, right: { ...r, receivedAt: '2026-11-18T20:00:00.001+01:00' } }).kind).toBe('LATE');
  });

  it('says every verdict in French, with the first scan and the urns where they apply', () => {
    fc.assert(
      fc.property(input, (i) => {
        const v = decideVerdict(i);
        const text = describeVerdict(v);
        expect(text.length).toBeGreaterThan(10);
        if (v.kind === 'ALREADY_EMARGED') expect(text).toContain(v.first.stationId);
        if (v.kind === 'ACCEPTED') for (const u of v.urns) expect(text).toContain(u.label);
      }),
      { numRuns: 300 },
    );
  });
});
