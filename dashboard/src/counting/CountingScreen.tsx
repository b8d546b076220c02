import { useCallback, useEffect, useState } from 'react';
import type { UrnCountStatus } from '@scrutin/contract/counting-types.js';
import type { PublishedResults } from '@scrutin/contract/results-types.js';
import { get, post, type SessionView } from '../api.js';
import { TabList } from '../components/TabList.js';
import { Notice } from '../components/Notice.js';
import { useAction, useLoad, usePolling } from '../components/useAsync.js';
import type { ElectionView } from '../setup/types.js';
import { DocumentsPanel } from './DocumentsPanel.js';
import { ResultsTables } from './ResultsTables.js';
import { SheetsPanel } from './SheetsPanel.js';
import { TallyPanel } from './TallyPanel.js';

const TABS = [
  { id: 'feuilles', label: 'Feuilles de pointage', roles: ['teller', 'president', 'member'] },
  { id: 'internet', label: 'Urne électronique', roles: ['president', 'member'] },
  { id: 'resultats-urnes', label: 'Résultats et sièges', roles: ['teller', 'president', 'member'] },
  { id: 'documents', label: 'Proclamation et procès-verbal', roles: ['president', 'member'] },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** Other people (the second teller, the president) act at the same time: the screen re-reads the station every few seconds. */
const REFRESH_MS = 3000;

function firstToWorkOn(urns: UrnCountStatus[], login: string, isTeller: boolean): string | null {
  const next = isTeller
    ? urns.find((u) => u.state !== 'VALIDATED' && !u.entries.some((e) => e.teller === login) && u.entries.length < 2)
    : (urns.find((u) => u.state === 'READY') ?? urns.find((u) => u.state !== 'VALIDATED'));
  return (next ?? urns[0])?.urnId ?? null;
}

export function CountingScreen({ session }: { session: SessionView }) {
  const roles = session.user.roles;
  const tabs = TABS.filter((t) => t.roles.some((r) => roles.includes(r)));
  const [tab, setTab] = useState<Tab>(tabs[0]?.id ?? 'feuilles');
  const counting = useLoad(() => get<{ urns: UrnCountStatus[] }>('/api/counting'));
  const results = useLoad(() => get<PublishedResults>('/api/results'));
  const election = useLoad(() => get<ElectionView>('/api/election'));
  const [selected, setSelected] = useState<string | null>(null);
  const opening = useAction();
  const isTeller = roles.includes('teller');
  const state = election.data?.election?.state ?? '';
  const urns = counting.data?.urns ?? [];
  const { reload: reloadCounting, replace: replaceCounting } = counting;
  const { reload: reloadResults } = results;

  const refresh = useCallback(() => Promise.all([reloadCounting(), reloadResults()]), [reloadCounting, reloadResults]);
  usePolling(refresh, REFRESH_MS);

  useEffect(() => {
    if (selected === null && urns.length > 0) setSelected(firstToWorkOn(urns, session.user.login, isTeller));
  }, [urns, selected, session.user.login, isTeller]);

  const refreshAll = async () => {
    await Promise.all([counting.reload(), results.reload(), election.reload()]);
  };

  const selectTab = (id: Tab) => {
    setTab(id);
    opening.setMessage(null);
  };

  const openCounting = () =>
    opening.run(async () => {
      await post('/api/election/transition', { to: 'COUNTING' });
      await refreshAll();
      return 'Dépouillement ouvert : les assesseurs peuvent saisir les feuilles.';
    });

  const error = counting.error ?? results.error ?? election.error;
  return (
    <div className="counting">
      <div className="page-title">
        <h1>Dépouillement</h1>
        {election.data?.election && (
          <span className="state">
            {election.data.election.name} — état : <strong>{election.data.election.stateLabel}</strong>
          </span>
        )}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {opening.message && <Notice kind={opening.message.kind}>{opening.message.text}</Notice>}
      {state && state !== 'COUNTING' && !['RESULTS_PROCLAIMED', 'ARCHIVED', 'PURGED'].includes(state) && (
        <Notice kind="info">
          Le dépouillement n’est pas ouvert (état : {election.data?.election?.stateLabel}). Le président l’ouvre une fois l’émargement électronique chargé et la
          numérisation terminée.
          {state === 'EMARGEMENT_LOADED' && roles.includes('president') && (
            <span className="actions">
              <button type="button" className="primary" disabled={opening.busy} onClick={() => void openCounting()}>
                Ouvrir le dépouillement
              </button>
            </span>
          )}
        </Notice>
      )}
      <TabList label="Étapes du dépouillement" tabs={tabs} selected={tab} onSelect={selectTab} />
      <div role="tabpanel" id={'panel-' + tab} aria-labelledby={'tab-' + tab}>
        {tab === 'feuilles' &&
          (urns.length === 0 && counting.data ? (
            <p className="empty">Aucune urne : l’élection n’a pas encore d’urnes.</p>
          ) : (
            <SheetsPanel
              urns={urns}
              selected={selected}
              onSelect={setSelected}
              onChanged={(changed) => {
                // The action's answer is the urn's state now: shown at once, with its message.
                replaceCounting((d) => d && { urns: d.urns.map((u) => (u.urnId === changed.urnId ? changed : u)) });
                void refresh();
              }}
              login={session.user.login}
              roles={roles}
              open={state === 'COUNTING'}
            />
          ))}
        {tab === 'internet' && <TallyPanel results={results.data} canImport={roles.includes('president') && state === 'COUNTING'} onChange={refreshAll} />}
        {tab === 'resultats-urnes' && (results.data ? <ResultsTables results={results.data} /> : <p className="loading">Chargement des résultats…</p>)}
        {tab === 'documents' && <DocumentsPanel state={state} results={results.data} roles={roles} onChange={refreshAll} />}
      </div>
    </div>
  );
}
