import type { Db } from '@scrutin/db';
import type { Actor, Role } from '@scrutin/domain/roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { getElection } from '../election/election.js';
import { anchorChains, appendJournal } from '../journal/journal.js';
import { emargementFileSchema, type EmargementFile } from '@scrutin/contract/electronic-emargement.js';
import { verifyPlatformSignature } from './platform-signature.js';
import { parseUntrustedJson } from '@scrutin/basics/json-limits.js';
import { formatInstant } from '@scrutin/basics/calendar.js';
import * as store from '../store/index.js';

export type EmargementImportError = { code: string; message: string; details?: string[] };

/**
 * Loads the sealed electronic emargement (art. 13): refused unless signed by the platform
 * key registered at sealing, for this election, dated at or after the close, with known
 * and distinct rights, once. Opens postal emargement (state EMARGEMENT_LOADED).
 */
export async function importElectronicEmargement(
  db: Db,
  actor: Omit<Actor, 'role'>,
  roles: readonly Role[],
  fileBytes: Uint8Array,
  signatureText: string,
): Promise<Result<{ count: number; fileSha256: string }, EmargementImportError>> {
  const election = await getElection(db);
  if (!election) return err({ code: 'NO_ELECTION', message: "Aucune élection n'est configurée." });
  if (await store.emargements.isElectronicEmargementImported(db)) return err({ code: 'ALREADY_IMPORTED', message: "L'émargement électronique est déjà chargé : un second chargement est refusé." });
  if (election.state !== 'VOTE_CLOSED') {
    return err({ code: 'WRONG_STATE', message: "L'émargement électronique se charge après la clôture du vote, une seule fois." });
  }
  const role = (['president', 'admin'] as const).find((r) => roles.includes(r));
  if (!role) return err({ code: 'ROLE_NOT_ALLOWED', message: "Seul le président ou l'administrateur charge l'émargement électronique." });
  const signed = await verifyPlatformSignature(db, fileBytes, signatureText, 'fichier');
  if (!signed.ok) return signed;
  const { fileSha256 } = signed.value;
  let body: EmargementFile;
  try {
    const parsed = emargementFileSchema.safeParse(parseUntrustedJson(fileBytes));
    if (!parsed.success) return err({ code: 'BAD_FORMAT', message: "Format d'émargement électronique invalide.", details: parsed.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`) });
    body = parsed.data;
  } catch {
    return err({ code: 'BAD_FORMAT', message: "Fichier d'émargement illisible (JSON UTF-8 attendu)." });
  }
  if (body.electionCode !== election.code) return err({ code: 'OTHER_ELECTION', message: `Émargement d'une autre élection (${body.electionCode}, attendu ${election.code}).` });
  if (Date.parse(body.closedAt) < election.voteClosesAt.getTime()) {
    return err({ code: 'BEFORE_CLOSE', message: `Fichier arrêté le ${formatInstant(body.closedAt, election.timeZone, { seconds: true })}, avant la clôture du vote (${formatInstant(election.voteClosesAt, election.timeZone)}) : refusé.` });
  }
  if (body.count !== body.entries.length) return err({ code: 'BAD_COUNT', message: `En-tête : ${body.count} votes annoncés, ${body.entries.length} présents.` });
  const seen = new Set<number>();
  const duplicates = body.entries.filter((e) => (seen.has(e.right) ? true : (seen.add(e.right), false))).map((e) => e.right);
  if (duplicates.length > 0) return err({ code: 'DUPLICATES', message: `Qualités en double : ${duplicates.slice(0, 20).join(', ')}${duplicates.length > 20 ? '…' : ''}.` });
  const late = body.entries.filter((e) => Date.parse(e.votedAt) > Date.parse(body.closedAt));
  if (late.length > 0) return err({ code: 'VOTE_AFTER_CLOSE', message: `${late.length} vote(s) datés après la clôture (qualité ${late[0]!.right}…).` });

  return db.transaction(async (tx) => {
    if ((await store.emargements.lockElectionState(tx)) !== 'VOTE_CLOSED') return err({ code: 'WRONG_STATE', message: "L'émargement électronique est déjà chargé." });
    const ids = body.entries.map((e) => e.right);
    const unknown = await store.emargements.unknownRights(tx, ids);
    if (unknown.length > 0) return err({ code: 'UNKNOWN_RIGHTS', message: `Qualités inconnues de la liste électorale : ${unknown.join(', ')}.` });
    await store.emargements.insertElectronicEmargement(tx, { rightIds: ids, votedAt: body.entries.map((e) => e.votedAt), fileSha256, count: body.count, closedAt: body.closedAt, importedBy: actor.userId });
    const acting: Actor = { ...actor, role };
    await appendJournal(tx, acting, 'emargement.import', { fileSha256, count: body.count, closedAt: body.closedAt });
    await appendJournal(tx, acting, 'election.transition', { from: 'VOTE_CLOSED', to: 'EMARGEMENT_LOADED' });
    await anchorChains(tx, acting, 'VOTE_CLOSED->EMARGEMENT_LOADED');
    return ok({ count: body.count, fileSha256 });
  });
}
