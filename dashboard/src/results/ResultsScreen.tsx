import { useEffect, useState } from 'react';
import { STATE_LABELS, type ElectionState } from '@scrutin/domain/lifecycle.js';
import type { VerdictKind } from '@scrutin/domain/verdict.js';
import type { PublishedResults } from '@scrutin/contract/results-types.js';
import type { UrnCounters } from '@scrutin/contract/scanning-types.js';
import { get } from '../api.js';
import { ProjectorPages } from './ProjectorPages.js';
import { useLoad, usePolling } from '../components/useAsync.js';
import { useCounters } from '../components/useCounters.js';
import { frInt, frPercent, frTime } from '../format.js';
import { VERDICT_NAMES } from '../scan/verdicts.js';

const SET_ASIDE: VerdictKind[] = ['ELECTRONIC_PRIORITY', 'ALREADY_EMARGED', 'UNKNOWN', 'WITHDRAWN', 'LATE', 'DEFECT', 'OTHER_ELECTION'];

function ContestTable({ contest, urns }: { contest: string; urns: UrnCounters[] }) {
  const sum = (f: (u: UrnCounters) => number) => urns.reduce((n, u) => n + f(u), 0);
  const registered = sum((u) => u.registered);
  const voted = sum((u) => u.postalAccepted + u.electronic);
  return (
    <section className="panel contest" aria-labelledby={'contest-' + contest}>
      <h2 id={'contest-' + contest}>
        Scrutin {contest} — participation {frPercent(voted, registered)}
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Catégorie</th>
            <th scope="col" className="num">Inscrits</th>
            <th scope="col" className="num">Correspondance</th>
            <th scope="col" className="num">Internet</th>
            <th scope="col" className="num">Participation</th>
          </tr>
        </thead>
        <tbody>
          {urns.map((u) => {
            const v = u.postalAccepted + u.electronic;
            return (
              <tr key={u.urnId}>
                <th scope="row">{u.label.replace(/^.*?—\s*/, '')}</th>
                <td className="num">{frInt(u.registered)}</td>
                <td className="num">{frInt(u.postalAccepted)}</td>
                <td className="num">{frInt(u.electronic)}</td>
                <td className="num">
                  {frPercent(v, u.registered)}
                  <div className="bar" aria-hidden="true">
                    <div style={{ width: `${u.registered ? Math.min(100, (100 * v) / u.registered) : 0}%` }} />
                  </div>
                </td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">Total</th>
            <td className="num"><strong>{frInt(registered)}</strong></td>
            <td className="num"><strong>{frInt(sum((u) => u.postalAccepted))}</strong></td>
            <td className="num"><strong>{frInt(sum((u) => u.electronic))}</strong></td>
            <td className="num"><strong>{frPercent(voted, registered)}</strong></td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

const COUNTED_STATES = ['COUNTING', 'RESULTS_PROCLAIMED', 'ARCHIVED'];

/** Once counting is open, the projector also shows each urn's votes and seats; validations are not pushed as events, so it re-reads them. */
function useResults(enabled: boolean): PublishedResults | null {
  const results = useLoad(() => (enabled ? get<PublishedResults>('/api/results') : Promise.resolve(null)), [enabled]);
  usePolling(results.reload, 3000, enabled);
  return enabled ? results.data : null;
}

/** The commission's projector: live totals, pushed by the station within a fraction of a second of each scan; once counted, the urns' votes and seats page by page. */
export function ResultsScreen() {
  const { counters, live } = useCounters();
  const [projection, setProjection] = useState(false);
  const results = useResults(!!counters && COUNTED_STATES.includes(counters.state));

  useEffect(() => {
    document.body.classList.toggle('projection', projection);
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement) return;
      if (e.key === 'p' || e.key === 'P') setProjection((v) => !v);
      if (e.key === 'Escape') setProjection(false);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.body.classList.remove('projection');
    };
  }, [projection]);

  if (!counters) return <p className="loading">Chargement des compteurs…</p>;
  const t = counters.totals;
  const voted = t.postalAccepted + t.electronic;
  const contests = [...new Set(counters.urns.map((u) => u.contest))];
  return (
    <div className="results" data-at={counters.at} data-postal={t.postalAccepted}>
      <div className="results-head">
        <h1>{results ? 'Résultats du scrutin' : 'Participation en direct'}</h1>
        <span className="badge">{STATE_LABELS[counters.state as ElectionState] ?? counters.state}</span>
        <button type="button" className="secondary" aria-pressed={projection} onClick={() => setProjection((v) => !v)}>
          Mode projection <kbd>P</kbd>
        </button>
        <span className="updated" role="status">
          {live ? '● En direct' : '○ Reconnexion…'} — mis à jour à {frTime(counters.at)}
        </span>
      </div>
      {results && <ProjectorPages results={results} />}
      <div className="big-stats">
        <div className="big-stat">
          <div className="label">Inscrits</div>
          <div className="value">{frInt(t.registered)}</div>
          <div className="sub">qualités sur la liste</div>
        </div>
        <div className="big-stat ok">
          <div className="label">Votants</div>
          <div className="value" data-testid="voters">{frInt(voted)}</div>
          <div className="sub">participation {frPercent(voted, t.registered)}</div>
        </div>
        <div className="big-stat ok">
          <div className="label">Par correspondance</div>
          <div className="value" data-testid="postal">{frInt(t.postalAccepted)}</div>
          <div className="sub">{frPercent(t.postalAccepted, voted)} des votants</div>
        </div>
        <div className="big-stat info">
          <div className="label">Par internet</div>
          <div className="value">{frInt(t.electronic)}</div>
          <div className="sub">{frPercent(t.electronic, voted)} des votants</div>
        </div>
        <div className="big-stat aside">
          <div className="label">Plis mis à part</div>
          <div className="value" data-testid="set-aside">{frInt(t.setAside)}</div>
          <div className="sub">{frInt(counters.pendingElectronicPriority)} {counters.pendingElectronicPriority >= 2 ? 'doubles votes' : 'double vote'} à confirmer</div>
        </div>
      </div>
      <div className="contests">
        {contests.map((c) => (
          <ContestTable key={c} contest={c} urns={counters.urns.filter((u) => u.contest === c)} />
        ))}
      </div>
      <section className="panel" aria-labelledby="aside-title">
        <h2 id="aside-title">Plis mis à part, par motif</h2>
        <ul className="aside-list">
          {SET_ASIDE.map((v) => (
            <li key={v}>
              {VERDICT_NAMES[v]} : <strong>{frInt(counters.byVerdict[v] ?? 0)}</strong>
            </li>
          ))}
          <li>
            Illisibles (à relire) : <strong>{frInt(counters.byVerdict.MALFORMED ?? 0)}</strong>
          </li>
        </ul>
      </section>
    </div>
  );
}
