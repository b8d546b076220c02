import { useState, type FormEvent } from 'react';
import type { UrnCountStatus } from '@scrutin/contract/counting-types.js';
import { ApiError, post } from '../api.js';
import { Notice } from '../components/Notice.js';
import { useAction } from '../components/useAsync.js';
import { frDateTime, frInt, plural } from '../format.js';
import { withNames } from './types.js';

const signed = (n: number) => (n > 0 ? '+' : '') + frInt(n);

/** The president validates an urn once both entries agree and pass the checks; a reconciliation gap needs a written note (invariant 4). */
export function Validation({ urn, canValidate, isPresident, onValidated }: { urn: UrnCountStatus; canValidate: boolean; isPresident: boolean; onValidated: (u: UrnCountStatus) => void }) {
  const [note, setNote] = useState('');
  const [details, setDetails] = useState<string[]>([]);
  const action = useAction();
  const r = urn.reconciliation;

  if (urn.validation) {
    const v = urn.validation;
    return (
      <section className="validation" aria-labelledby="validation-title">
        <h3 id="validation-title">Validation</h3>
        <Notice kind="ok">
          Validée par {v.byName}
          {v.byName !== v.by ? ` (${v.by})` : ''} le {frDateTime(v.at)}
          {v.difference !== 0 ? ` — écart ${signed(v.difference)}, explication : « ${v.note ?? ''} »` : ' — enveloppes trouvées = plis acceptés.'}
        </Notice>
      </section>
    );
  }

  const blocked =
    urn.state === 'AWAITING_ENTRIES'
      ? `En attente de ${plural(2 - urn.entries.length, 'saisie', 'saisies')} : deux assesseurs différents saisissent la feuille.`
      : urn.state === 'MISMATCH'
        ? `Validation bloquée : les deux saisies diffèrent sur ${urn.mismatches.length} champ(s), marqué(s) dans la comparaison ci-dessous. Un assesseur corrige sa saisie.`
        : urn.state === 'INVALID'
          ? 'Validation bloquée : la feuille ne passe pas les contrôles. Les assesseurs recomptent et corrigent.'
          : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      setDetails([]);
      try {
        const status = await post<UrnCountStatus>('/api/counting/validate', { urnId: urn.urnId, ...(note.trim() ? { note: note.trim() } : {}) });
        onValidated(status);
        return `Dépouillement de l’urne ${urn.label} validé.`;
      } catch (err) {
        if (err instanceof ApiError && Array.isArray(err.details)) setDetails((err.details as string[]).map((d) => withNames(d, urn.candidates)));
        throw err;
      }
    });
  };

  return (
    <section className="validation" aria-labelledby="validation-title">
      <h3 id="validation-title">Validation par le président</h3>
      {r && (
        <dl className="kv">
          <dt>Plis acceptés à la numérisation</dt>
          <dd>{frInt(r.envelopesAccepted)}</dd>
          <dt>Enveloppes trouvées dans l’urne</dt>
          <dd>{frInt(r.envelopesFound)}</dd>
          <dt>Écart</dt>
          <dd className={r.needsNote ? 'text-error' : undefined}>{r.needsNote ? `${signed(r.difference)} : à expliquer au procès-verbal` : '0 — concordance'}</dd>
        </dl>
      )}
      {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
      {details.length > 0 && (
        <ul className="error-list">
          {details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      {blocked && <Notice kind="warning">{blocked}</Notice>}
      {canValidate ? (
        <form onSubmit={submit}>
          {r?.needsNote && (
            <label htmlFor="validation-note">
              Explication écrite de l’écart (10 caractères au moins, figurera au procès-verbal)
              <textarea id="validation-note" rows={3} required minLength={10} value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
          )}
          <button type="submit" className="primary big" disabled={action.busy || urn.state !== 'READY'}>
            Valider le dépouillement de cette urne
          </button>
        </form>
      ) : (
        <p className="help">{isPresident ? 'Dépouillement non ouvert : rien à valider pour l’instant.' : 'Seul le président valide le dépouillement d’une urne.'}</p>
      )}
    </section>
  );
}
