/**
 * Assembles the ReportData of the PV from the database: everything the PV shows, read in the
 * caller's transaction so that the snapshot is consistent with the proclamation that stores it.
 */
import type { Queryable } from '@scrutin/db';
import { timeZoneOf } from '@scrutin/contract/election-definition.js';
import { PV_SIGNING_ROLES } from '@scrutin/domain/roles.js';
import { journalHead } from '../journal/journal.js';
import { lastSignedHead } from '../journal/head-seal.js';
import { reportDataSchema, SET_ASIDE_REASON_OF_VERDICT, setAsideDetail, type ReportData, type UrnResult } from '../reports/report-data.js';
import { listSetAside } from '../scanning/president.js';
import { getSeal } from '../scanning/seal.js';
import { loadElectronicTallies, loadUrnBases, loadValidatedSheets, urnResults } from './results.js';
import * as store from '../store/index.js';


const iso = (d: Date | string): string => new Date(d).toISOString();

async function categoryNames(db: Queryable): Promise<{ categories: Map<string, string>; subcategories: Map<string, string> }> {
  const { categories: c, subcategories: s } = await store.results.categoryNames(db);
  return {
    categories: new Map(c.map((r) => [r.code, r.name])),
    subcategories: new Map(s.map((r) => [`${r.category_code}/${r.code}`, r.name])),
  };
}

async function userName(db: Queryable, id: number | string | null): Promise<string> {
  if (id === null) return 'système';
  return (await store.results.displayName(db, id)) ?? `compte ${id}`;
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
  const election = await store.results.electionHeading(db);
  if (!election) throw new Error('aucune élection');
  const seal = await getSeal(db);
  const sealedBy = await store.results.sealedBy(db);
  const countingStartedAt = await store.results.countingStartedAt(db);
  const imported = await store.results.importedFiles(db);

  const names = await categoryNames(db);
  const contests = await store.results.contests(db);
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

  const participation = await store.results.participation(db);

  const setAside = (await listSetAside(db)).filter((e) => !e.reversed && SET_ASIDE_REASON_OF_VERDICT[e.verdict]);
  const dual = await store.results.confirmedDualVotes(db);
  const decisions = await store.results.reversals(db);
  const recounts = await store.results.sheetCorrections(db);
  const incidents = await store.results.incidents(db);
  const approvals = await store.results.approvals(db);
  const commission = await store.results.signatories(db, PV_SIGNING_ROLES);
  const head = await journalHead(db);
  const signedHead = await lastSignedHead(db);

  const corrections: ReportData['corrections'] = [];
  for (const d of decisions)
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
  for (const r of recounts)
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
  const signatories = commission
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
      countingStartedAt: iso(countingStartedAt ?? now),
      // The chamber's name is no place: a definition without one says so on the PV rather than invent it.
      place: election.definition.place ?? 'non précisé dans la définition de l’élection',
      timeZone: timeZoneOf(election.definition),
    },
    seal: {
      sealedAt: seal?.sealedAt ?? iso(now),
      sealedBy: await userName(db, sealedBy ?? null),
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
        ...imported.emargement.map((r) => ({ label: 'Émargement électronique (fichier signé)', sha256: r.file_sha256 })),
        ...imported.tally.map((r) => ({ label: 'Dépouillement électronique (fichier)', sha256: r.file_sha256 })),
      ].filter((d) => /^[0-9a-f]{64}$/.test(d.sha256)),
    },
    participation: { registeredRights: participation.registered, postalAccepted: participation.postal, electronicVoters: participation.electronic },
    contests: contests.map((c) => ({ code: c.code, kind: c.kind, name: c.name, urns: bases.filter((b) => b.contestCode === c.code).map(toUrnResult) })),
    setAside: setAside.map((e) => ({
      barcode: e.barcode || '(illisible)',
      reason: SET_ASIDE_REASON_OF_VERDICT[e.verdict]!,
      detail: setAsideDetail(e.defect, e.confirmedAt, timeZoneOf(election.definition)),
      station: e.stationId,
      at: e.scannedAt,
    })),
    dualVotes: await Promise.all(
      dual.map(async (d) => ({ barcode: d.barcode, electronicVotedAt: iso(d.voted_at), scannedAt: iso(d.scanned_at), station: d.station_id, confirmedBy: await userName(db, d.decided_by) })),
    ),
    corrections,
    sheetCorrections,
    incidents: await Promise.all(
      incidents.map(async (i) => ({ at: iso(i.reported_at), by: await userName(db, i.reported_by), station: i.station_id, description: i.description, action: '' })),
    ),
    oversightApprovals: await Promise.all(
      approvals.map(async (a) => ({ at: iso(a.approved_at), by: await userName(db, a.approved_by), subject: a.description, decision: 'approuvé' })),
    ),
    journal: { headHash: head.hash, entries: head.entries, ...(signedHead ? { signedHead } : {}) },
    commission: signatories,
    generatedAt: iso(now),
  };
  return reportDataSchema.parse(data);
}
