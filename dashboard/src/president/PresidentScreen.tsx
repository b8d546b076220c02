import { useEffect, useState } from 'react';
import type { Decision, SetAsideEnvelope } from '@scrutin/contract/scanning-types.js';
import { get, type SessionView } from '../api.js';
import { useCounters } from '../components/useCounters.js';
import { useLoad } from '../components/useAsync.js';
import { TabList } from '../components/TabList.js';
import { Notice } from '../components/Notice.js';
import { DualVotes } from './DualVotes.js';
import { SetAsideList } from './SetAsideList.js';
import { Reversal } from './Reversal.js';
import { Incidents } from './Incidents.js';

export type Queue = { envelopes: SetAsideEnvelope[]; decisions: Decision[] };

const TABS = [
  { id: 'doubles', label: 'Doubles votes' },
  { id: 'mis-a-part', label: 'Plis mis à part' },
  { id: 'revision', label: 'Révision' },
  { id: 'incidents', label: 'Incidents' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function PresidentScreen({ session }: { session: SessionView }) {
  const [tab, setTab] = useState<Tab>('doubles');
  const queue = useLoad(() => get<Queue>('/api/president/queue'));
  const { counters } = useCounters();
  const isPresident = session.user.roles.includes('president');
  const { reload } = queue;

  // New scans arrive as counter events: refresh the queues with them.
  useEffect(() => {
    if (counters) void reload();
  }, [counters, reload]);

  const pending = queue.data?.envelopes.filter((e) => e.verdict === 'ELECTRONIC_PRIORITY' && !e.confirmedAt) ?? [];

  return (
    <div>
      <div className="page-title">
        <h1>Bureau de vote — président</h1>
        {!isPresident && <span className="badge">consultation (membre du bureau)</span>}
      </div>
      {queue.error && <Notice kind="error">{queue.error}</Notice>}
      <TabList
        label="Tâches du président"
        tabs={TABS.map((t) => ({ ...t, extra: t.id === 'doubles' && pending.length > 0 && <span className="chip tone-president">{pending.length}</span> }))}
        selected={tab}
        onSelect={setTab}
      />
      <div role="tabpanel" id={'panel-' + tab} aria-labelledby={'tab-' + tab}>
        {tab === 'doubles' && <DualVotes pending={pending} queue={queue.data} canDecide={isPresident} onDone={reload} />}
        {tab === 'mis-a-part' && <SetAsideList queue={queue.data} />}
        {tab === 'revision' && <Reversal queue={queue.data} canDecide={isPresident} onDone={reload} />}
        {tab === 'incidents' && <Incidents />}
      </div>
    </div>
  );
}
