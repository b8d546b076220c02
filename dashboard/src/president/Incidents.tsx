import { useState } from 'react';
import type { Incident } from '@scrutin/contract/scanning-types.js';
import { get, post } from '../api.js';
import { Notice } from '../components/Notice.js';
import { useAction, useLoad } from '../components/useAsync.js';
import { frDateTime } from '../format.js';

export function Incidents() {
  const list = useLoad(() => get<{ incidents: Incident[] }>('/api/incidents'));
  const [text, setText] = useState('');
  const action = useAction();

  const submit = () =>
    action.run(async () => {
      const r = await post<{ id: number }>('/api/incidents', { description: text });
      setText('');
      await list.reload();
      return `Incident n° ${r.id} consigné au procès-verbal.`;
    });

  return (
    <div className="columns">
      <section className="panel" aria-labelledby="incident-new">
        <h2 id="incident-new">Consigner un incident</h2>
        {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            Description
            <textarea rows={4} required minLength={5} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={action.busy}>
            Consigner
          </button>
        </form>
      </section>
      <section className="panel" aria-labelledby="incident-list">
        <h2 id="incident-list">Incidents consignés</h2>
        {list.error && <Notice kind="error">{list.error}</Notice>}
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">N°</th>
              <th scope="col">Description</th>
              <th scope="col">Par</th>
              <th scope="col">Le</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.incidents ?? []).length === 0 && (
              <tr>
                <td colSpan={4} className="empty">
                  Aucun incident consigné.
                </td>
              </tr>
            )}
            {(list.data?.incidents ?? []).map((i) => (
              <tr key={i.id}>
                <td>{i.id}</td>
                <td>{i.description}</td>
                <td>
                  {i.reportedBy} ({i.stationId})
                </td>
                <td>{frDateTime(i.reportedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
