import type { PublishedResults, UrnResults } from '@scrutin/contract/results-types.js';
import { frDateTime, frInt, frPercent, plural } from '../format.js';
import { isFinal, seatOutcome } from '@scrutin/domain/seat-outcome.js';
import { candidateName } from './types.js';
import { contestTitle } from '../contest-title.js';

/** One urn: ballots per source, candidates ranked with their votes and the seat outcome. */
export function UrnResultsTable({ urn }: { urn: UrnResults }) {
  const final = isFinal(urn);
  const byId = new Map(urn.candidates.map((c) => [c.id, c]));
  const rows = [
    ['Bulletins (enveloppes)', 'ballots'],
    ['Valables', 'valid'],
    ['Blancs', 'blank'],
    ['Nuls', 'null'],
  ] as const;
  return (
    <article className="urn-results" aria-labelledby={'res-' + urn.id}>
      <h3 id={'res-' + urn.id}>
        {urn.label} <span className="help inline-help">— {plural(urn.seats, 'siège', 'sièges')}, {plural(urn.registeredRights, 'inscrit', 'inscrits')}</span>
      </h3>
      <p className="sources">
        <span className={'chip ' + (urn.status.postalValidated ? 'tone-ok' : 'tone-idle')}>Correspondance : {urn.status.postalValidated ? 'validée' : 'en attente'}</span>{' '}
        <span className={'chip ' + (urn.status.electronicLoaded ? 'tone-ok' : 'tone-idle')}>Internet : {urn.status.electronicLoaded ? 'dépouillé' : 'en attente'}</span>
      </p>
      <div className="results-pair">
        <table className="table compact">
          <caption className="visually-hidden">Bulletins de {urn.label} par source</caption>
          <thead>
            <tr>
              <th scope="col">Bulletins</th>
              <th scope="col" className="num">Correspondance</th>
              <th scope="col" className="num">Internet</th>
              <th scope="col" className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, key]) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td className="num">{frInt(urn.postal[key])}</td>
                <td className="num">{frInt(urn.electronic[key])}</td>
                <td className="num">
                  <strong>{frInt(urn.combined[key])}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="table compact candidates">
          <caption className="visually-hidden">Voix des candidats de {urn.label}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">Rang</th>
              <th scope="col">Candidat</th>
              <th scope="col" className="num">Corresp.</th>
              <th scope="col" className="num">Internet</th>
              <th scope="col" className="num">Total</th>
              <th scope="col" className="num">%</th>
              <th scope="col">Résultat</th>
            </tr>
          </thead>
          <tbody>
            {urn.candidates.map((c) => {
              const text = seatOutcome(c, urn);
              return (
                <tr key={c.id} className={final && c.elected ? 'elected' : undefined}>
                  <td className="num">{c.rank}</td>
                  <th scope="row">{candidateName(c)}</th>
                  <td className="num">{frInt(c.postal)}</td>
                  <td className="num">{frInt(c.electronic)}</td>
                  <td className="num">
                    <strong>{frInt(c.combined)}</strong>
                  </td>
                  <td className="num">{frPercent(c.combined, urn.combined.valid)}</td>
                  <td>{final && c.elected ? <strong>✔ {text}</strong> : text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {urn.drawOfLots && (
        <p className="notice notice-warning" role="status">
          <span className="notice-icon" aria-hidden="true">⚠</span>
          <span>
            <strong>Tirage au sort : </strong>
            {urn.drawOfLots.candidateIds.map((id) => (byId.get(id) ? candidateName(byId.get(id)!) : id)).join(', ')} ont le même nombre de voix et la même date de naissance ;{' '}
            {plural(urn.drawOfLots.seats, 'siège', 'sièges')} à attribuer par tirage au sort de la commission.
          </span>
        </p>
      )}
      {urn.reconciliation && urn.reconciliation.difference !== 0 && (
        <p className="help">
          Écart de rapprochement : {frInt(urn.reconciliation.envelopesFound)} enveloppes trouvées pour {frInt(urn.reconciliation.envelopesAccepted)} plis acceptés — « {urn.reconciliation.note ?? ''} »
        </p>
      )}
    </article>
  );
}

/** Where the results stand: proclaimed, complete, or provisional while urns remain to be counted. */
export function resultsStatus(results: PublishedResults): string {
  if (results.proclamation) return `Résultats proclamés le ${frDateTime(results.proclamation.proclaimedAt)}.`;
  return results.complete
    ? 'Toutes les urnes sont dépouillées : résultats en attente de proclamation.'
    : 'Résultats provisoires : des urnes restent à dépouiller ; les sièges ne s’affichent qu’une fois les deux sources d’une urne connues.';
}

/** Results per contest and urn: both sources before and after combination, ranking, seats. */
export function ResultsTables({ results }: { results: PublishedResults }) {
  return (
    <div className="results-tables">
      <p className="lead">{resultsStatus(results)}</p>
      {results.contests.map((contest) => (
        <section key={contest.code} className="panel" aria-labelledby={'contest-res-' + contest.code}>
          <h2 id={'contest-res-' + contest.code}>
            {contestTitle(contest)}
          </h2>
          {contest.urns.length === 0 ? <p className="empty">Aucune urne.</p> : contest.urns.map((u) => <UrnResultsTable key={u.id} urn={u} />)}
        </section>
      ))}
    </div>
  );
}
