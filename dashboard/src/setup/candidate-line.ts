import { personName } from '@scrutin/basics/french.js';
import { frDate } from '../format.js';

/** A candidate or substitute as the roll of candidacies shows them. */
export type Person = { lastName: string; firstNames: string; sex: 'F' | 'M'; birthDate: string };

/**
 * One candidacy in words, agreed with each person's sex (both are known, so never « né·e »):
 * « LASSERRE Odile (F, née le 4 mai 1971) », and its substitute as « suppléante : … » or « suppléant : … ».
 */
export function candidateLine(c: Person & { substitute: Person | null }): { candidate: string; substitute: string | null } {
  return {
    candidate: `${personName(c.lastName, c.firstNames)} (${c.sex === 'F' ? 'F, née' : 'H, né'} le ${frDate(c.birthDate)})`,
    substitute: c.substitute ? `${c.substitute.sex === 'F' ? 'suppléante' : 'suppléant'} : ${personName(c.substitute.lastName, c.substitute.firstNames)}` : null,
  };
}
