import type { UrnCountStatus } from '@scrutin/contract/counting-types.js';
import { plural } from '../format.js';
import { Comparison, Problems } from './Comparison.js';
import { SheetForm } from './SheetForm.js';
import { URN_STATES } from './types.js';
import { Validation } from './Validation.js';

type Props = {
  urns: UrnCountStatus[];
  selected: string | null;
  onSelect: (urnId: string) => void;
  onChanged: (u: UrnCountStatus) => void;
  login: string;
  roles: string[];
  open: boolean;
};

/** Urns on the left (state in words and colour), the chosen urn's sheet, comparison and validation on the right. */
export function SheetsPanel({ urns, selected, onSelect, onChanged, login, roles, open }: Props) {
  const urn = urns.find((u) => u.urnId === selected) ?? null;
  const isTeller = roles.includes('teller');
  const mine = urn?.entries.some((e) => e.teller === login) ?? false;
  // Double entry is blind: a teller sees the other entry only after sending their own.
  const showComparison = urn && urn.entries.length > 0 && (!isTeller || mine);

  // Keyboard first: choosing an urn puts the teller in its first field, ready to type.
  const choose = (urnId: string) => {
    onSelect(urnId);
    setTimeout(() => document.getElementById('sheet-envelopesFound')?.focus(), 0);
  };

  return (
    <div className="counting-grid">
      <nav className="panel urn-list" aria-labelledby="urns-title">
        <h2 id="urns-title">Urnes</h2>
        <ul>
          {urns.map((u) => {
            const state = URN_STATES[u.state];
            const entered = u.entries.some((e) => e.teller === login);
            return (
              <li key={u.urnId}>
                <button type="button" className="urn-button" aria-current={u.urnId === selected ? 'true' : undefined} onClick={() => choose(u.urnId)} data-urn={u.urnId}>
                  <span className="urn-label">{u.label}</span>
                  <span className={'chip ' + state.tone}>{state.label}</span>
                  <span className="help">
                    {plural(u.envelopesAccepted, 'pli accepté', 'plis acceptés')} · {u.entries.length}/2 saisies{isTeller && entered ? ' · saisie faite' : ''}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      <section className="panel urn-detail" aria-labelledby="urn-title">
        {!urn ? (
          <p className="empty">Choisissez une urne dans la liste (Tab puis Entrée).</p>
        ) : (
          <>
            <div className="page-title">
              <h2 id="urn-title">{urn.label}</h2>
              <span className={'chip ' + URN_STATES[urn.state].tone}>{URN_STATES[urn.state].label}</span>
              <span className="help">
                {plural(urn.seats, 'siège', 'sièges')} · {plural(urn.candidates.length, 'candidat', 'candidats')} · {plural(urn.envelopesAccepted, 'pli accepté', 'plis acceptés')} à la numérisation
              </span>
            </div>
            {!isTeller && <Validation key={urn.urnId} urn={urn} canValidate={roles.includes('president') && open} isPresident={roles.includes('president')} onValidated={onChanged} />}
            {isTeller && open && <SheetForm key={urn.urnId} urn={urn} login={login} onEntered={onChanged} />}
            {isTeller && !mine && urn.entries.length === 1 && <p className="help">Une saisie est déjà faite par un autre assesseur ; elle s’affichera après la vôtre.</p>}
            {showComparison && <Comparison urn={urn} />}
            {showComparison && !isTeller && <Problems urn={urn} />}
          </>
        )}
      </section>
    </div>
  );
}
