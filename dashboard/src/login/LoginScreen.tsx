import { useState, type FormEvent } from 'react';
import { errorText, post, type SessionView } from '../api.js';
import { Notice } from '../components/Notice.js';

const STATION_KEY = 'scrutin.stationId';

export function LoginScreen({ notice, onSignedIn }: { notice: string | null; onSignedIn: (s: SessionView) => void }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [stationId, setStationId] = useState(() => localStorage.getItem(STATION_KEY) ?? 'POSTE-01');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await post<SessionView>('/api/auth/login', { login: login.trim(), password, stationId: stationId.trim() || 'web' });
      localStorage.setItem(STATION_KEY, stationId.trim());
      onSignedIn(session);
    } catch (err) {
      setError(errorText(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-page" id="contenu">
      <form className="card login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">
          <span className="brand-mark" aria-hidden="true">▣</span> Scrutin
        </h1>
        <p className="lead">Station de dépouillement — élections consulaires</p>
        {notice && <Notice kind="warning">{notice}</Notice>}
        {error && <Notice kind="error">{error}</Notice>}
        <label>
          Identifiant
          <input name="login" autoComplete="username" autoFocus required value={login} onChange={(e) => setLogin(e.target.value)} />
        </label>
        <label>
          Mot de passe
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label>
          Poste de travail
          <input name="stationId" required pattern="[A-Za-z0-9._\-]{1,40}" value={stationId} onChange={(e) => setStationId(e.target.value)} aria-describedby="station-help" />
          <span id="station-help" className="help">Nom du poste inscrit sur la table (lettres, chiffres, point, tiret, soulignement).</span>
        </label>
        <button type="submit" className="primary big" disabled={busy}>
          {busy ? 'Connexion…' : 'Se connecter'}
        </button>
        <p className="help">
          <a href="#/verification">Vérifier un procès-verbal sans se connecter</a>
        </p>
      </form>
    </main>
  );
}
