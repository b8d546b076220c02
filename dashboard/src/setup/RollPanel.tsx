import { useRef, useState } from 'react';
import type { RollError } from '@scrutin/contract/roll-types.js';
import type { RollReport } from '@scrutin/contract/roll-types.js';
import { ApiError, errorText, get, post, upload } from '../api.js';
import { FileField } from '../components/FileField.js';
import { Notice } from '../components/Notice.js';
import { useAction, useLoad } from '../components/useAsync.js';
import { frDateTime, frInt } from '../format.js';
import type { ElectionView } from './types.js';

/** The roll report counts by codes; the urns of the election carry their names (« Commerce, moins de 10 salariés »). */
function categoryName(view: ElectionView | null, category: string, subcategory: string | null): string {
  const urn = view?.urns?.find((u) => u.category_code === category && (u.subcategory_code ?? null) === (subcategory ?? null));
  return urn ? urn.label.replace(/^.*?—\s*/, '') : category;
}

/** Upload of the roll CSV with a progress bar, then the conformity report the prefecture validates. */
export function RollPanel({ view, roles, onChange }: { view: ElectionView | null; roles: string[]; onChange: () => Promise<void> }) {
  const report = useLoad(() => get<{ report: (RollReport & { validatedAt: string | null }) | null }>('/api/roll/report'));
  const file = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [errors, setErrors] = useState<RollError[]>([]);
  const action = useAction();
  const r = report.data?.report ?? null;

  const send = () =>
    action.run(async () => {
      const f = file.current?.files?.[0];
      if (!f) throw new ApiError(0, 'NO_FILE', 'Choisissez d’abord le fichier CSV de la liste électorale.');
      setErrors([]);
      setProgress(0);
      try {
        const res = await upload<{ report: RollReport }>('/api/roll?fileName=' + encodeURIComponent(f.name), f, 'text/csv', setProgress);
        await report.reload();
        await onChange();
        return `Liste importée : ${frInt(res.report.rights)} qualités pour ${frInt(res.report.voters)} électeurs. Le représentant du préfet doit la valider.`;
      } catch (e) {
        if (e instanceof ApiError && Array.isArray(e.details)) setErrors(e.details as RollError[]);
        setProgress(null);
        throw e;
      }
    });

  const validate = () =>
    action.run(async () => {
      await post('/api/roll/validate', { fileSha256: r!.fileSha256 });
      await report.reload();
      return 'Liste électorale validée.';
    });

  if (!view?.election) return <Notice kind="info">Créez d’abord l’élection (onglet « Élection »).</Notice>;

  return (
    <div className="columns">
      <section className="panel" aria-labelledby="roll-upload">
        <h2 id="roll-upload">Importer la liste électorale</h2>
        {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
        {roles.includes('admin') ? (
          <>
            <p className="help">CSV séparé par « ; » ou « , », UTF-8 ou Windows-1252. Une ligne fautive refuse tout le fichier : rien n’est importé à moitié.</p>
            <FileField id="roll-file" label="Fichier CSV" accept=".csv,text/csv" inputRef={file} />
            <button type="button" className="primary" disabled={action.busy} onClick={() => void send()}>
              Envoyer la liste
            </button>
            {progress !== null && (
              <div style={{ marginTop: '1rem' }}>
                <div className="progress" role="progressbar" aria-label="Envoi de la liste" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)}>
                  <div style={{ width: `${Math.round(progress * 100)}%` }} />
                </div>
                <p className="help">
                  {progress < 1 ? `Envoi : ${Math.round(progress * 100)} %` : action.busy ? 'Fichier envoyé : contrôle et chargement par la station…' : 'Terminé.'}
                </p>
              </div>
            )}
          </>
        ) : (
          <p>L’administrateur importe la liste ; vous la consultez et, pour la préfecture, la validez.</p>
        )}
        {errors.length > 0 && (
          <>
            <h3>Lignes refusées ({frInt(errors.length)})</h3>
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Ligne</th>
                  <th scope="col">Colonne</th>
                  <th scope="col">Motif</th>
                </tr>
              </thead>
              <tbody>
                {errors.slice(0, 50).map((e, i) => (
                  <tr key={i}>
                    <td>{e.line}</td>
                    <td>{e.column ?? '—'}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="roll-report">
        <h2 id="roll-report">Rapport de conformité</h2>
        {report.error && <Notice kind="error">{report.error}</Notice>}
        {!r ? (
          <p className="empty">Aucune liste importée.</p>
        ) : (
          <>
            <dl className="kv">
              <dt>Fichier</dt>
              <dd>{r.fileName}</dd>
              <dt>Empreinte SHA-256</dt>
              <dd className="mono">{r.fileSha256}</dd>
              <dt>Lignes</dt>
              <dd>{frInt(r.dataRows)}</dd>
              <dt>Électeurs</dt>
              <dd>{frInt(r.voters)}</dd>
              <dt>Qualités (droits de vote)</dt>
              <dd>{frInt(r.rights)}</dd>
              <dt>Codes pré-imprimés</dt>
              <dd>{frInt(r.preprintedBarcodes)}</dd>
              <dt>Validation</dt>
              <dd>{r.validatedAt ? <span className="badge ok">✔ validée le {frDateTime(r.validatedAt)}</span> : <span className="badge">en attente du préfet</span>}</dd>
            </dl>
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Catégorie</th>
                  <th scope="col" className="num">Qualités</th>
                </tr>
              </thead>
              <tbody>
                {r.byCategory.map((c) => (
                  <tr key={c.category + (c.subcategory ?? '')}>
                    <td>
                      {categoryName(view, c.category, c.subcategory)}
                      <span className="help inline-help"> ({c.category}{c.subcategory ? ` / ${c.subcategory}` : ''})</span>
                    </td>
                    <td className="num">{frInt(c.rights)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {roles.includes('prefecture') && !r.validatedAt && (
              <div className="actions">
                <button type="button" className="primary" disabled={action.busy} onClick={() => void validate().catch((e) => action.setMessage({ kind: 'error', text: errorText(e) }))}>
                  Valider la liste (empreinte {r.fileSha256.slice(0, 12)}…)
                </button>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}
