import { useState } from 'react';
import { get, type SessionView } from '../api.js';
import { TabList } from '../components/TabList.js';
import { Notice } from '../components/Notice.js';
import { useLoad } from '../components/useAsync.js';
import { frDateTime, setDisplayTimeZone } from '../format.js';
import { ElectionPanel } from './ElectionPanel.js';
import { RollPanel } from './RollPanel.js';
import { CandidatesPanel } from './CandidatesPanel.js';
import { UsersPanel } from './UsersPanel.js';
import { LifecyclePanel } from './LifecyclePanel.js';
import type { ElectionView } from './types.js';

const TABS = [
  { id: 'election', label: 'Élection', roles: ['admin', 'prefecture', 'agent', 'president'] },
  { id: 'liste', label: 'Liste électorale', roles: ['admin', 'prefecture', 'president'] },
  { id: 'candidats', label: 'Candidatures', roles: ['admin', 'prefecture', 'agent', 'president'] },
  { id: 'comptes', label: 'Comptes et rôles', roles: ['admin'] },
  { id: 'etapes', label: 'Scellement et étapes', roles: ['admin', 'prefecture', 'president'] },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function SetupScreen({ session }: { session: SessionView }) {
  const roles = session.user.roles;
  const tabs = TABS.filter((t) => t.roles.some((r) => roles.includes(r)));
  const [tab, setTab] = useState<Tab>(tabs[0]?.id ?? 'election');
  const view = useLoad(() => get<ElectionView>('/api/election'));
  const election = view.data?.election ?? null;
  // The session stated the zone at login; an election created since then brings its own.
  if (election) setDisplayTimeZone(election.timeZone);

  return (
    <div>
      <div className="page-title">
        <h1>Préparation et administration</h1>
        {election && (
          <span className="state">
            {election.name} ({election.code}) — état : <strong>{election.stateLabel}</strong> — clôture du vote : {frDateTime(election.voteClosesAt)}
          </span>
        )}
      </div>
      {view.error && <Notice kind="error">{view.error}</Notice>}
      <TabList label="Étapes de préparation" tabs={tabs} selected={tab} onSelect={setTab} />
      <div role="tabpanel" id={'panel-' + tab} aria-labelledby={'tab-' + tab}>
        {tab === 'election' && <ElectionPanel view={view.data} roles={roles} onChange={view.reload} />}
        {tab === 'liste' && <RollPanel view={view.data} roles={roles} onChange={view.reload} />}
        {tab === 'candidats' && <CandidatesPanel view={view.data} roles={roles} />}
        {tab === 'comptes' && <UsersPanel />}
        {tab === 'etapes' && <LifecyclePanel view={view.data} roles={roles} onChange={view.reload} />}
      </div>
    </div>
  );
}
