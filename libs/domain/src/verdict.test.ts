import fc from 'fast-check';
import type { BarcodeClass } from './barcode.js';
import { decideVerdict, describeVerdict, PHYSICAL_DEFECTS, REREAD_WINDOW_MS, type PhysicalDefect, type UrnRef, type Verdict, type VerdictInput, type VerdictKind } from './verdict.js';

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
  acceptedBy: maybe(fc.record({ scanId: fc.integer({ min: 1, max: 2 }), stationId: fc.constantFrom('POSTE-01', 'POSTE-02'), agent: fc.constant('numerisation'), at: fc.constant(iso(600)) })),
  urns: fc.constant<UrnRef[]>([{ id: 'CCIR-C-C1', label: 'CCIR — Commerce C1' }, { id: 'CCIT-C-C1', label: 'CCIT — Commerce C1' }]),
});

// The scanning station, from the accepting one's own acceptance time (iso(600)) to well after, on both sides of the window.
const station = fc.record({
  id: fc.constantFrom('POSTE-01', 'POSTE-02'),
  now: fc.oneof(fc.integer({ min: -1000, max: REREAD_WINDOW_MS + 1000 }), fc.constantFrom(0, REREAD_WINDOW_MS, REREAD_WINDOW_MS + 1)).map((ms) => new Date(Date.parse(iso(600)) + ms).toISOString()),
  // the station's latest acceptance: the right's own (scan ids 1–3 below), or another one, or none
  lastAccepted: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
});

const input: fc.Arbitrary<VerdictInput> = fc.record({
  barcode,
  mode: fc.constantFrom<VerdictInput['mode']>('RECEPTION', 'EMARGEMENT'),
  defect: maybe(fc.constantFrom(...(Object.keys(PHYSICAL_DEFECTS) as PhysicalDefect[]))),
  markedLate: fc.boolean(),
  voteClosesAt: fc.constant(CLOSE),
  station,
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
  // A re-read: the station whose latest acceptance is this right reads it again within the window.
  [
    'REREAD',
    (i) => {
      const first = i.right!.acceptedBy;
      const after = first === null ? NaN : new Date(i.station.now).getTime() - new Date(first.at).getTime();
      return first !== null && first.stationId === i.station.id && first.scanId === i.station.lastAccepted && after >= 0 && after <= 10_000;
    },
  ],
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
      station: { id: 'P1', now: iso(5.05), lastAccepted: 1 },
      right: { withdrawal: 'décision', receivedAt: iso(10), electronicVoteAt: iso(-60), acceptedBy: { scanId: 1, stationId: 'P1', agent: 'a', at: iso(5) }, urns: [] },
    };
    const steps: [VerdictKind, (i: VerdictInput) => VerdictInput][] = [
      ['MALFORMED', (i) => ({ ...i, barcode: { kind: 'OTHER_ELECTION', electionCode: 'AUTRE26' } })],
      ['OTHER_ELECTION', (i) => ({ ...i, barcode: { kind: 'RIGHT', rightId: 7, barcode: 'b' } })],
      ['WITHDRAWN', (i) => ({ ...i, right: { ...i.right!, withdrawal: null } })],
      ['LATE', (i) => ({ ...i, markedLate: false, right: { ...i.right!, receivedAt: iso(-10) } })],
      ['ELECTRONIC_PRIORITY', (i) => ({ ...i, right: { ...i.right!, electronicVoteAt: null } })],
      ['REREAD', (i) => ({ ...i, station: { ...i.station, lastAccepted: 2 } })],
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
        if (v.kind === 'ALREADY_EMARGED' || v.kind === 'REREAD') expect(v.first).toEqual(i.right!.acceptedBy);
        if (v.kind === 'REREAD') expect(v.afterMs).toBe(Date.parse(i.station.now) - Date.parse(i.right!.acceptedBy!.at));
        if (v.kind === 'ELECTRONIC_PRIORITY') expect(v.votedAt).toBe(i.right!.electronicVoteAt);
        if (v.kind === 'WITHDRAWN') expect(v.decisionReference).toBe(i.right!.withdrawal);
        if (v.kind === 'LATE') expect(v.receivedAt).toBe(i.right!.receivedAt);
      }),
    );
  });

  it('a reception exactly at the close is not late; one millisecond after is', () => {
    const base = { barcode: { kind: 'RIGHT', rightId: 1, barcode: 'b' }, mode: 'EMARGEMENT', defect: null, markedLate: false, voteClosesAt: CLOSE, station: { id: 'P1', now: CLOSE, lastAccepted: null } } as const;
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
        const text = describeVerdict(v, 'America/Martinique');
        expect(text.length).toBeGreaterThan(10);
        // Times in the election's zone, with the offset that makes them unambiguous.
        if (v.kind === 'ALREADY_EMARGED' || (v.kind === 'ELECTRONIC_PRIORITY' && v.votedAt)) expect(text).toMatch(/ à \d{2}:\d{2}:\d{2} UTC-4/);
        if (v.kind === 'ALREADY_EMARGED') expect(text).toContain(v.first.stationId);
        if (v.kind === 'REREAD') expect(text).toMatch(/^Relecture du pli qui vient d'être accepté \(il y a \d+ s\)/);
        if (v.kind === 'ACCEPTED') for (const u of v.urns) expect(text).toContain(u.label);
      }),
      { numRuns: 300 },
    );
  });

  it('a re-read is the station whose latest acceptance this is, within 10 s inclusive; anything else stays ALREADY_EMARGED', () => {
    const first = { scanId: 9, stationId: 'P1', agent: 'a', at: iso(600) };
    const at = (ms: number) => new Date(Date.parse(first.at) + ms).toISOString();
    const scan = (station: VerdictInput['station']) =>
      decideVerdict({
        barcode: { kind: 'RIGHT', rightId: 1, barcode: 'b' },
        mode: 'EMARGEMENT',
        defect: null,
        markedLate: false,
        voteClosesAt: CLOSE,
        station,
        right: { withdrawal: null, receivedAt: null, electronicVoteAt: null, acceptedBy: first, urns: [] },
      });
    expect(scan({ id: 'P1', now: at(3000), lastAccepted: 9 })).toEqual({ kind: 'REREAD', first, afterMs: 3000 });
    expect(scan({ id: 'P1', now: at(10_000), lastAccepted: 9 }).kind).toBe('REREAD');
    expect(scan({ id: 'P1', now: at(10_001), lastAccepted: 9 })).toEqual({ kind: 'ALREADY_EMARGED', first });
    expect(scan({ id: 'P2', now: at(3000), lastAccepted: 9 }).kind).toBe('ALREADY_EMARGED');
    // another envelope accepted since, or an acceptance that was the president's (no ACCEPTED scan of this station)
    expect(scan({ id: 'P1', now: at(3000), lastAccepted: 12 }).kind).toBe('ALREADY_EMARGED');
    expect(scan({ id: 'P1', now: at(3000), lastAccepted: null }).kind).toBe('ALREADY_EMARGED');
    expect(describeVerdict({ kind: 'REREAD', first, afterMs: 3000 }, 'Europe/Paris')).toBe("Relecture du pli qui vient d'être accepté (il y a 3 s) : il est déjà émargé, rien à faire.");
  });
});
