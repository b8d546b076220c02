import { useState, type FormEvent } from 'react';
import { del, get, post } from '../api.js';
import { Notice } from '../components/Notice.js';
import { useAction, useLoad } from '../components/useAsync.js';
import { frDateTime, plural } from '../format.js';
import type { ElectionView } from './types.js';
import { candidateLine, type Person } from './candidate-line.js';

type Candidate = Person & { id: number; urnId: string; profession: string; substitute: Person | null };

const EMPTY = { lastName: '', firstNames: '', sex: 'F' as 'F' | 'M', birthDate: '', profession: '', subLast: '', subFirst: '', subBirth: '' };

export function CandidatesPanel({ view, roles }: { view: ElectionView | null; roles: string[] }) {
  const list = useLoad(() => get<{ candidates: Candidate[]; validation: { digest: string; validated_at: string } | null }>('/api/candidates'));
  const urns = view?.urns ?? [];
  const [urnId, setUrnId] = useState('');
  const [form, setForm] = useState(EMPTY);
  const action = useAction();
  const canEdit = roles.includes('agent') && !list.data?.validation;
  const urn = urns.find((u) => u.id === (urnId || urns[0]?.id));
  const needsSubstitute = urn?.contest_code === 'CCIR';

  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const add = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await post('/api/candidates', {
        urnId: urn!.id,
        lastName: form.lastName,
        firstNames: form.firstNames,
        sex: form.sex,
        birthDate: form.birthDate,
        profession: form.profession,
        substitute: needsSubstitute ? { lastName: form.subLast, firstNames: form.subFirst, sex: form.sex === 'F' ? 'M' : 'F', birthDate: form.subBirth } : null,
      });
      setForm(EMPTY);
      await list.reload();
      return `Candidature de ${form.firstNames} ${form.lastName} enregistrée.`;
    });
  };

  const remove = (c: Candidate) =>
    action.run(async () => {
      await del(`/api/candidates/${c.id}`);
      await list.reload();
      return `Candidature de ${c.firstNames} ${c.lastName} retirée.`;
    });

  const validate = () =>
    action.run(async () => {
      await post('/api/candidates/validate');
      await list.reload();
      return 'Candidatures validées et figées.';
    });

  if (!view?.election) return <Notice kind="info">Créez d’abord l’élection (onglet « Élection »).</Notice>;
  const candidates = list.data?.candidates ?? [];

  return (
    <div className="columns">
      <section className="panel" aria-labelledby="cand-form">
        <h2 id="cand-form">Saisir une candidature</h2>
        {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
        {list.data?.validation && (
          <Notice kind="ok">
            Candidatures validées le {frDateTime(list.data.validation.validated_at)} : elles sont figées.
          </Notice>
        )}
        {canEdit ? (
          <form onSubmit={add}>
            <label>
              Urne (scrutin et catégorie)
              <select value={urn?.id ?? ''} onChange={(e) => setUrnId(e.target.value)}>
                {urns.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.label} — {plural(u.seats, 'siège', 'sièges')}
                  </option>
                ))}
              </select>
            </label>
            <div className="columns" style={{ gridTemplateColumns: '1fr 1fr' }}>
              <label>
                Nom
                <input required value={form.lastName} onChange={set('lastName')} />
              </label>
              <label>
                Prénoms
                <input required value={form.firstNames} onChange={set('firstNames')} />
              </label>
              <label>
                Sexe
                <select value={form.sex} onChange={set('sex')}>
                  <option value="F">Femme</option>
                  <option value="M">Homme</option>
                </select>
              </label>
              <label>
                Date de naissance
                <input type="date" required value={form.birthDate} onChange={set('birthDate')} />
              </label>
            </div>
            <label>
              Profession
              <input value={form.profession} onChange={set('profession')} />
            </label>
            {needsSubstitute && (
              <fieldset>
                <legend>Suppléant (de l’autre sexe, CCI de région)</legend>
                <div className="columns" style={{ gridTemplateColumns: '1fr 1fr 1fr' }}>
                  <label>
                    Nom
                    <input required value={form.subLast} onChange={set('subLast')} />
                  </label>
                  <label>
                    Prénoms
                    <input required value={form.subFirst} onChange={set('subFirst')} />
                  </label>
                  <label>
                    Date de naissance
                    <input type="date" required value={form.subBirth} onChange={set('subBirth')} />
                  </label>
                </div>
              </fieldset>
            )}
            <button type="submit" className="primary" disabled={action.busy}>
              Enregistrer la candidature
            </button>
          </form>
        ) : (
          !list.data?.validation && <p>Les agents habilités saisissent les candidatures ; la préfecture les valide.</p>
        )}
        {roles.includes('prefecture') && !list.data?.validation && (
          <div className="actions">
            <button type="button" className="primary" disabled={action.busy || candidates.length === 0} onClick={() => void validate()}>
              Valider toutes les candidatures
            </button>
            {candidates.length === 0 && <span className="help">Rien à valider : aucune candidature n’est encore saisie.</span>}
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="cand-list">
        <h2 id="cand-list">Candidatures enregistrées ({candidates.length})</h2>
        {candidates.length === 0 && <p className="empty">Aucune candidature pour l’instant : les agents habilités les saisissent urne par urne.</p>}
        {urns.map((u) => {
          const mine = candidates.filter((c) => c.urnId === u.id);
          return (
            <div key={u.id}>
              <h3>
                {u.label} <span className="badge">{mine.length} pour {plural(u.seats, 'siège', 'sièges')}</span>
              </h3>
              {mine.length > 0 && (
                <table className="table compact">
                  <tbody>
                    {mine.map((c) => (
                      <tr key={c.id}>
                        <td>
                          {candidateLine(c).candidate}
                          {c.substitute && <span className="help">{candidateLine(c).substitute}</span>}
                        </td>
                        <td style={{ width: '1%' }}>
                          {canEdit && (
                            <button type="button" className="secondary" onClick={() => void remove(c)} aria-label={`Retirer ${c.firstNames} ${c.lastName}`}>
                              Retirer
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          );
        })}
      </section>
    </div>
  );
}
