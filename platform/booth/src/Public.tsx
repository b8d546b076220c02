import { useState } from 'react';
import { api, type Receipt } from './api';
import { ErrorBox, Title } from './App';

type Entry = { fingerprint: string; urnId: string; day: string };

export function Board() {
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [list, setList] = useState<{ entries: Entry[]; total: number } | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  async function find(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const fingerprint = String(new FormData(e.currentTarget).get('fingerprint')).trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(fingerprint)) return setError('Une empreinte compte 64 caractères hexadécimaux (0-9, a-f).');
    const r = await api<{ entry: Entry | null }>('GET', `/api/board?fingerprint=${fingerprint}`);
    setResult(r.entry ? `Bulletin trouvé : urne ${r.entry.urnId}, déposé le ${r.entry.day}.` : 'Aucun bulletin avec cette empreinte.');
  }
  async function verify(e: React.ChangeEvent<HTMLInputElement>) {
    setError(null);
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      const receipt = JSON.parse(await file.text()) as Receipt;
      const r = await api<{ valid: boolean; message: string }>('POST', '/api/receipts/verify', { receipt });
      setResult(r.message);
    } catch {
      setError('Fichier de reçu illisible.');
    }
  }
  return (
    <section>
      <Title>Tableau public des bulletins</Title>
      <p>Chaque bulletin chiffré reçu est listé par son empreinte, dans l’ordre des empreintes : rien n’y relie un bulletin à un électeur.</p>
      <form onSubmit={find}>
        <ErrorBox message={error} />
        <label htmlFor="fingerprint">Empreinte à rechercher</label>
        <input id="fingerprint" name="fingerprint" spellCheck={false} autoComplete="off" />
        <button type="submit">Rechercher</button>
      </form>
      {/* The browser's own file button speaks the browser's language: a French label stands in for it. */}
      <p className="file-label" id="receipt-title">Vérifier un reçu téléchargé</p>
      <div className="file-field">
        <input id="receipt-file" className="sr-only" type="file" accept="application/json,.json" aria-labelledby="receipt-title" onChange={(e) => { setFileName(e.currentTarget.files?.[0]?.name ?? null); void verify(e); }} />
        <label htmlFor="receipt-file" className="button secondary">Choisir le fichier du reçu…</label>
        <span className="file-name" aria-live="polite">{fileName ?? 'Aucun fichier choisi'}</span>
      </div>
      <p role="status" className="result">{result ?? ''}</p>
      <button type="button" className="secondary" onClick={async () => setList(await api('GET', '/api/board?limit=200'))}>Afficher les premières empreintes</button>
      {list && (
        <table>
          <caption>{list.total} bulletin(s) dans l’urne</caption>
          <thead><tr><th scope="col">Empreinte</th><th scope="col">Urne</th><th scope="col">Jour</th></tr></thead>
          <tbody>{list.entries.map((e) => <tr key={e.fingerprint}><td><code>{e.fingerprint}</code></td><td>{e.urnId}</td><td>{e.day}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}

export function Help() {
  return (
    <section>
      <Title>Aide et assistance</Title>
      <h2>Se connecter</h2>
      <p>Votre identifiant et votre mot de passe figurent sur le courrier reçu par la poste ; le mot de passe est sous la zone à gratter. La date de naissance est demandée en plus. Après plusieurs erreurs, un délai croissant est imposé avant un nouvel essai.</p>
      <h2>Voter</h2>
      <p>Pour chaque qualité, vous recevez un bulletin par élection : cochez au plus autant de candidats que de sièges, ou « vote blanc ». Vos bulletins sont chiffrés sur votre appareil avant l’envoi. Une fois validé, le vote ne peut être ni modifié ni recommencé.</p>
      <h2>Vote par correspondance</h2>
      <p>Si vous votez par internet, votre vote par correspondance éventuel ne sera pas pris en compte. Si le vote par internet est suspendu, vous pouvez voter par correspondance avec le matériel reçu.</p>
      <h2>Courrier perdu ou identifiants inutilisables</h2>
      <p>Contactez la commission d’organisation des élections de votre chambre : de nouveaux identifiants vous seront envoyés par courrier ; les anciens cesseront de fonctionner.</p>
      <h2>Accessibilité</h2>
      <p>Le site s’utilise entièrement au clavier (Tab, Maj+Tab, Espace, Entrée) et avec un lecteur d’écran.</p>
    </section>
  );
}
