/**
 * No table cell of the PV loses characters: a time, a name, a reason or a number that does not fit its column
 * runs on more lines. Read back with the real pdftotext, as a reader's copy-paste would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatInstant } from '@scrutin/basics/calendar.js';
import { generateCommissionCertificate } from './certificate.js';
import { makeReportData } from '../testing/reports.js';
import { buildReportPdf } from './pdf.js';
import { setAsideDetail } from './report-data.js';

const ZONE = 'Pacific/Noumea';
const CONFIRMED_AT = '2026-12-01T14:16:06.162Z';
const LONG_NAME = 'Marie-Françoise de La Tour d’Auvergne-Lauraguais épouse Castelnau-Montmirail';
const LONG_FIRST_NAMES = 'Anne-Sophie Bénédicte Marie-Clémentine Philippine';
const LONG_REASON = 'pli déchiré sur toute la longueur, enveloppe intérieure visible et scotchée par le service courrier de la chambre';
const LONG_URN = 'Services — établissements de cinquante salariés et plus, hors activités financières et immobilières';
const LONG_OBSERVATION_NUMBER = 1234567;

const dir = mkdtempSync(join(tmpdir(), 'pv-cells-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function longValues() {
  const data = makeReportData({ setAside: 40, candidatesPerUrn: 4, contests: 1, categories: 1, subcategoriesPerCategory: 1 });
  data.election.timeZone = ZONE;
  const urn = data.contests[0]!.urns[0]!;
  urn.label = LONG_URN;
  const elected = urn.candidates.find((c) => c.elected)!;
  elected.lastName = 'CASTELNAU-MONTMIRAIL DE LA TOUR D’AUVERGNE';
  elected.firstNames = LONG_FIRST_NAMES;
  elected.combinedVotes = LONG_OBSERVATION_NUMBER;
  data.setAside[0] = { ...data.setAside[0]!, reason: 'ELECTRONIC_PRIORITY', detail: setAsideDetail(null, CONFIRMED_AT, ZONE) };
  data.setAside[1] = { ...data.setAside[1]!, reason: 'PHYSICAL_DEFECT', detail: LONG_REASON };
  data.setAside[2] = { ...data.setAside[2]!, reason: 'PHYSICAL_DEFECT', detail: setAsideDetail('SEVERAL_INNER_ENVELOPES', null, ZONE) };
  data.dualVotes = [{ barcode: 'CCI35-2026-0001234-ABCDEFGH', electronicVotedAt: '2026-11-30T22:59:59.000Z', scannedAt: CONFIRMED_AT, station: 'POSTE-ACCUEIL-02', confirmedBy: LONG_NAME }];
  data.commission = data.commission.map((m) => (m.role === 'president' ? { ...m, name: LONG_NAME } : m));
  return data;
}

describe('tables of the PV', () => {
  it('print long times, names, reasons and numbers whole, wrapped within their column', async () => {
    const data = longValues();
    const credentials = generateCommissionCertificate({ commonName: 'Commission', organization: 'Préfecture', electionCode: data.election.code }, 'x');
    const { pdf } = await buildReportPdf(data, credentials, { signingTime: new Date('2026-12-01T16:00:00Z') });
    const path = join(dir, 'pv.pdf');
    writeFileSync(path, pdf);
    // -raw keeps the drawing order, so the lines of one wrapped cell follow each other.
    const raw = spawnSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).stdout;
    const flat = raw.replace(/\s+/g, '');
    const confirmation = `confirmé par le président le ${formatInstant(CONFIRMED_AT, ZONE, { seconds: true })}`;
    expect(confirmation).toBe('confirmé par le président le 02/12/2026 à 01:16:06 UTC+11');
    const whole = [
      confirmation,
      LONG_REASON,
      'plusieurs enveloppes de scrutin',
      LONG_NAME,
      LONG_FIRST_NAMES,
      LONG_URN,
      '1 234 567',
      ...data.setAside.map((s) => formatInstant(s.at, ZONE, { seconds: true })),
      formatInstant('2026-11-30T22:59:59.000Z', ZONE, { seconds: true }),
      'CCI35-2026-0001234-ABCDEFGH',
      'POSTE-ACCUEIL-02',
    ];
    for (const value of whole) expect(flat).toContain(value.replace(/\s+/g, ''));
    // A time to the second with its offset stays on one line of its cell.
    const layout = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).stdout;
    expect(layout).toContain(formatInstant(data.setAside[0]!.at, ZONE, { seconds: true }));
    // The only ellipsis left is the footer's shortened digest, whose whole value page 1 prints.
    expect(raw.split('\n').filter((line) => line.includes('…') && !/empreinte des résultats [0-9a-f]{16}…/.test(line))).toEqual([]);
    expect(raw).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});

describe('setAsideDetail', () => {
  it('names a defect in French and dates a confirmation in the election’s zone with its offset', () => {
    expect(setAsideDetail('NO_SIGNATURE', null, 'Europe/Paris')).toBe('pli non signé');
    expect(setAsideDetail('CODE_INCONNU', null, 'Europe/Paris')).toBe('CODE_INCONNU');
    expect(setAsideDetail(null, CONFIRMED_AT, 'Europe/Paris')).toBe('confirmé par le président le 01/12/2026 à 15:16:06 UTC+1');
    expect(setAsideDetail(null, null, 'Europe/Paris')).toBeNull();
  });
});
