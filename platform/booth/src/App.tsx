import { DEFAULT_TIME_ZONE, formatInstant } from '@scrutin/basics/calendar.js';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, setCsrf, type BallotInfo, type Status } from './api';
import { parseFrenchDate } from '../../src/domain/french-date';
import { Board, Help } from './Public';
import { StaffArea } from './Staff';
import { Voting } from './Voting';

type View = 'vote' | 'tableau' | 'aide' | 'agents';
const VIEWS: Record<string, View> = { '#/tableau': 'tableau', '#/aide': 'aide', '#/agents': 'agents' };
const viewOf = (hash: string): View => VIEWS[hash] ?? 'vote';

export function App() {
  const [view, setView] = useState<View>(viewOf(location.hash));
  useEffect(() => {
    const on = () => setView(viewOf(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return (
    <>
      <a className="skip" href="#contenu">Aller au contenu</a>
      <header>
        <p className="brand">Vote par internet — élections consulaires</p>
        <nav aria-label="Navigation principale">
          <a href="#/" aria-current={view === 'vote' ? 'page' : undefined}>Voter</a>
          <a href="#/tableau" aria-current={view === 'tableau' ? 'page' : undefined}>Tableau des bulletins</a>
          <a href="#/aide" aria-current={view === 'aide' ? 'page' : undefined}>Aide</a>
        </nav>
      </header>
      <main id="contenu" tabIndex={-1}>
        {view === 'vote' ? <VoteEntry /> : view === 'tableau' ? <Board /> : view === 'aide' ? <Help /> : <StaffArea />}
      </main>
      {/* Staff reach their page from here, out of the voters' navigation. */}
      <footer>
        <a href="#/agents" aria-current={view === 'agents' ? 'page' : undefined}>Espace des agents de la plateforme</a>
      </footer>
    </>
  );
}

/** Moves keyboard and screen-reader focus to a new step's title. */
export function Title({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [children]);
  return <h1 ref={ref} tabIndex={-1}>{children}</h1>;
}

/** Kept in the page even when empty, so that screen readers announce the message when it appears. */
export function Alert({ message, tone }: { message: string | null; tone: 'error' | 'success' }) {
  return <div role="alert" className={message ? tone : 'sr-only'}>{message ?? ''}</div>;
}

export function ErrorBox({ message }: { message: string | null }) {
  return <Alert message={message} tone="error" />;
}

/** Every time on screen is in the election's zone with its UTC offset, whatever the device's (@scrutin/basics/calendar.ts). */
export const shownTime = (iso: string, timeZone: string = DEFAULT_TIME_ZONE): string => formatInstant(iso, timeZone);

function VoteEntry() {
  const [status, setStatus] = useState<Status | null>(null);
  const [ballot, setBallot] = useState<BallotInfo | null>(null);
  useEffect(() => {
    api<Status>('GET', '/api/status').then(setStatus, () => setStatus(null));
    api<BallotInfo>('GET', '/api/ballot').then(setBallot, () => undefined);
  }, []);
  if (status && status.phase === 'SUSPENDED')
    return (
      <section>
        <Title>Vote par internet suspendu</Title>
        <p className="notice">{status.suspensionMessage}</p>
      </section>
    );
  if (ballot) return <Voting info={ballot} onLogout={() => setBallot(null)} />;
  return <Login status={status} onLogin={setBallot} />;
}

function Login({ status, onLogin }: { status: Status | null; onLogin: (b: BallotInfo) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const closed = status && status.phase !== 'OPEN';
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const birthDate = parseFrenchDate(String(form.get('birthDate') ?? ''));
    if (!birthDate) {
      setError('Date de naissance : écrivez-la sous la forme JJ/MM/AAAA, par exemple 07/03/1968.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ csrfToken: string }>('POST', '/api/login', { identifier: String(form.get('identifier')), password: String(form.get('password')), birthDate });
      setCsrf('voter', r.csrfToken);
      onLogin(await api<BallotInfo>('GET', '/api/ballot'));
    } catch (x) {
      setError(x instanceof ApiError ? x.message : 'Connexion impossible : réessayez.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <section>
      <Title>Connexion à l’isoloir</Title>
      {status?.election && <p>{status.election.name} — {status.election.chamber}</p>}
      {closed && <p className="notice">{status.phase === 'AFTER_CLOSING' || status.phase === 'FROZEN' ? 'Le vote par internet est clos.' : 'Le vote par internet n’est pas ouvert.'}</p>}
      <p>Munissez-vous du courrier reçu : l’identifiant y est imprimé, le mot de passe est sous la zone à gratter.</p>
      <form onSubmit={submit} noValidate>
        <ErrorBox message={error} />
        <label htmlFor="identifier">Identifiant (12 chiffres)</label>
        <input id="identifier" name="identifier" autoComplete="username" inputMode="numeric" required aria-describedby="identifier-hint" />
        <p id="identifier-hint" className="hint">Par exemple : 1234-5678-9012</p>
        <label htmlFor="password">Mot de passe</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <label htmlFor="birthDate">Date de naissance</label>
        <input id="birthDate" name="birthDate" inputMode="numeric" autoComplete="bday" placeholder="JJ/MM/AAAA" maxLength={10} required aria-describedby="birth-hint" />
        <p id="birth-hint" className="hint">Jour, mois et année : JJ/MM/AAAA, par exemple 07/03/1968. Information personnelle demandée en plus du mot de passe.</p>
        <button type="submit" disabled={busy}>{busy ? 'Connexion…' : 'Se connecter'}</button>
      </form>
    </section>
  );
}
