import { useState } from 'react';
import type { SetAsideEnvelope } from '@scrutin/contract/scanning-types.js';
import { post } from '../api.js';
import { Notice } from '../components/Notice.js';
import { useAction } from '../components/useAsync.js';
import { frDateTime, frInt, plural } from '../format.js';
import type { Queue } from './PresidentScreen.js';

/** Rows per page: a page the president reads without scrolling far, and a number the pile can be checked against. */
const PAGE_SIZE = 50;

/** Art. 13: envelopes of rights that voted online are set aside unopened; the president confirms each, or a counted batch. */
export function DualVotes({ pending, queue, canDecide, onDone }: { pending: SetAsideEnvelope[]; queue: Queue | null; canDecide: boolean; onDone: () => Promise<void> }) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [count, setCount] = useState('');
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(pending.length / PAGE_SIZE));
  // Confirming a page shortens the list: stay on a page that exists.
  const shown = Math.min(page, pages - 1);
  const rows = pending.slice(shown * PAGE_SIZE, (shown + 1) * PAGE_SIZE);
  const action = useAction();
  const confirmed = queue?.envelopes.filter((e) => e.verdict === 'ELECTRONIC_PRIORITY' && e.confirmedAt) ?? [];

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const confirmSelected = () =>
    action.run(async () => {
      const scanIds = [...selected].filter((id) => pending.some((p) => p.scanId === id));
      const r = await post<{ confirmed: number }>('/api/president/confirm', { scanIds });
      setSelected(new Set());
      await onDone();
      return `${frInt(r.confirmed)} ${r.confirmed >= 2 ? 'doubles votes confirmés' : 'double vote confirmé'}.`;
    });

  const confirmBatch = () =>
    action.run(async () => {
      const r = await post<{ confirmed: number }>('/api/president/confirm', { batch: { verdict: 'ELECTRONIC_PRIORITY', expectedCount: Number(count) } });
      setCount('');
      await onDone();
      return `Lot de ${plural(r.confirmed, 'pli confirmé', 'plis confirmés')}.`;
    });

  return (
    <div className="columns">
      <section className="panel" aria-labelledby="dual-title">
        <h2 id="dual-title">À confirmer : {plural(pending.length, 'pli fermé', 'plis fermés')}</h2>
        <p className="help">Ces qualités ont voté par internet : le vote électronique prime, le pli reste fermé.</p>
        {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
        <table className="table">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Sélection</span>
              </th>
              <th scope="col">Lecture</th>
              <th scope="col">Qualité</th>
              <th scope="col">Poste</th>
              <th scope="col">Lu le</th>
            </tr>
          </thead>
          <tbody>
            {pending.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  Aucun double vote en attente.
                </td>
              </tr>
            )}
            {rows.map((e) => (
              <tr key={e.scanId}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Sélectionner la lecture n° ${e.scanId}`}
                    checked={selected.has(e.scanId)}
                    disabled={!canDecide}
                    onChange={() => toggle(e.scanId)}
                    style={{ width: '1.4rem', minHeight: '1.4rem' }}
                  />
                </td>
                <td>n° {e.scanId}</td>
                <td>{e.quality ?? '—'}</td>
                <td>
                  {e.stationId} ({e.agent})
                </td>
                <td>{frDateTime(e.scannedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {pages > 1 && (
          <nav className="pager" aria-label="Pages des doubles votes">
            <button type="button" className="secondary" disabled={shown === 0} onClick={() => setPage(shown - 1)}>
              ← Page précédente
            </button>
            <span role="status">
              Page {shown + 1}/{pages} — lectures {frInt(shown * PAGE_SIZE + 1)} à {frInt(shown * PAGE_SIZE + rows.length)} sur {frInt(pending.length)}
            </span>
            <button type="button" className="secondary" disabled={shown === pages - 1} onClick={() => setPage(shown + 1)}>
              Page suivante →
            </button>
          </nav>
        )}
        <div className="actions">
          <button type="button" className="secondary" disabled={!canDecide || pending.length === 0} onClick={() => setSelected(new Set(pending.map((p) => p.scanId)))}>
            Tout sélectionner
          </button>
          <button type="button" className="primary" disabled={!canDecide || selected.size === 0 || action.busy} onClick={() => void confirmSelected()}>
            Confirmer la sélection ({frInt(selected.size)})
          </button>
        </div>
      </section>
      <section className="panel" aria-labelledby="batch-title">
        <h2 id="batch-title">Confirmer un lot compté</h2>
        <p>Comptez la pile physique : le lot n’est confirmé que si votre compte égale celui de la station.</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void confirmBatch();
          }}
        >
          <label>
            Nombre de plis comptés dans la pile
            <input inputMode="numeric" pattern="[0-9]+" required value={count} disabled={!canDecide} onChange={(e) => setCount(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={!canDecide || !count || action.busy}>
            Confirmer le lot
          </button>
        </form>
        <h3 style={{ marginTop: '1.4rem' }}>Déjà confirmés : {frInt(confirmed.length)}</h3>
        <ul>
          {confirmed.slice(-8).map((e) => (
            <li key={e.scanId}>
              n° {e.scanId}, {e.quality ?? 'qualité inconnue'}, confirmé le {frDateTime(e.confirmedAt!)}
            </li>
          ))}
        </ul>
        {!canDecide && <Notice kind="info">Seul le président du bureau confirme les doubles votes.</Notice>}
      </section>
    </div>
  );
}
