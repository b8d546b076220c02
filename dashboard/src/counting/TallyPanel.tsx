import type { PublishedResults } from '@scrutin/contract/results-types.js';
import { SignedFilePair } from '../components/SignedFilePair.js';
import { frInt } from '../format.js';

/** The electronic tally per urn (invariant 5: ballots = electronic emargement), and its signed import by the president. */
export function TallyPanel({ results, canImport, onChange }: { results: PublishedResults | null; canImport: boolean; onChange: () => Promise<void> }) {
  const urns = results?.contests.flatMap((c) => c.urns) ?? [];
  const loaded = urns.filter((u) => u.status.electronicLoaded).length;
  return (
    <div className="columns">
      <section className="panel" aria-labelledby="tally-status-title">
        <h2 id="tally-status-title">Dépouillement électronique</h2>
        <p>
          <span className={'chip ' + (urns.length > 0 && loaded === urns.length ? 'tone-ok' : 'tone-idle')}>
            {urns.length > 0 && loaded === urns.length ? 'Chargé pour toutes les urnes' : `${loaded} urne(s) sur ${urns.length} chargée(s)`}
          </span>
        </p>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Urne</th>
              <th scope="col" className="num">Votants par internet</th>
              <th scope="col" className="num">Bulletins dépouillés</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {urns.length === 0 && (
              <tr>
                <td colSpan={4} className="empty">
                  Aucune urne.
                </td>
              </tr>
            )}
            {urns.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.label}</th>
                <td className="num">{frInt(u.electronicVoters)}</td>
                <td className="num">{u.status.electronicLoaded ? frInt(u.electronic.ballots) : '—'}</td>
                <td>
                  {!u.status.electronicLoaded
                    ? 'en attente'
                    : u.electronic.ballots === u.electronicVoters
                      ? '✔ concorde avec l’émargement'
                      : '✖ diffère de l’émargement'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="tally-import-title">
        <h2 id="tally-import-title">Importer le résultat signé de l’urne électronique</h2>
        {canImport ? (
          <SignedFilePair
            id="tally"
            path="/api/tally"
            fileLabel="Fichier du dépouillement électronique (JSON)"
            signatureLabel="Signature de la plateforme (fichier joint)"
            submitLabel="Vérifier et charger"
            onDone={async (answer) => {
              await onChange();
              const a = answer as { ballots: number; urns: unknown[] | number };
              return `Dépouillement électronique chargé : ${frInt(a.ballots)} bulletin(s), signature et concordance avec l’émargement vérifiées.`;
            }}
          >
            <p className="help">
              La station vérifie l’empreinte, la clé de la plateforme enregistrée au scellement, la signature, puis que chaque urne compte autant de bulletins que
              d’émargements électroniques. Un fichier refusé ne change rien.
            </p>
          </SignedFilePair>
        ) : (
          <p className="help">Le président charge le résultat signé (ou le descellement de l’urne par deux détenteurs de clés le produit).</p>
        )}
      </section>
    </div>
  );
}
