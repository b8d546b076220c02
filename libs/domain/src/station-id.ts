import { z } from 'zod';

/**
 * Journal chains that no workstation may take as its name: `anchor` holds the anchored heads of every
 * chain, `console` the commands typed on the station's terminal. A client naming its workstation
 * « anchor » would otherwise append its entries to the chain that guards all the others.
 */
export const ANCHOR_CHAIN = 'anchor';
export const RESERVED_CHAIN_IDS: readonly string[] = [ANCHOR_CHAIN, 'console'];

/**
 * The name of a workstation (a scanning station, a browser's « poste »), which is also the id of its
 * journal chain: 1 to 40 letters, digits, dots, dashes or underscores, not a reserved chain (in any case).
 */
export const stationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'nom de poste : lettres, chiffres, point, tiret ou souligné (40 au plus)')
  .refine((id) => !RESERVED_CHAIN_IDS.includes(id.toLowerCase()), { message: `nom de poste réservé au journal (${RESERVED_CHAIN_IDS.join(', ')}) : choisissez-en un autre` });
