/**
 * A realistic, deterministic ReportData for tests and the benchmark. Every name is invented; counts
 * are consistent (they go through the real domain rules), so the PV reads like a real one.
 */
import { attributeSeats } from '@scrutin/domain/seats.js';
import { combineResults } from '@scrutin/domain/reconciliation.js';
import type { CountSheet } from '@scrutin/domain/count-sheet.js';
import type { ContestResult, ReportData, SetAsideReason, UrnResult } from '../reports/report-data.js';

export type FixtureOptions = {
  seed?: number;
  contests?: number;
  categories?: number;
  subcategoriesPerCategory?: number;
  candidatesPerUrn?: number;
  setAside?: number;
};

const LAST_NAMES = ['Aubrac', 'Belcourt', 'Chaumeil', 'Dervaux', 'Estival', 'Fonteneau', 'Garrigue', 'Héraut', 'Isnardon',
  'Jaubert', 'Kervella', 'Lamotte', 'Marquézy', 'Noirclerc', 'Orsini-Valat', 'Pélissou', 'Quéméneur', 'Roussillac',
  'Sablonnière', 'Tréguier', 'Urvoy', 'Vaudrémont', 'Wattelier', 'Ybarnégaray', 'Zélinski', 'Œillet'];
const FIRST_NAMES = ['Amélie', 'Benoît', 'Céline', 'Damien', 'Élodie', 'François', 'Gaëlle', 'Hervé', 'Inès', 'Jérôme',
  'Karine', 'Loïc', 'Maëlys', 'Noël', 'Océane', 'Pierre-Édouard', 'Quitterie', 'Raphaël', 'Solène', 'Thibault'];
const CATEGORIES = [
  { code: 'COM', label: 'Commerce' },
  { code: 'IND', label: 'Industrie' },
  { code: 'SER', label: 'Services' },
];
const SUBCATEGORIES = [
  { code: 'MOINS10', label: 'moins de 10 salariés' },
  { code: 'PLUS10', label: '10 salariés et plus' },
  { code: 'PLUS50', label: '50 salariés et plus' },
];
const REASONS: SetAsideReason[] = ['ELECTRONIC_PRIORITY', 'ALREADY_EMARGED', 'LATE', 'UNKNOWN', 'PHYSICAL_DEFECT', 'WITHDRAWN', 'OTHER_ELECTION'];

/** mulberry32: small, seeded, good enough to invent data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (rand: () => number) => Array.from({ length: 64 }, () => Math.floor(rand() * 16).toString(16)).join('');
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function makeReportData(options: FixtureOptions = {}): ReportData {
  const rand = random(options.seed ?? 7);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const electionCode = 'CCI35-2026';
  const contestsCount = options.contests ?? 2;
  const categories = CATEGORIES.slice(0, options.categories ?? 3);
  const subcategories = SUBCATEGORIES.slice(0, options.subcategoriesPerCategory ?? 2);
  const candidatesPerUrn = options.candidatesPerUrn ?? 12;

  let registeredTotal = 0;
  let postalTotal = 0;
  let electronicTotal = 0;
  const contests: ContestResult[] = [];
  for (let k = 0; k < contestsCount; k++) {
    const kind = k % 2 === 0 ? 'CCIT' : 'CCIR';
    const urns: UrnResult[] = [];
    for (const category of categories) {
      for (const subcategory of subcategories) {
        const code = `${kind}-${category.code}-${subcategory.code}`;
        const seats = kind === 'CCIT' ? int(4, 9) : int(1, 4);
        const registered = int(3000, 12000);
        const postalValid = int(150, 600);
        const postalBlank = int(0, 15);
        const postalNull = int(0, 20);
        const eBallots = int(300, 1500);
        const eBlank = int(0, 30);
        const ids = Array.from({ length: candidatesPerUrn }, (_, i) => `${code}-${pad(i + 1)}`);
        const spread = (valid: number): Record<string, number> => {
          const votes: Record<string, number> = {};
          for (const id of ids) votes[id] = 0;
          for (let b = 0; b < valid; b++) {
            const marks = int(1, Math.min(seats, ids.length));
            // Favour the first candidates a little, as lists are ranked by popularity in real life; a ballot
            // marks a candidate once at most (results-consistency.ts), so a repeated draw is skipped.
            const marked = new Set<string>();
            for (let m = 0; m < marks; m++) marked.add(ids[Math.floor(rand() ** 1.6 * ids.length)]!);
            for (const id of marked) votes[id]! += 1;
          }
          return votes;
        };
        const sheet: CountSheet = {
          envelopesFound: postalValid + postalBlank + postalNull,
          ballotsValid: postalValid,
          ballotsBlank: postalBlank,
          ballotsNull: postalNull,
          votes: spread(postalValid),
        };
        const tally = { ballots: eBallots, blank: eBlank, votes: spread(eBallots - eBlank) };
        const combined = combineResults({ [code]: sheet }, { [code]: tally })[code]!;
        const people = ids.map((id) => ({
          id,
          lastName: pick(LAST_NAMES).toUpperCase(),
          firstNames: pick(FIRST_NAMES),
          birthDate: `${int(1952, 1995)}-${pad(int(1, 12))}-${pad(int(1, 28))}`,
        }));
        const attribution = attributeSeats({
          seats,
          candidates: people.map((p) => ({ id: p.id, birthDate: p.birthDate, votes: combined.votes[p.id]!.combined })),
        });
        const byId = new Map(people.map((p) => [p.id, p]));
        const accepted = sheet.envelopesFound + (rand() < 0.2 ? int(-2, 2) : 0);
        const difference = sheet.envelopesFound - accepted;
        registeredTotal += registered;
        postalTotal += accepted;
        electronicTotal += eBallots;
        urns.push({
          code,
          category: category.label,
          subcategory: subcategory.label,
          label: `${category.label} — ${subcategory.label}`,
          seats,
          registeredRights: registered,
          postal: { ballots: sheet.envelopesFound, valid: postalValid, blank: postalBlank, null: postalNull },
          electronic: { ballots: eBallots, valid: eBallots - eBlank, blank: eBlank, null: 0 },
          combined: {
            ballots: combined.ballots.combined,
            valid: combined.valid.combined,
            blank: combined.blank.combined,
            null: combined.null.combined,
          },
          reconciliation: {
            envelopesAccepted: accepted,
            envelopesFound: sheet.envelopesFound,
            difference,
            note:
              difference === 0
                ? null
                : difference > 0
                  ? `${difference} enveloppe(s) de plus que de plis acceptés : plis remis en main propre au bureau, constat signé par le président.`
                  : `${-difference} enveloppe(s) manquante(s) : recherche effectuée dans la salle sans résultat, incident consigné.`,
          },
          candidates: attribution.ranking.map((r) => ({
            ...byId.get(r.id)!,
            postalVotes: combined.votes[r.id]!.postal,
            electronicVotes: combined.votes[r.id]!.electronic,
            combinedVotes: r.votes,
            rank: r.rank,
            elected: r.elected,
            tieBrokenByAge: r.tieBrokenByAge,
          })),
          drawOfLots: attribution.drawOfLots,
        });
      }
    }
    contests.push({
      code: `${electionCode}-${kind}`,
      kind,
      name: kind === 'CCIT' ? 'Élection des membres de la CCI territoriale d’Ille-et-Vilaine' : 'Élection des membres de la CCI de région Bretagne',
      urns,
    });
  }

  const setAsideCount = options.setAside ?? 40;
  const at = (day: number, seconds: number) =>
    new Date(Date.UTC(2026, 10, day, 7, 0, 0) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const setAside = Array.from({ length: setAsideCount }, (_, i) => {
    const reason = REASONS[Math.min(REASONS.length - 1, Math.floor(rand() ** 2.2 * REASONS.length))]!;
    return {
      barcode: `${electionCode}-${pad(int(1, 99999), 6)}-${Math.floor(rand() * 0xffffff).toString(16).toUpperCase().padStart(6, '0')}`,
      reason,
      detail: reason === 'PHYSICAL_DEFECT' ? pick(['Pli non signé', 'Plusieurs enveloppes de scrutin', 'Pli déchiré', 'Nom illisible']) : null,
      station: `poste-${int(1, 6)}`,
      at: at(24, i * 3),
    };
  });
  const dualVotes = setAside
    .filter((s) => s.reason === 'ELECTRONIC_PRIORITY')
    .slice(0, 200)
    .map((s) => ({ barcode: s.barcode, electronicVotedAt: at(15, int(0, 500000)), scannedAt: s.at, station: s.station, confirmedBy: 'Mme Solène AUBRAC' }));

  return {
    format: 'scrutin-pv/1',
    election: {
      code: electionCode,
      name: 'Élections consulaires 2026 — CCI Ille-et-Vilaine',
      chamber: 'Chambre de commerce et d’industrie territoriale d’Ille-et-Vilaine',
      votingOpensAt: '2026-11-12T08:00:00Z',
      votingClosesAt: '2026-11-19T17:00:00Z',
      countingStartedAt: '2026-11-24T07:00:00Z',
      place: 'Rennes, salle du conseil de la préfecture',
    },
    seal: {
      sealedAt: '2026-11-10T14:30:00Z',
      sealedBy: 'M. Hervé GARRIGUE, président de la commission',
      softwareVersion: 'scrutin 0.1.0',
      platformKeyFingerprint: `ed25519:${hex(rand).slice(0, 32)}`,
      digests: [
        { label: 'Logiciel de la station', sha256: hex(rand) },
        { label: 'Liste électorale validée', sha256: hex(rand) },
        { label: 'Listes de candidats validées', sha256: hex(rand) },
      ],
    },
    participation: { registeredRights: registeredTotal, postalAccepted: postalTotal, electronicVoters: electronicTotal },
    contests,
    setAside,
    dualVotes,
    corrections: [
      {
        at: at(24, 4000), by: 'M. Hervé GARRIGUE', station: 'poste-2', subject: `Pli ${setAside[0]?.barcode ?? electionCode + '-000001'}`,
        before: 'Mis à part : défaut matériel', after: 'Accepté', reason: 'Signature présente au verso, constatée par deux assesseurs.',
      },
    ],
    sheetCorrections: [
      {
        at: at(24, 9000), by: 'Mme Inès TRÉGUIER', station: 'poste-1', subject: 'Feuille de dépouillement CCIT-COM-MOINS10, saisie 2',
        before: 'Blancs : 12', after: 'Blancs : 11', reason: 'Erreur de report corrigée après recomptage contradictoire.',
      },
    ],
    incidents: [
      { at: at(24, 1200), by: 'Mme Inès TRÉGUIER', station: 'poste-3', description: 'Lecteur de codes-barres hors service pendant 12 minutes.', action: 'Remplacé par le lecteur de secours ; aucun pli perdu.' },
      { at: at(24, 20000), by: 'M. Hervé GARRIGUE', station: 'poste-1', description: 'Coupure électrique de 40 secondes.', action: 'Reprise sans perte : verdicts vérifiés dans le journal.' },
    ],
    oversightApprovals: [
      { at: '2026-11-16T10:05:00Z', by: 'Cellule de contrôle (Mme Karine ESTIVAL)', subject: 'Redémarrage du serveur de vote après mise à jour de sécurité', decision: 'Approuvé' },
    ],
    journal: { headHash: hex(rand), entries: setAsideCount * 12 + 4021 },
    commission: [
      { role: 'president', name: 'M. Hervé GARRIGUE' },
      { role: 'member', name: 'Mme Solène AUBRAC' },
      { role: 'member', name: 'M. Loïc PÉLISSOU' },
      { role: 'teller', name: 'Mme Inès TRÉGUIER' },
      { role: 'teller', name: 'M. Damien QUÉMÉNEUR' },
      { role: 'prefecture', name: 'Mme Karine ESTIVAL' },
    ],
    generatedAt: '2026-11-24T18:42:00Z',
  };
}
