/**
 * Assembles the ReportData of the PV from the database: everything the PV shows, read in the
 * caller's transaction so that the snapshot is consistent with the proclamation that stores it.
 */
import type { Queryable } from '@scrutin/db';
import { timeZoneOf } from '@scrutin/contract/election-definition.js';
import { PV_SIGNING_ROLES } from '@scrutin/domain/roles.js';
import { journalHead } from '../journal/journal.js';
import { lastSignedHead } from '../journal/head-seal.js';
import { reportDataSchema, SET_ASIDE_REASON_OF_VERDICT, type ReportData, type UrnResult } from '../reports/report-data.js';
import { listSetAside } from '../scanning/president.js';
import { getSeal } from '../scanning/seal.js';
import { loadElectronicTallies, loadUrnBases, loadValidatedSheets, urnResults } from './results.js';


const iso = (d: Date | string): string => new Date(d).toISOString();

async function categoryNames(db: Queryable): Promise<{ categories: Map<string, string>; subcategories: Map<string, string> }> {
  const c = await db.query<{ code: string; name: string }>('SELECT code, name FROM category');
  const s = await db.query<{ category_code: string; code: string; name: string }>('SELECT category_code, code, name FROM subcategory');
  return {
    categories: new Map(c.rows.map((r) => [r.code, r.name])),
    subcategories: new Map(s.rows.map((r) => [`${r.category_code}/${r.code}`, r.name])),
  };
}

async function userName(db: Queryable, id: number | string | null): Promise<string> {
  if (id === null) return 'système';
  const { rows } = await db.query<{ display_name: string }>('SELECT display_name FROM app_user WHERE id = $1', [id]);
  return rows[0]?.display_name ?? `compte ${id}`;
}

/**
 * The name printed above a member's signature. An account created without a name carries its login
 * as display name (« scrutin user add » without --name, before that option was required for the
 * commission): a login is no one's name, so the PV leaves the name to be written by hand.
 */
export function signatoryName(displayName: string, login: string): string {
  return displayName.trim() === login ? `nom à écrire à la main (compte « ${login} »)` : displayName;
}

export type ReportDataError = { code: string; message: string };

export async function assembleReportData(db: Queryable, now: Date = new Date()): Promise<ReportData> {
  const { rows: electionRows } = await db.query<{ code: string; name: string; chamber: string; vote_opens_at: Date; vote_closes_at: Date; definition: { place?: string; timeZone?: string } }>(
    'SELECT code, name, chamber, vote_opens_at, vote_closes_at, definition FROM election',
  );
  const election = electionRows[0];
  if (!election) throw new Error('aucune élection');
  const seal = await getSeal(db);
  const sealRow = await db.query<{ sealed_by: number | null }>('SELECT sealed_by FROM seal');
  const counting = await db.query<{ at: Date }>(
    `SELECT at FROM journal WHERE action = 'election.transition' AND payload->>'to' = 'COUNTING' ORDER BY at LIMIT 1`,
  );
  const emargementImport = await db.query<{ file_sha256: string }>('SELECT file_sha256 FROM emargement_import');
  const tallyImport = await db.query<{ file_sha256: string }>('SELECT file_sha256 FROM electronic_tally_import');

  const names = await categoryNames(db);
  const contests = await db.query<{ code: string; kind: 'CCIR' | 'CCIT'; name: string }>('SELECT code, kind, name FROM contest ORDER BY code');
  const bases = await loadUrnBases(db);
  const sheets = await loadValidatedSheets(db);
  const tallies = await loadElectronicTallies(db);
  const toUrnResult = (b: (typeof bases)[number]): UrnResult => {
    const r = urnResults(b, sheets.get(b.id), tallies.get(b.id));
    return {
      code: b.id,
      category: names.categories.get(b.categoryCode) ?? b.categoryCode,
      subcategory: b.subcategoryCode ? (names.subcategories.get(`${b.categoryCode}/${b.subcategoryCode}`) ?? b.subcategoryCode) : null,
      label: b.label,
      seats: b.seats,
      registeredRights: b.registeredRights,
      postal: r.postal,
      electronic: r.electronic,
      combined: r.combined,
      reconciliation: r.reconciliation ?? { envelopesAccepted: b.envelopesAccepted, envelopesFound: 0, difference: -b.envelopesAccepted, note: 'dépouillement non validé' },
      candidates: r.candidates.map((c) => ({
        id: c.id,
        lastName: c.lastName,
        firstNames: c.firstNames,
        birthDate: c.birthDate,
        postalVotes: c.postal,
        electronicVotes: c.electronic,
        combinedVotes: c.combined,
        rank: c.rank,
        elected: c.elected,
        tieBrokenByAge: c.tieBrokenByAge,
      })),
      drawOfLots: r.drawOfLots,
    };
  };

  const participation = await db.query<{ registered: number; postal: number; electronic: number }>(
    `SELECT (SELECT count(*)::int FROM voting_right) AS registered,
       (SELECT count(*)::int FROM postal_emargement pe WHERE NOT EXISTS
          (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)) AS postal,
       (SELECT count(*)::int FROM electronic_emargement) AS electronic`,
  );

  const setAside = (await listSetAside(db)).filter((e) => !e.reversed && SET_ASIDE_REASON_OF_VERDICT[e.verdict]);
  const dual = await db.query<{ barcode: string; voted_at: Date; scanned_at: Date; station_id: string; decided_by: number }>(
    `SELECT s.barcode, e.voted_at, s.scanned_at, s.station_id, d.decided_by
     FROM scan s JOIN electronic_emargement e ON e.right_id = s.right_id JOIN decision d ON d.scan_id = s.id AND d.kind = 'CONFIRM'
     WHERE s.verdict = 'ELECTRONIC_PRIORITY' AND s.mode = 'EMARGEMENT' ORDER BY s.id`,
  );
  const decisions = await db.query<{ decided_at: Date; decided_by: number; station_id: string; scan_id: number; barcode: string; verdict: string; kind: string; reason: string }>(
    `SELECT d.decided_at, d.decided_by, d.station_id, d.scan_id, s.barcode, s.verdict, d.kind, d.reason
     FROM decision d JOIN scan s ON s.id = d.scan_id WHERE d.kind <> 'CONFIRM' ORDER BY d.id`,
  );
  const recounts = await db.query<{ entered_at: Date; teller_id: number; station_id: string; urn_id: string; entry_number: number; reason: string | null; sheet_digest: string; previous: string }>(
    `SELECT e.entered_at, e.teller_id, e.station_id, e.urn_id, e.entry_number, e.reason, e.sheet_digest,
       (SELECT p.sheet_digest FROM count_entry p WHERE p.urn_id = e.urn_id AND p.entry_number = e.entry_number AND p.id < e.id ORDER BY p.id DESC LIMIT 1) AS previous
     FROM count_entry e
     WHERE EXISTS (SELECT 1 FROM count_entry p WHERE p.urn_id = e.urn_id AND p.entry_number = e.entry_number AND p.id < e.id)
     ORDER BY e.id`,
  );
  const incidents = await db.query<{ reported_at: Date; reported_by: number; station_id: string; description: string }>(
    'SELECT reported_at, reported_by, station_id, description FROM incident ORDER BY id',
  );
  const approvals = await db.query<{ approved_at: Date; approved_by: number; description: string }>('SELECT approved_at, approved_by, description FROM change_approval ORDER BY id');
  const commission = await db.query<{ login: string; display_name: string; roles: string[] }>(
    `SELECT login, display_name, roles FROM app_user WHERE active AND roles && $1::text[] ORDER BY id`,
    [[...PV_SIGNING_ROLES]],
  );
  const head = await journalHead(db);
  const signedHead = await lastSignedHead(db);

  const corrections: ReportData['corrections'] = [];
  for (const d of decisions.rows)
    corrections.push({
      at: iso(d.decided_at),
      by: await userName(db, d.decided_by),
      station: d.station_id,
      subject: `Pli ${d.barcode} (lecture n° ${d.scan_id})`,
      before: d.kind === 'ACCEPT' ? `mis à part (${d.verdict})` : 'émargé',
      after: d.kind === 'ACCEPT' ? 'émargé' : 'émargement annulé',
      reason: d.reason,
    });
  const sheetCorrections: ReportData['sheetCorrections'] = [];
  for (const r of recounts.rows)
    sheetCorrections.push({
      at: iso(r.entered_at),
      by: await userName(db, r.teller_id),
      station: r.station_id,
      subject: `Feuille de dépouillement ${r.urn_id}, saisie ${r.entry_number}`,
      before: `empreinte ${r.previous.slice(0, 16)}…`,
      after: `empreinte ${r.sheet_digest.slice(0, 16)}…`,
      reason: r.reason ?? 'correction de saisie',
    });

  const functions = PV_SIGNING_ROLES;
  const roleOf = (roles: string[]) => functions.find((r) => roles.includes(r))!;
  // The signature block lists the president first, then the members, the tellers and the prefect's representative.
  const signatories = commission.rows
    .map((u) => ({ role: roleOf(u.roles), name: signatoryName(u.display_name, u.login) }))
    .sort((a, b) => functions.indexOf(a.role) - functions.indexOf(b.role));
  const data: ReportData = {
    format: 'scrutin-pv/1',
    election: {
      code: election.code,
      name: election.name,
      chamber: election.chamber,
      votingOpensAt: iso(election.vote_opens_at),
      votingClosesAt: iso(election.vote_closes_at),
      countingStartedAt: iso(counting.rows[0]?.at ?? now),
      // The chamber's name is no place: a definition without one says so on the PV rather than invent it.
      place: election.definition.place ?? 'non précisé dans la définition de l’élection',
      timeZone: timeZoneOf(election.definition),
    },
    seal: {
      sealedAt: seal?.sealedAt ?? iso(now),
      sealedBy: await userName(db, sealRow.rows[0]?.sealed_by ?? null),
      softwareVersion: seal?.softwareVersion ?? 'inconnue',
      platformKeyFingerprint: seal?.platformKeyFingerprint ?? 'aucune',
      ...(seal?.commissionCertificateFingerprint ? { commissionCertificateFingerprint: seal.commissionCertificateFingerprint } : {}),
      digests: [
        ...(seal
          ? [
              { label: 'Paramètres de l’élection', sha256: seal.electionDigest },
              { label: 'Liste électorale', sha256: seal.rollDigest },
              { label: 'Candidatures', sha256: seal.candidatesDigest },
              { label: 'Scellement du poste', sha256: seal.digest },
            ]
          : []),
        ...emargementImport.rows.map((r) => ({ label: 'Émargement électronique (fichier signé)', sha256: r.file_sha256 })),
        ...tallyImport.rows.map((r) => ({ label: 'Dépouillement électronique (fichier)', sha256: r.file_sha256 })),
      ].filter((d) => /^[0-9a-f]{64}$/.test(d.sha256)),
    },
    participation: { registeredRights: participation.rows[0]!.registered, postalAccepted: participation.rows[0]!.postal, electronicVoters: participation.rows[0]!.electronic },
    contests: contests.rows.map((c) => ({ code: c.code, kind: c.kind, name: c.name, urns: bases.filter((b) => b.contestCode === c.code).map(toUrnResult) })),
    setAside: setAside.map((e) => ({
      barcode: e.barcode || '(illisible)',
      reason: SET_ASIDE_REASON_OF_VERDICT[e.verdict]!,
      detail: e.defect ?? (e.confirmedAt ? `confirmé par le président le ${e.confirmedAt}` : null),
      station: e.stationId,
      at: e.scannedAt,
    })),
    dualVotes: await Promise.all(
      dual.rows.map(async (d) => ({ barcode: d.barcode, electronicVotedAt: iso(d.voted_at), scannedAt: iso(d.scanned_at), station: d.station_id, confirmedBy: await userName(db, d.decided_by) })),
    ),
    corrections,
    sheetCorrections,
    incidents: await Promise.all(
      incidents.rows.map(async (i) => ({ at: iso(i.reported_at), by: await userName(db, i.reported_by), station: i.station_id, description: i.description, action: '' })),
    ),
    oversightApprovals: await Promise.all(
      approvals.rows.map(async (a) => ({ at: iso(a.approved_at), by: await userName(db, a.approved_by), subject: a.description, decision: 'approuvé' })),
    ),
    journal: { headHash: head.hash, entries: head.entries, ...(signedHead ? { signedHead } : {}) },
    commission: signatories,
    generatedAt: iso(now),
  };
  return reportDataSchema.parse(data);
}
