/**
 * `scrutin-platform load-from-station`: reads the station's validated roll and candidates (read only) and
 * writes the load file. The station has no export of voters with birth dates and addresses, and the
 * platform needs exactly those for the letters and the login; reading its database avoids a new station API.
 */
import type { Queryable } from '@scrutin/db';
import type { CalendarDate } from '@scrutin/basics/calendar.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { timeZoneOf } from '@scrutin/contract/election-definition.js';
import { LOAD_FORMAT, type LoadFile } from './load-file.js';

export async function exportFromStation(db: Queryable): Promise<Result<LoadFile, string[]>> {
  const election = await db.query<{ code: string; name: string; chamber: string; state: string; vote_opens_at: Date; vote_closes_at: Date; definition: { timeZone?: string; categories: { code: string; name: string; subcategories: { code: string; name: string }[] }[]; contests: { code: string; name: string }[] } }>(
    'SELECT code, name, chamber, state, vote_opens_at, vote_closes_at, definition FROM election',
  );
  const e = election.rows[0];
  if (!e) return err(["Aucune élection n'est configurée au poste."]);
  if (['SETUP'].includes(e.state)) return err(['La liste électorale et les candidatures doivent être validées par la préfecture avant le chargement de la plateforme.']);
  const roll = await db.query<{ file_sha256: string; validated_at: Date | null }>('SELECT file_sha256, validated_at FROM roll_import');
  if (!roll.rows[0]?.validated_at) return err(['La liste électorale n’est pas validée par la préfecture.']);
  const validation = await db.query<{ digest: string }>('SELECT digest FROM candidates_validation');
  if (!validation.rows[0]) return err(['Les candidatures ne sont pas validées par la préfecture.']);

  const categoryName = (cat: string, sub: string | null): string => {
    const c = e.definition.categories.find((x) => x.code === cat);
    const s = c?.subcategories.find((x) => x.code === sub);
    return `${c?.name ?? cat}${s ? `, ${s.name}` : ''}`;
  };
  const urns = await db.query<{ id: string; contest_code: string; category_code: string; subcategory_code: string | null; seats: number; label: string }>(
    'SELECT id, contest_code, category_code, subcategory_code, seats, label FROM urn ORDER BY contest_code, category_code, subcategory_code NULLS FIRST',
  );
  // Candidate order = the station's (by id): the electronic tally's vote arrays follow it.
  const candidates = await db.query<{ id: number; urn_id: string; last_name: string; first_names: string; profession: string; substitute: { lastName: string; firstNames: string } | null }>(
    'SELECT id, urn_id, last_name, first_names, profession, substitute FROM candidate ORDER BY urn_id, id',
  );
  const voters = await db.query<{ id: number; voter_number: string; civility: string | null; last_name: string; first_names: string; birth_date: CalendarDate | null; postal_address: string | null; company_name: string | null }>(
    'SELECT id, voter_number, civility, last_name, first_names, birth_date, postal_address, company_name FROM voter ORDER BY id',
  );
  const rights = await db.query<{ id: number; voter_id: number; category_code: string; subcategory_code: string | null; withdrawn: boolean }>(
    'SELECT r.id, r.voter_id, r.category_code, r.subcategory_code, (w.right_id IS NOT NULL) AS withdrawn FROM voting_right r LEFT JOIN right_withdrawal w ON w.right_id = r.id ORDER BY r.id',
  );
  const byVoter = new Map<number, LoadFile['voters'][number]['rights']>();
  for (const r of rights.rows) {
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
    rollSha256: roll.rows[0].file_sha256,
    candidatesDigest: validation.rows[0].digest,
    urns: urns.rows.map((u) => ({
      id: u.id,
      contestCode: u.contest_code,
      contestName: e.definition.contests.find((c) => c.code === u.contest_code)?.name ?? u.contest_code,
      categoryCode: u.category_code,
      subcategoryCode: u.subcategory_code,
      label: u.label,
      seats: u.seats,
      candidates: candidates.rows
        .filter((c) => c.urn_id === u.id)
        .map((c) => ({ id: String(c.id), lastName: c.last_name, firstNames: c.first_names, profession: c.profession, substitute: c.substitute ? `${c.substitute.lastName} ${c.substitute.firstNames}` : null })),
    })),
    voters: voters.rows.flatMap((v) => {
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
