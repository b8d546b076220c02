import { useState } from 'react';
import type { PublishedResults } from '@scrutin/contract/results-types.js';
import { download, get, post } from '../api.js';
import { Notice } from '../components/Notice.js';
import { useAction, useLoad } from '../components/useAsync.js';
import { frDateTime } from '../format.js';
import type { Certificate, Freeze } from './types.js';

/** Proclamation, the commission's certificate (made before sealing), the signed PV and export, and the freeze: the president's last steps. */
export function DocumentsPanel({ state, results, roles, onChange }: { state: string; results: PublishedResults | null; roles: string[]; onChange: () => Promise<void> }) {
  const certificate = useLoad(() => get<{ certificate: Certificate | null }>('/api/certificate'));
  const freeze = useLoad(() => get<{ freeze: Freeze | null }>('/api/freeze'));
  const [passphrase, setPassphrase] = useState('');
  // The freeze cannot be undone: a first press arms it, a second one (same button) confirms.
  const [freezeArmed, setFreezeArmed] = useState(false);
  const action = useAction();
  const isPresident = roles.includes('president');
  const cert = certificate.data?.certificate ?? null;
  const frozen = freeze.data?.freeze ?? null;
  const proclaimed = state === 'RESULTS_PROCLAIMED' || state === 'ARCHIVED';
  const longEnough = passphrase.length >= 12;

  const run = (what: () => Promise<string>) => action.run(what);
  const proclaim = () =>
    run(async () => {
      await post('/api/election/transition', { to: 'RESULTS_PROCLAIMED' });
      await onChange();
      return 'Résultats proclamés : ils sont figés pour le procès-verbal.';
    });
  const report = () =>
    run(async () => {
      const d = await download('POST', '/api/report', { passphrase });
      return `Procès-verbal signé téléchargé (${d.fileName}, SHA-256 ${d.sha256 ?? '—'}).`;
    });
  const exportResults = () =>
    run(async () => {
      const d = await download('POST', '/api/results/export', { passphrase });
      return `Export signé des résultats téléchargé (${d.fileName}, SHA-256 ${d.sha256 ?? '—'}).`;
    });
  const freezeNow = () =>
    run(async () => {
      setFreezeArmed(false);
      await post('/api/freeze', { passphrase });
      await freeze.reload();
      await onChange();
      return 'Scrutin figé : le scellé est écrit, la base refuse désormais toute modification.';
    });

  return (
    <>
      {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
      <div className="columns">
      <section className="panel" aria-labelledby="proclaim-title">
        <h2 id="proclaim-title">Proclamation</h2>
        {results?.proclamation ? (
          <Notice kind="ok">
            Résultats proclamés le {frDateTime(results.proclamation.proclaimedAt)}. Empreinte : <span className="mono">{results.proclamation.digest}</span>
          </Notice>
        ) : (
          <p>
            La proclamation fige les résultats : elle exige toutes les urnes validées, le dépouillement électronique chargé et aucun double vote en attente de
            confirmation.
          </p>
        )}
        {isPresident && state === 'COUNTING' && (
          <button type="button" className="primary big" disabled={action.busy || !results?.complete} onClick={() => void proclaim()}>
            Proclamer les résultats
          </button>
        )}
        {isPresident && state === 'COUNTING' && !results?.complete && <p className="help">Bouton actif quand toutes les urnes sont dépouillées (correspondance et internet).</p>}
        <h3>Certificat de signature de la commission</h3>
        {cert ? (
          <dl className="kv">
            <dt>Titulaire</dt>
            <dd>{cert.subject}</dd>
            <dt>Empreinte (enregistrée au scellement)</dt>
            <dd className="mono">{cert.fingerprint}</dd>
            <dt>Créé le</dt>
            <dd>{frDateTime(cert.createdAt)}</dd>
          </dl>
        ) : (
          <p className="empty">Aucun certificat : il se crée avant le scellement (écran Élection), qui enregistre son empreinte.</p>
        )}
      </section>
      <section className="panel" aria-labelledby="docs-title">
        <h2 id="docs-title">Procès-verbal, export et gel</h2>
        {isPresident && !frozen && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (longEnough && cert && proclaimed) void report();
            }}
          >
            <label htmlFor="passphrase">
              Phrase de passe du certificat (12 caractères au moins)
              <input id="passphrase" type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            </label>
            <div className="actions">
              {cert && (
                <>
                  <button type="submit" className="primary" disabled={action.busy || !longEnough || !proclaimed}>
                    Éditer le procès-verbal signé
                  </button>
                  <button type="button" className="secondary" disabled={action.busy || !longEnough || !proclaimed} onClick={() => void exportResults()}>
                    Exporter les résultats signés
                  </button>
                  <button
                    type="button"
                    className="danger"
                    disabled={action.busy || !longEnough || state !== 'RESULTS_PROCLAIMED'}
                    onClick={() => (freezeArmed ? void freezeNow() : setFreezeArmed(true))}
                    onBlur={() => setFreezeArmed(false)}
                  >
                    {freezeArmed ? 'Confirmer le gel (irréversible)' : 'Figer le scrutin'}
                  </button>
                </>
              )}
            </div>
            {cert && !proclaimed && <p className="help">Le procès-verbal, l’export et le gel suivent la proclamation.</p>}
            {cert && proclaimed && <p className="help">Le gel produit le scellé (émargements, PV, export, journal) et interdit ensuite toute écriture : éditez d’abord le PV et l’export.</p>}
          </form>
        )}
        {frozen && (
          <Notice kind="ok">
            Scrutin figé le {frDateTime(frozen.frozenAt)}. Scellé : <span className="mono">{frozen.directory}</span>, manifeste SHA-256 <span className="mono">{frozen.manifestSha256}</span>
          </Notice>
        )}
        {proclaimed && (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => void run(async () => `Dernier procès-verbal signé téléchargé (${(await download('GET', '/api/report/latest')).fileName}).`)}>
              Télécharger le dernier PV signé
            </button>
            {(isPresident || roles.some((r) => ['member', 'prefecture', 'admin'].includes(r))) && (
              <button type="button" className="secondary" onClick={() => void run(async () => `Dernier export signé téléchargé (${(await download('GET', '/api/results/export/latest')).fileName}).`)}>
                Télécharger le dernier export
              </button>
            )}
          </div>
        )}
      </section>
      </div>
    </>
  );
}
