import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { UrnCountStatus } from '@scrutin/contract/counting-types.js';
import type { CountSheet } from '@scrutin/domain/count-sheet.js';
import { ApiError, post } from '../api.js';
import { Notice } from '../components/Notice.js';
import { useAction } from '../components/useAsync.js';
import { frInt, plural } from '../format.js';
import { Problems } from './Comparison.js';
import { candidateName, SHEET_FIELDS, withNames } from './types.js';

type Values = Record<string, string>;

const initialValues = (urn: UrnCountStatus, sheet: CountSheet | undefined): Values => {
  const values: Values = {};
  for (const f of SHEET_FIELDS) values[f.key] = sheet ? String(sheet[f.key]) : '';
  for (const c of urn.candidates) values['votes.' + c.id] = sheet?.votes[c.id] !== undefined ? String(sheet.votes[c.id]) : '';
  return values;
};

/**
 * A teller's entry of one urn's paper sheet: numbers only, Tab from field to field, Enter sends.
 * The second teller types blind (the first entry is not shown before one's own is sent); once both
 * are in, every field where they differ is highlighted here until one of them corrects it.
 */
export function SheetForm({ urn, login, onEntered }: { urn: UrnCountStatus; login: string; onEntered: (u: UrnCountStatus) => void }) {
  const mine = urn.entries.find((e) => e.teller === login);
  const [values, setValues] = useState<Values>(() => initialValues(urn, mine?.sheet));
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  // A sheet recorded with a gap or failed checks is a warning, not a success: the teller has work left.
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'warning'; text: string } | null>(null);
  const action = useAction();
  const first = useRef<HTMLInputElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  // The outcome shows above the fields, out of sight once the teller has gone down to the last one: brought
  // into view. Errors are not: they put the focus on the field to fix, which the browser shows.
  useEffect(() => {
    if (outcome) title.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome]);
  const other = urn.entries.find((e) => e.teller !== login);
  const mismatch = new Map(mine ? urn.mismatches.map((m) => [m.field, m]) : []);
  const flagged = new Set(urn.problems.filter((p) => p.entryNumber === mine?.entryNumber).flatMap((p) => p.problems.map((x) => x.field ?? '')));

  if (urn.state === 'VALIDATED') return <Notice kind="ok">Dépouillement de cette urne validé par le président : la feuille ne se modifie plus.</Notice>;
  if (!mine && urn.entries.length >= 2) return <Notice kind="info">Deux assesseurs ont déjà saisi cette urne : seuls eux peuvent corriger leur saisie.</Notice>;

  const fields = [
    ...SHEET_FIELDS.map((f) => ({ key: f.key as string, label: f.label })),
    ...urn.candidates.map((c) => ({ key: 'votes.' + c.id, label: `Voix de ${candidateName(c)}` })),
  ];
  const totalVotes = urn.candidates.reduce((n, c) => n + (Number(values['votes.' + c.id]) || 0), 0);
  const valid = Number(values.ballotsValid) || 0;

  // What is typed stays as typed: a comma, a minus sign or a letter is shown as an error on the field at
  // once, never dropped (« 1,5 » silently read as 15 would be a wrong count). Spaces alone are ignored.
  const type = (key: string, typed: string) => {
    const value = typed.replace(/\s/g, '');
    setValues((v) => ({ ...v, [key]: value }));
    setInvalid((keys) => (/^\d*$/.test(value) ? keys.filter((k) => k !== key) : keys.includes(key) ? keys : [...keys, key]));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wrong = fields.filter((f) => !/^\d{1,8}$/.test((values[f.key] ?? '').trim())).map((f) => f.key);
    setInvalid(wrong);
    if (wrong.length > 0) {
      // Only the label's first letter is lowered: « voix de BELLOCQ Marc », names as written on the sheet.
      const named = fields.filter((f) => wrong.includes(f.key)).map((f) => f.label.charAt(0).toLowerCase() + f.label.slice(1));
      action.setMessage({ kind: 'error', text: `Saisissez un nombre entier (0 le cas échéant) dans : ${named.join(', ')}.` });
      document.getElementById('sheet-' + wrong[0]!.replace('.', '-'))?.focus();
      return;
    }
    if (mine && reason.trim().length < 5) {
      action.setMessage({ kind: 'error', text: 'Une correction exige un motif écrit de 5 caractères au moins.' });
      document.getElementById('sheet-reason')?.focus();
      return;
    }
    const n = (key: string) => Number(values[key]!.trim());
    const sheet: CountSheet = {
      envelopesFound: n('envelopesFound'),
      ballotsValid: n('ballotsValid'),
      ballotsBlank: n('ballotsBlank'),
      ballotsNull: n('ballotsNull'),
      votes: Object.fromEntries(urn.candidates.map((c) => [c.id, n('votes.' + c.id)])),
    };
    setOutcome(null);
    void action.run(async () => {
      try {
        const status = await post<UrnCountStatus>('/api/counting/sheets', { urnId: urn.urnId, sheet, ...(mine ? { reason: reason.trim() } : {}) });
        setReason('');
        onEntered(status);
        const entry = status.entries.find((x) => x.teller === login);
        const failsChecks = status.problems.some((p) => p.entryNumber === entry?.entryNumber);
        const recorded = `Saisie n° ${entry?.entryNumber ?? ''} enregistrée`;
        if (status.state === 'MISMATCH') setOutcome({ kind: 'warning', text: `${recorded}, mais elle diffère de l’autre saisie : voir les champs surlignés.` });
        else if (failsChecks) setOutcome({ kind: 'warning', text: `${recorded}, mais la feuille ne passe pas les contrôles ci-dessous : recomptez, puis corrigez.` });
        else if (status.state === 'AWAITING_ENTRIES') setOutcome({ kind: 'ok', text: `${recorded}. Un autre assesseur doit saisir la même feuille.` });
        else setOutcome({ kind: 'ok', text: `${recorded} : les deux saisies concordent, la feuille attend la validation du président.` });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'REASON_REQUIRED') document.getElementById('sheet-reason')?.focus();
        throw err;
      }
    });
  };

  return (
    <form className="count-sheet" onSubmit={submit} aria-labelledby="sheet-title" noValidate>
      <h3 id="sheet-title" ref={title}>{mine ? `Corriger ma saisie (saisie n° ${mine.entryNumber})` : other ? 'Seconde saisie de la feuille' : 'Première saisie de la feuille'}</h3>
      {outcome && !action.message && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      {action.message && <Notice kind={action.message.kind}>{withNames(action.message.text, urn.candidates)}</Notice>}
      {mine && <Problems urn={urn} only={mine.entryNumber} />}
      <div className="sheet-grid">
        {fields.map((f, i) => {
          const id = 'sheet-' + f.key.replace('.', '-');
          const m = mismatch.get(f.key);
          const bad = invalid.includes(f.key);
          return (
            <div key={f.key} className={'sheet-row' + (m ? ' field-mismatch' : bad || flagged.has(f.key) ? ' field-problem' : '') + (i === SHEET_FIELDS.length ? ' first-vote' : '')}>
              <label htmlFor={id}>{f.label}</label>
              <input
                id={id}
                ref={i === 0 ? first : undefined}
                inputMode="numeric"
                pattern="[0-9]*"
                autoComplete="off"
                maxLength={8}
                value={values[f.key] ?? ''}
                aria-invalid={m || bad ? true : undefined}
                aria-describedby={m ? id + '-gap' : bad ? id + '-bad' : undefined}
                onChange={(e) => type(f.key, e.target.value)}
              />
              {!m && bad && (
                <span id={id + '-bad'} className="gap">
                  ✖ {(values[f.key] ?? '') === '' ? 'À remplir (0 le cas échéant)' : 'Nombre entier attendu (chiffres seulement)'}
                </span>
              )}
              {m && (
                <span id={id + '-gap'} className="gap">
                  ✖ Écart : saisie 1 = {m.first ?? 'non saisi'}, saisie 2 = {m.second ?? 'non saisi'}
                </span>
              )}
            </div>
          );
        })}
      </div>
      <p className="help" aria-live="polite">
        Total des voix : {frInt(totalVotes)} — au plus {plural(valid, 'bulletin valable', 'bulletins valables')} × {plural(urn.seats, 'siège', 'sièges')} = {frInt(valid * urn.seats)}
      </p>
      {mine && (
        <label htmlFor="sheet-reason">
          Motif de la correction (5 caractères au moins, consigné au journal)
          <input id="sheet-reason" required minLength={5} autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      )}
      <button type="submit" className="primary big" disabled={action.busy}>
        {mine ? 'Enregistrer la correction' : 'Enregistrer la saisie'} <kbd>Entrée</kbd>
      </button>
    </form>
  );
}
