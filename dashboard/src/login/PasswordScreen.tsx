import { useState, type FormEvent } from 'react';
import { errorText, post, type SessionView } from '../api.js';
import { Notice } from '../components/Notice.js';

/**
 * A new account signs in with a one-time password and must choose its own before anything else; the
 * station asks for the current one again and refuses a common or guessable password (its message shown).
 */
export function PasswordScreen({ session, onChanged }: { session: SessionView; onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (first !== second) return setError('Les deux saisies diffèrent.');
    if (first.length < 12) return setError('Douze caractères au moins.');
    try {
      await post('/api/auth/password', { currentPassword: current, newPassword: first });
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <main className="login-page" id="contenu">
      <form className="card login-card" onSubmit={(e) => void submit(e)} aria-labelledby="pw-title">
        <h1 id="pw-title">Choisissez votre mot de passe</h1>
        <p className="lead">
          Bonjour {session.user.displayName}. Le mot de passe provisoire ne sert qu’une fois : choisissez-en un de 12 caractères au moins,
          qui ne soit ni un mot de passe courant, ni un motif de clavier, ni votre identifiant.
        </p>
        {error && <Notice kind="error">{error}</Notice>}
        <label>
          Mot de passe actuel (provisoire)
          <input type="password" autoComplete="current-password" autoFocus required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label>
          Nouveau mot de passe
          <input type="password" autoComplete="new-password" required minLength={12} value={first} onChange={(e) => setFirst(e.target.value)} />
        </label>
        <label>
          Confirmez-le
          <input type="password" autoComplete="new-password" required minLength={12} value={second} onChange={(e) => setSecond(e.target.value)} />
        </label>
        <button type="submit" className="primary big">
          Enregistrer
        </button>
      </form>
    </main>
  );
}
