import { useRef } from 'react';
import { post } from '../api.js';
import { Notice } from '../components/Notice.js';
import { useAction } from '../components/useAsync.js';
import { frDate, frDateTime } from '../format.js';
import type { ElectionView } from './types.js';
import example from '@examples/election.json';

export function ElectionPanel({ view, roles, onChange }: { view: ElectionView | null; roles: string[]; onChange: () => Promise<void> }) {
  const action = useAction();
  const file = useRef<HTMLInputElement>(null);
  const election = view?.election ?? null;
  const isAdmin = roles.includes('admin');

  const create = (definition: unknown) =>
    action.run(async () => {
      await post('/api/election', definition);
      await onChange();
      return 'Élection créée : importez maintenant la liste électorale.';
    });

  const fromFile = async () => {
    const f = file.current?.files?.[0];
    if (!f) return action.setMessage({ kind: 'error', text: 'Choisissez d’abord un fichier JSON.' });
    try {
      await create(JSON.parse(await f.text()));
    } catch {
      action.setMessage({ kind: 'error', text: 'Ce fichier n’est pas un JSON lisible.' });
    }
  };

  if (!election) {
    return (
      <section className="panel" aria-labelledby="new-election">
        <h2 id="new-election">Aucune élection sur cette station</h2>
        {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
        {isAdmin ? (
          <>
            <p>Chargez le fichier de définition de l’élection (scrutins, catégories, sièges, dates), fourni par la préfecture.</p>
            <label>
              Fichier de définition (JSON)
              <input ref={file} type="file" accept="application/json,.json" />
            </label>
            <div className="actions">
              <button type="button" className="primary" disabled={action.busy} onClick={() => void fromFile()}>
                Créer l’élection
              </button>
              <button type="button" className="secondary" disabled={action.busy} onClick={() => void create(example)}>
                Utiliser l’élection d’exemple ({(example as { code: string }).code})
              </button>
            </div>
          </>
        ) : (
          <p>L’administrateur doit d’abord créer l’élection.</p>
        )}
      </section>
    );
  }

  const contests = [...new Set((view?.urns ?? []).map((u) => u.contest_code))];
  return (
    <div className="columns">
      <section className="panel" aria-labelledby="election-title">
        <h2 id="election-title">{election.name}</h2>
        {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
        <dl className="kv">
          <dt>Code</dt>
          <dd>{election.code}</dd>
          <dt>Chambre</dt>
          <dd>{election.chamber}</dd>
          <dt>Lieu du dépouillement</dt>
          <dd>{election.definition.place ?? 'non précisé'}</dd>
          <dt>État</dt>
          <dd>{election.stateLabel}</dd>
          <dt>Ouverture du vote</dt>
          <dd>{frDateTime(election.voteOpensAt)}</dd>
          <dt>Clôture du vote</dt>
          <dd>{frDateTime(election.voteClosesAt)}</dd>
          <dt>Délai de recours</dt>
          <dd>{frDate(election.appealDeadline)} inclus</dd>
          <dt>Fuseau horaire</dt>
          <dd>{election.timeZone} (heures affichées avec leur décalage UTC)</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="urns-title">
        <h2 id="urns-title">Urnes ({view?.urns?.length ?? 0})</h2>
        {contests.map((c) => (
          <div key={c}>
            <h3>Scrutin {c}</h3>
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Urne</th>
                  <th scope="col" className="num">Sièges</th>
                </tr>
              </thead>
              <tbody>
                {(view?.urns ?? [])
                  .filter((u) => u.contest_code === c)
                  .map((u) => (
                    <tr key={u.id}>
                      <td>{u.label}</td>
                      <td className="num">{u.seats}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>
    </div>
  );
}
