import { useState, type FormEvent } from 'react';
import { get, post } from '../api.js';
import { Notice } from '../components/Notice.js';
import { useAction, useLoad } from '../components/useAsync.js';

type User = { id: number; login: string; displayName: string; roles: string[]; mustChangePassword: boolean; active: boolean };
type Users = { users: User[]; roles: { role: string; label: string }[] };

/**
 * Accounts and roles; a new account's one-time password is shown once and never again. An account can be
 * given a new one-time password (its sessions end) or deactivated (its sessions and station tokens stop).
 */
export function UsersPanel() {
  const data = useLoad(() => get<Users>('/api/users'));
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [secret, setSecret] = useState<{ login: string; password: string } | null>(null);
  const action = useAction();
  const labels = Object.fromEntries((data.data?.roles ?? []).map((r) => [r.role, r.label]));

  const create = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const r = await post<{ user: User; oneTimePassword: string }>('/api/users', { login, displayName, roles });
      setSecret({ login: r.user.login, password: r.oneTimePassword });
      setLogin('');
      setDisplayName('');
      setRoles([]);
      await data.reload();
    });
  };
  const resetPassword = (u: User) => {
    if (!window.confirm(`Donner un nouveau mot de passe provisoire à « ${u.login} » ? Ses sessions ouvertes seront fermées.`)) return;
    void action.run(async () => {
      const r = await post<{ oneTimePassword: string }>(`/api/users/${encodeURIComponent(u.login)}/reset-password`);
      setSecret({ login: u.login, password: r.oneTimePassword });
      await data.reload();
    });
  };
  const deactivate = (u: User) => {
    if (!window.confirm(`Désactiver « ${u.login} » ? Il ne pourra plus se connecter ; ses sessions et les jetons de ses postes cessent aussitôt.`)) return;
    void action.run(async () => {
      await post(`/api/users/${encodeURIComponent(u.login)}/deactivate`);
      await data.reload();
      return `Compte « ${u.login} » désactivé.`;
    });
  };

  return (
    <div className="columns">
      <section className="panel" aria-labelledby="user-new">
        <h2 id="user-new">Créer un compte</h2>
        {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
        {secret && (
          <div className="notice notice-warning" role="status">
            <span>
              Mot de passe provisoire de <strong>{secret.login}</strong>, affiché une seule fois — remettez-le en main propre :
              <br />
              <span className="secret">{secret.password}</span>
              <br />
              <button type="button" className="link" onClick={() => setSecret(null)}>
                Je l’ai noté, masquer
              </button>
            </span>
          </div>
        )}
        <form onSubmit={create}>
          <label>
            Identifiant
            <input required pattern="[a-z0-9._\-]{2,40}" value={login} onChange={(e) => setLogin(e.target.value)} aria-describedby="login-help" />
            <span id="login-help" className="help">
              2 à 40 caractères : minuscules, chiffres, point, tiret.
            </span>
          </label>
          <label>
            Nom affiché
            <input required minLength={2} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </label>
          <fieldset>
            <legend>Rôles</legend>
            <div className="checks">
              {(data.data?.roles ?? []).map((r) => (
                <label key={r.role}>
                  <input type="checkbox" checked={roles.includes(r.role)} onChange={(e) => setRoles((cur) => (e.target.checked ? [...cur, r.role] : cur.filter((x) => x !== r.role)))} />
                  {r.label}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="primary" disabled={action.busy || roles.length === 0}>
            Créer le compte
          </button>
        </form>
      </section>
      <section className="panel" aria-labelledby="user-list">
        <h2 id="user-list">Comptes ({data.data?.users.length ?? 0})</h2>
        {data.error && <Notice kind="error">{data.error}</Notice>}
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Identifiant</th>
              <th scope="col">Nom</th>
              <th scope="col">Rôles</th>
              <th scope="col">État</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(data.data?.users ?? []).map((u) => (
              <tr key={u.id}>
                <td>{u.login}</td>
                <td>{u.displayName}</td>
                <td>{u.roles.map((r) => labels[r] ?? r).join(', ')}</td>
                <td>{!u.active ? 'désactivé' : u.mustChangePassword ? 'mot de passe provisoire' : 'actif'}</td>
                <td>
                  {u.active && (
                    <>
                      <button type="button" className="link" disabled={action.busy} onClick={() => resetPassword(u)} aria-label={`Réinitialiser le mot de passe de ${u.login}`}>
                        Réinitialiser
                      </button>{' '}
                      <button type="button" className="link" disabled={action.busy} onClick={() => deactivate(u)} aria-label={`Désactiver ${u.login}`}>
                        Désactiver
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
