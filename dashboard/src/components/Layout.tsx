import { useEffect, type ReactNode } from 'react';
import { post, type SessionView } from '../api.js';
import { navigate, SCREENS, screensFor, type ScreenId } from '../router.js';

type Props = { session: SessionView | null; current: ScreenId; onSignOut: () => void; children: ReactNode };

/** Header with the screens this account may open; Alt+1…6 jumps to them without the mouse. */
export function Layout({ session, current, onSignOut, children }: Props) {
  const screens = session ? screensFor(session.user.roles) : SCREENS.filter((s) => s.roles === 'public');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = screens.find((s) => s.shortcut === e.key);
      if (target) {
        e.preventDefault();
        navigate(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screens]);

  const signOut = async () => {
    await post('/api/auth/logout').catch(() => undefined);
    onSignOut();
  };

  return (
    <div className="app">
      <a className="skip" href="#contenu" onClick={(e) => { e.preventDefault(); document.getElementById('contenu')?.focus(); }}>
        Aller au contenu
      </a>
      <header className="topbar">
        <div className="brand" aria-label="Scrutin, station de dépouillement">
          <span className="brand-mark" aria-hidden="true">▣</span> Scrutin
        </div>
        <nav aria-label="Écrans">
          <ul>
            {screens.map((s) => (
              <li key={s.id}>
                <a href={'#/' + s.id} aria-current={s.id === current ? 'page' : undefined} aria-keyshortcuts={'Alt+' + s.shortcut}>
                  {s.label}
                  <kbd aria-hidden="true">Alt+{s.shortcut}</kbd>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {session ? (
          <div className="who">
            <span>
              <strong>{session.user.displayName}</strong>
              <span className="who-roles">{session.user.roleLabels.join(', ')} · poste {session.stationId}</span>
            </span>
            <button type="button" className="secondary" onClick={() => void signOut()}>
              Se déconnecter
            </button>
          </div>
        ) : (
          <div className="who">
            <a className="button secondary" href="#/">
              Se connecter
            </a>
          </div>
        )}
      </header>
      <main id="contenu" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
