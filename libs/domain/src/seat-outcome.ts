/**
 * What a screen, the CLI or a printout may say of a candidate's seat: one wording for all of them, so
 * that no output calls « élu » a candidate of an urn whose counts are still partial.
 */
import type { DrawOfLots } from './seats.js';

/**
 * What of an urn's results the wording needs (a structural part of @scrutin/contract's UrnResults, which
 * builds on this library's types: the domain does not import the contract).
 */
type UrnStatus = { status: { postalValidated: boolean; electronicLoaded: boolean } };

/** A seat is shown as won only once both sources of the urn are in: partial numbers can still move. */
export const isFinal = (urn: UrnStatus): boolean => urn.status.postalValidated && urn.status.electronicLoaded;

/**
 * The words of the « Résultat » column (L.713-16: most votes win, the elder on a tie; the commission
 * draws lots between candidates the law cannot separate — same votes, same birth date).
 */
export function seatOutcome(c: { id: string; elected: boolean; tieBrokenByAge: boolean }, urn: UrnStatus & { drawOfLots: DrawOfLots | null }): string {
  if (urn.drawOfLots?.candidateIds.includes(c.id)) return 'tirage au sort';
  if (!isFinal(urn)) return c.elected ? 'en tête' : '—';
  if (c.elected) return c.tieBrokenByAge ? 'élu(e) au bénéfice de l’âge' : 'élu(e)';
  return c.tieBrokenByAge ? 'non élu(e) : égalité, au bénéfice de l’âge d’un autre' : '—';
}
