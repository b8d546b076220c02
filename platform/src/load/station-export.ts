/**
 * `scrutin-platform load-from-station`: reads the station's validated roll and candidates (read only) and
 * writes the load file. The station has no export of voters with birth dates and addresses, and the
 * platform needs exactly those for the letters and the login; reading its database avoids a new station API.
 */
import type { Queryable } from '@scrutin/db';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { timeZoneOf } from '@scrutin/contract/election-definition.js';
import { LOAD_FORMAT, type LoadFile } from './load-file.js';
import * as store from '../store/index.js';

export async function exportFromStation(db: Queryable): Promise<Result<LoadFile, string[]>> {
  const e = await store.stationExport.findStationElection(db);
  if (!e) return err(["Aucune élection n'est configurée au poste."]);
  if (['SETUP'].includes(e.state)) return err(['La liste électorale et les candidatures doivent être validées par la préfecture avant le chargement de la plateforme.']);
  const roll = await store.stationExport.findRollImport(db);
  if (!roll?.validated_at) return err(['La liste électorale n’est pas validée par la préfecture.']);
  const validation = await store.stationExport.findCandidatesValidation(db);
  if (!validation) return err(['Les candidatures ne sont pas validées par la préfecture.']);

  const categoryName = (cat: string, sub: string | null): string => {
    const c = e.definition.categories.find((x) => x.code === cat);
    const s = c?.subcategories.find((x) => x.code === sub);
    return `${c?.name ?? cat}${s ? `, ${s.name}` : ''}`;
  };
  const urns = await store.stationExport.listStationUrns(db);
  // Candidate order = the station's (by id): the electronic tally's vote arrays follow it.
  const candidates = await store.stationExport.listStationCandidates(db);
  const voters = await store.stationExport.listStationVoters(db);
  const rights = await store.stationExport.listStationRights(db);
  const byVoter = new Map<number, LoadFile['voters'][number]['rights']>();
  for (const r of rights) {
    const list = byVoter.get(r.voter_id) ?? [];
    list.push({ id: r.id, categoryCode: r.category_code, subcategoryCode: r.subcategory_code, label: categoryName(r.category_code, r.subcategory_code), withdrawn: r.withdrawn });
    byVoter.set(r.voter_id, list);
  }
  const problems: string[] = [];
  const file: LoadFile = {
    format: LOAD_FORMAT,
    electionCode: e.code,
    name: e.name,
    chamber: e.chamber,
    opensAt: new Date(e.vote_opens_at).toISOString(),
    closesAt: new Date(e.vote_closes_at).toISOString(),
    timeZone: timeZoneOf(e.definition),
    rollSha256: roll.file_sha256,
    candidatesDigest: validation.digest,
    urns: urns.map((u) => ({
      id: u.id,
      contestCode: u.contest_code,
      contestName: e.definition.contests.find((c) => c.code === u.contest_code)?.name ?? u.contest_code,
      categoryCode: u.category_code,
      subcategoryCode: u.subcategory_code,
      label: u.label,
      seats: u.seats,
      candidates: candidates
        .filter((c) => c.urn_id === u.id)
        .map((c) => ({ id: String(c.id), lastName: c.last_name, firstNames: c.first_names, profession: c.profession, substitute: c.substitute ? `${c.substitute.lastName} ${c.substitute.firstNames}` : null })),
    })),
    voters: voters.flatMap((v) => {
      const birthDate = v.birth_date; // 'YYYY-MM-DD' from the database layer, whatever TZ
      if (!birthDate) {
        problems.push(`Électeur ${v.voter_number} : date de naissance absente, elle est demandée à la connexion.`);
        return [];
      }
      return [{ id: v.id, voterNumber: v.voter_number, civility: v.civility, lastName: v.last_name, firstNames: v.first_names, birthDate, postalAddress: v.postal_address ?? '', companyName: v.company_name ?? '', rights: byVoter.get(v.id) ?? [] }];
    }),
  };
  for (const u of file.urns) if (u.candidates.length === 0) problems.push(`Urne ${u.id} : aucun candidat.`);
  return problems.length > 0 ? err(problems) : ok(file);
}
