import { SignedFilePair } from '../components/SignedFilePair.js';
import { frInt } from '../format.js';

/**
 * After the close, the president loads the platform's sealed list of electronic voters (art. 13):
 * the station refuses a file whose seal does not verify, and opens postal emargement once it is in.
 */
export function EmargementImport({ canImport, onDone }: { canImport: boolean; onDone: (message: string) => Promise<void> }) {
  return (
    <section className="panel" aria-labelledby="emargement-title">
      <h2 id="emargement-title">Émargement électronique</h2>
      {canImport ? (
        <SignedFilePair
          id="emargement"
          path="/api/electronic-emargement"
          fileLabel="Liste d’émargement électronique (emargement.json)"
          signatureLabel="Signature de la plateforme (emargement.sig.json)"
          submitLabel="Vérifier le scellement et charger"
          onDone={async (answer) => {
            const a = answer as { count: number; fileSha256: string };
            const message = `Émargement électronique chargé : ${frInt(a.count)} qualité(s) ont voté par internet (SHA-256 ${a.fileSha256}). La numérisation des plis est ouverte.`;
            // The state changes and this panel goes away: the steps panel keeps the message.
            await onDone(message);
            return message;
          }}
        >
          <p className="help">
            Les deux fichiers remis par la plateforme de vote à la clôture. La station vérifie l’empreinte SHA-256 et la signature sous la clé enregistrée au
            scellement ; un fichier refusé ne change rien. Un seul chargement est possible.
          </p>
        </SignedFilePair>
      ) : (
        <p className="help">Le président (ou l’administrateur) charge la liste scellée des votants par internet remise par la plateforme.</p>
      )}
    </section>
  );
}
