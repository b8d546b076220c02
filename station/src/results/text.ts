/** The results as `scrutin results` prints them in a terminal. */
import { STATE_LABELS } from '@scrutin/domain/lifecycle.js';
import { isFinal, seatOutcome } from '@scrutin/domain/seat-outcome.js';
import type { ResultsView } from '@scrutin/contract/results-types.js';
import { personName, plural } from '@scrutin/basics/french.js';

/**
 * One block per contest and urn: ballots by source, then each candidate's rank, votes (postal +
 * electronic = total) and the seat words of `seatOutcome` — so an urn still missing a source says
 * « en tête », never « élu(e) », and only the elder of an age tie is « élu(e) au bénéfice de l’âge ».
 */
export function resultsText(r: ResultsView): string {
  return [
    `Résultats ${r.electionCode} — ${STATE_LABELS[r.state as keyof typeof STATE_LABELS] ?? r.state}${r.complete ? '' : ' (PARTIELS)'}`,
    ...r.contests.flatMap((c) => [
      `\n${c.name}`,
      ...c.urns.flatMap((u) => [
        `  ${u.label} — ${plural(u.seats, 'siège')} ; bulletins : correspondance ${u.postal.ballots}, internet ${u.electronic.ballots}, total ${u.combined.ballots} (blancs ${u.combined.blank}, nuls ${u.combined.null})` +
          (isFinal(u) ? '' : ` — partiel : ${[u.status.postalValidated ? null : 'dépouillement manuel non validé', u.status.electronicLoaded ? null : 'dépouillement électronique non chargé'].filter(Boolean).join(', ')}`),
        ...u.candidates.map((x) => {
          const outcome = seatOutcome(x, u);
          return `    ${String(x.rank).padStart(3)}. ${personName(x.lastName, x.firstNames).padEnd(32)} ${String(x.postal).padStart(6)} + ${String(x.electronic).padStart(6)} = ${String(x.combined).padStart(6)}${outcome === '—' ? '' : `  ${outcome.toUpperCase()}`}`;
        }),
        ...(u.drawOfLots ? [`    Tirage au sort nécessaire : ${plural(u.drawOfLots.seats, 'siège')} entre ${u.drawOfLots.candidateIds.join(', ')}`] : []),
      ]),
    ]),
  ].join('\n');
}
