import { formatInstant } from '@scrutin/basics/calendar.js';
import type { StorageScrub } from '../counting/purge.js';
import type { SnapshotHolder } from '../store/purge.js';

/** One holder in French: « la session 4242 (« psql »), transaction ouverte le … » with the time in the election's zone. */
function holderLabel(h: SnapshotHolder, timeZone: string): string {
  const since = h.since ? `, transaction ouverte le ${formatInstant(h.since, timeZone)}` : '';
  switch (h.kind) {
    case 'session':
      return `la session ${h.pid}${h.name ? ` (« ${h.name} »)` : ''}${since}`;
    case 'replication':
      return `la réplication vers un serveur de secours (processus ${h.pid})`;
    case 'slot':
      return `l’emplacement de réplication « ${h.name} »`;
    case 'prepared':
      return `la transaction préparée « ${h.name} »${since}`;
  }
}

/**
 * What the operator must still do when the purge could not rewrite every file (counting/purge.ts,
 * scrubStorage), in French, one line per problem; none when the rewriting was complete. `timeZone`: the
 * election's (IANA), for the times shown.
 */
export function storageWarnings(storage: StorageScrub, timeZone: string): string[] {
  const warnings: string[] = [];
  const held = storage.heldBy;
  if (held.length > 0)
    warnings.push(
      `Attention : ${held.map((h) => holderLabel(h, timeZone)).join(', ')} ${held.length > 1 ? 'voyaient' : 'voyait'} encore la liste électorale d’avant la purge : d’anciennes versions des lignes peuvent rester dans les fichiers de la base. Quand plus rien ne la lit (session terminée, serveur de secours à jour, emplacement supprimé), réécrivez les tables (VACUUM FULL) et le journal d’écriture (docs/operations.md, « The purge »).`,
    );
  const skipped = storage.skippedTables;
  if (skipped.length === 1)
    warnings.push(`Attention : la table ${skipped[0]} n’a pas été réécrite (une autre session la tenait) : ses fichiers gardent ce qu’ils contenaient. Quand plus rien ne la lit, réécrivez-la (VACUUM FULL) puis le journal d’écriture (docs/operations.md, « The purge »).`);
  if (skipped.length > 1)
    warnings.push(`Attention : les tables ${skipped.join(', ')} n’ont pas été réécrites (d’autres sessions les tenaient) : leurs fichiers gardent ce qu’ils contenaient. Quand plus rien ne les lit, réécrivez-les (VACUUM FULL) puis le journal d’écriture (docs/operations.md, « The purge »).`);
  if (!storage.walRewritten) warnings.push('Attention : le journal d’écriture (WAL) n’a pas pu être réécrit (droits du serveur) : ses anciens segments peuvent contenir la liste électorale (docs/operations.md, « The purge »).');
  return warnings;
}
