import type { UrnCountStatus } from '@scrutin/contract/counting-types.js';
import { frDateTime } from '../format.js';
import { fieldLabel, SHEET_FIELDS, withNames } from './types.js';

/** Both entries side by side, field by field; a row where they differ is marked in words and in colour. */
export function Comparison({ urn }: { urn: UrnCountStatus }) {
  const [first, second] = [1, 2].map((n) => urn.entries.find((e) => e.entryNumber === n));
  const gaps = new Set(urn.mismatches.map((m) => m.field));
  const rows = [...SHEET_FIELDS.map((f) => f.key as string), ...urn.candidates.map((c) => 'votes.' + c.id)];
  const value = (e: typeof first, field: string) => {
    if (!e) return '—';
    const v = field.startsWith('votes.') ? e.sheet.votes[field.slice(6)] : e.sheet[field as (typeof SHEET_FIELDS)[number]['key']];
    return v === undefined ? 'non saisi' : String(v);
  };
  return (
    <section aria-labelledby="compare-title">
      <h3 id="compare-title">Comparaison des deux saisies</h3>
      <table className="table compact compare">
        <caption className="visually-hidden">Saisie 1 et saisie 2 de l’urne {urn.label}</caption>
        <thead>
          <tr>
            <th scope="col">Champ</th>
            {[first, second].map((e, i) => (
              <th key={i} scope="col" className="num">
                Saisie {i + 1}
                <span className="help">{e ? `${e.teller}, ${frDateTime(e.enteredAt)}${e.corrections > 0 ? ` — ${e.corrections} correction(s)` : ''}` : 'en attente'}</span>
              </th>
            ))}
            <th scope="col">Concordance</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((field) => {
            const gap = gaps.has(field);
            return (
              <tr key={field} className={gap ? 'mismatch' : undefined}>
                <th scope="row">{fieldLabel(field, urn.candidates)}</th>
                <td className="num">{value(first, field)}</td>
                <td className="num">{value(second, field)}</td>
                <td>{!first || !second ? '—' : gap ? <strong className="text-error">✖ écart</strong> : '✔ identique'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {urn.entries.filter((e) => e.reason).map((e) => (
        <p key={e.id} className="help">
          Correction de la saisie {e.entryNumber} par {e.teller} : « {withNames(e.reason!, urn.candidates)} »
        </p>
      ))}
    </section>
  );
}

/** The station's checks of each entry (totals, votes ≤ valid × seats), in French, candidates by name. */
export function Problems({ urn, only }: { urn: UrnCountStatus; only?: number }) {
  const shown = urn.problems.filter((p) => only === undefined || p.entryNumber === only);
  if (shown.length === 0) return null;
  return (
    <section className="problems" aria-labelledby={'problems-title-' + (only ?? 'all')}>
      <h4 id={'problems-title-' + (only ?? 'all')}>Contrôles de la feuille</h4>
      {shown.map((p) => (
        <div key={p.entryNumber} className="notice notice-warning" role="status">
          <span className="notice-icon" aria-hidden="true">⚠</span>
          <div>
            <strong>Saisie {p.entryNumber} : </strong>
            <ul>
              {p.problems.map((x, i) => (
                <li key={i}>{withNames(x.message, urn.candidates)}</li>
              ))}
            </ul>
          </div>
        </div>
      ))}
    </section>
  );
}
