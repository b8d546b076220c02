import { useState } from 'react';
import { post } from '../api.js';
import { Notice } from '../components/Notice.js';
import { useAction } from '../components/useAsync.js';
import { frDateTime } from '../format.js';
import type { Queue } from './PresidentScreen.js';

const KIND_LABELS: Record<string, string> = { CONFIRM: 'Confirmation', ACCEPT: 'Émargement sur décision', CANCEL_ACCEPTANCE: 'Annulation d’émargement' };

/** A decision is never edited: a reversal is a new, reasoned entry in the journal. */
export function Reversal({ queue, canDecide, onDone }: { queue: Queue | null; canDecide: boolean; onDone: () => Promise<void> }) {
  const [scanId, setScanId] = useState('');
  const [kind, setKind] = useState<'ACCEPT' | 'CANCEL_ACCEPTANCE'>('ACCEPT');
  const [reason, setReason] = useState('');
  const action = useAction();

  const submit = () =>
    action.run(async () => {
      const r = await post<{ decisionId: number }>('/api/president/reverse', { scanId: Number(scanId), action: kind, reason });
      setScanId('');
      setReason('');
      await onDone();
      return `Décision n° ${r.decisionId} enregistrée au journal.`;
    });

  return (
    <div className="columns">
      <section className="panel" aria-labelledby="reverse-title">
        <h2 id="reverse-title">Réviser une décision</h2>
        {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            Numéro de la lecture
            <input inputMode="numeric" pattern="[0-9]+" required value={scanId} disabled={!canDecide} onChange={(e) => setScanId(e.target.value)} />
          </label>
          <fieldset>
            <legend>Décision</legend>
            <div className="checks">
              <label>
                <input type="radio" name="kind" checked={kind === 'ACCEPT'} disabled={!canDecide} onChange={() => setKind('ACCEPT')} /> Émarger le pli mis à part
              </label>
              <label>
                <input type="radio" name="kind" checked={kind === 'CANCEL_ACCEPTANCE'} disabled={!canDecide} onChange={() => setKind('CANCEL_ACCEPTANCE')} /> Annuler un émargement
              </label>
            </div>
          </fieldset>
          <label>
            Motif écrit (10 caractères au moins)
            <textarea rows={3} required minLength={10} value={reason} disabled={!canDecide} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={!canDecide || action.busy}>
            Enregistrer la décision
          </button>
        </form>
        {!canDecide && <Notice kind="info">Seul le président du bureau révise une décision.</Notice>}
      </section>
      <section className="panel" aria-labelledby="decisions-title">
        <h2 id="decisions-title">Décisions enregistrées</h2>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">N°</th>
              <th scope="col">Lecture</th>
              <th scope="col">Décision</th>
              <th scope="col">Motif</th>
              <th scope="col">Par, le</th>
            </tr>
          </thead>
          <tbody>
            {(queue?.decisions ?? []).length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  Aucune décision.
                </td>
              </tr>
            )}
            {(queue?.decisions ?? []).slice(-30).reverse().map((d) => (
              <tr key={d.id}>
                <td>{d.id}</td>
                <td>n° {d.scanId}</td>
                <td>{KIND_LABELS[d.kind] ?? d.kind}</td>
                <td>{d.reason}</td>
                <td>
                  {d.decidedBy}, {frDateTime(d.decidedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
