/**
 * The arithmetic every set of results must satisfy, whoever signed it: the prefecture checks it on each
 * export before consolidating (a genuine key can sign forged figures, issue 14 item 2). Pure; the rules
 * are those the station enforces when the figures are made (docs/design.md « A count sheet »,
 * @scrutin/domain's count-sheet.ts, reconciliation.ts; art. 13 of the arrêté of 7 October 2016 for the
 * electronic vote taking precedence, so a right votes by one channel at most).
 */
import { personName } from '@scrutin/basics/french.js';
import type { ReportData, UrnResult } from './report-data.js';
import type { VerificationError } from './verification.js';

type Outcome = UrnResult['postal'];
const CHANNELS = { postal: 'par correspondance', electronic: 'par internet', combined: 'au total' } as const;

function urnProblems(contest: string, u: UrnResult): string[] {
  const where = `${contest}, ${u.label}`;
  const problems: string[] = [];
  const sumOf = (o: Outcome) => o.valid + o.blank + o.null;
  // Each counted envelope or electronic ballot is exactly one of valid, blank or null.
  for (const [channel, label] of Object.entries(CHANNELS) as [keyof typeof CHANNELS, string][])
    if (sumOf(u[channel]) !== u[channel].ballots)
      problems.push(`${where} : bulletins ${label} valables + blancs + nuls (${sumOf(u[channel])}) ≠ bulletins (${u[channel].ballots}).`);
  if (u.electronic.null !== 0) problems.push(`${where} : ${u.electronic.null} bulletin(s) électronique(s) nul(s), impossible (la preuve borne les marques).`);
  for (const k of ['ballots', 'valid', 'blank', 'null'] as const)
    if (u.combined[k] !== u.postal[k] + u.electronic[k]) problems.push(`${where} : total ${k} (${u.combined[k]}) ≠ correspondance + internet (${u.postal[k] + u.electronic[k]}).`);
  const r = u.reconciliation;
  if (u.postal.ballots !== r.envelopesFound)
    problems.push(`${where} : ${u.postal.ballots} bulletin(s) par correspondance pour ${r.envelopesFound} enveloppe(s) trouvée(s) dans l’urne.`);
  if (r.difference !== r.envelopesFound - r.envelopesAccepted)
    problems.push(`${where} : écart (${r.difference}) ≠ enveloppes trouvées − plis acceptés (${r.envelopesFound - r.envelopesAccepted}).`);
  if (r.envelopesAccepted + u.electronic.ballots > u.registeredRights)
    problems.push(`${where} : ${r.envelopesAccepted} pli(s) acceptés + ${u.electronic.ballots} vote(s) électronique(s) pour ${u.registeredRights} inscrit(s).`);
  if (r.envelopesFound > u.registeredRights) problems.push(`${where} : ${r.envelopesFound} enveloppe(s) trouvée(s) pour ${u.registeredRights} inscrit(s).`);
  // A ballot marks a candidate at most once and at most `seats` candidates in all.
  for (const channel of ['postal', 'electronic'] as const) {
    const votes = u.candidates.map((c) => (channel === 'postal' ? c.postalVotes : c.electronicVotes));
    const valid = u[channel].valid;
    u.candidates.forEach((c, i) => {
      if (votes[i]! > valid) problems.push(`${where} : ${votes[i]} voix ${CHANNELS[channel]} pour ${personName(c.lastName, c.firstNames)}, pour ${valid} bulletin(s) valable(s).`);
    });
    const total = votes.reduce((a, b) => a + b, 0);
    if (total > valid * u.seats) problems.push(`${where} : ${total} voix ${CHANNELS[channel]} pour ${valid} bulletin(s) valable(s) × ${u.seats} siège(s).`);
  }
  for (const c of u.candidates)
    if (c.combinedVotes !== c.postalVotes + c.electronicVotes)
      problems.push(`${where} : total des voix de ${personName(c.lastName, c.firstNames)} (${c.combinedVotes}) ≠ correspondance + internet (${c.postalVotes + c.electronicVotes}).`);
  const elected = u.candidates.filter((c) => c.elected).length;
  if (elected > u.seats) problems.push(`${where} : ${elected} élu(s) pour ${u.seats} siège(s).`);
  return problems;
}

/** Every inconsistency of the figures, as French errors (code INCONSISTENT_FIGURES); empty when they hold. */
export function resultsConsistencyProblems(results: ReportData): VerificationError[] {
  const p = results.participation;
  const problems = results.contests.flatMap((c) => c.urns.flatMap((u) => urnProblems(c.name, u)));
  if (p.postalAccepted + p.electronicVoters > p.registeredRights)
    problems.push(`Participation : ${p.postalAccepted} pli(s) acceptés + ${p.electronicVoters} votant(s) par internet pour ${p.registeredRights} qualité(s) inscrite(s).`);
  return problems.map((message) => ({ code: 'INCONSISTENT_FIGURES', message: `Résultats incohérents — ${message}` }));
}
