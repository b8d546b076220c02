// The platform staff's page (#/agents): the administrator opens and closes the vote, the oversight cell
// suspends and resumes it (arrêté art. 10); both see the state of the vote and the operations journal.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, setCsrf, type PlatformEvent, type StaffProfile, type Status } from './api';
import { Alert, ErrorBox, shownTime, Title } from './App';
import { AdminActions, CellActions, DECISION_LABELS, type Act } from './StaffActions';

const TITLE = 'Espace des agents de la plateforme';

export function StaffArea() {
  // undefined while the session is being looked up, null when nobody is signed in.
  const [profile, setProfile] = useState<StaffProfile | null | undefined>(undefined);
  const loadProfile = useCallback(async () => {
    try {
      const me = await api<StaffProfile>('GET', '/api/staff/me');
      setCsrf('staff', me.csrfToken);
      setProfile(me);
    } catch {
      setProfile(null);
    }
  }, []);
  useEffect(() => void loadProfile(), [loadProfile]);
  if (profile === undefined) return <p aria-live="polite">Chargement…</p>;
  if (profile === null) return <StaffLogin onLogin={loadProfile} />;
  return <StaffDesk profile={profile} onLogout={() => setProfile(null)} />;
}

function StaffLogin({ onLogin }: { onLogin: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      // 401 (wrong credentials) and 429 (too many attempts) come with the server's French message.
      const r = await api<{ csrfToken: string }>('POST', '/api/staff/login', { login: String(form.get('login')).trim(), password: String(form.get('password')) });
      setCsrf('staff', r.csrfToken);
      await onLogin();
    } catch (x) {
      setError(x instanceof ApiError ? x.message : 'Connexion impossible : réessayez.');
      setBusy(false);
    }
  }
  return (
    <section>
      <Title>{TITLE}</Title>
      <p>Réservé à l’administrateur de la plateforme et à la cellule de contrôle. Les électeurs votent depuis la page <a href="#/">Voter</a>.</p>
      <form onSubmit={submit} noValidate>
        <ErrorBox message={error} />
        <label htmlFor="staff-login">Identifiant</label>
        <input id="staff-login" name="login" autoComplete="username" autoCapitalize="none" spellCheck={false} required />
        <label htmlFor="staff-password">Mot de passe</label>
        <input id="staff-password" name="password" type="password" autoComplete="current-password" required />
        <div className="actions">
          <button type="submit" disabled={busy}>{busy ? 'Connexion…' : 'Se connecter'}</button>
        </div>
      </form>
    </section>
  );
}

type Outcome = { tone: 'error' | 'success'; text: string };

function StaffDesk({ profile, onLogout }: { profile: StaffProfile; onLogout: () => void }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [events, setEvents] = useState<PlatformEvent[] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);

  const refresh = useCallback(async () => {
    const [s, e] = await Promise.all([api<Status>('GET', '/api/status'), api<{ events: PlatformEvent[] }>('GET', '/api/staff/events')]);
    setStatus(s);
    setEvents(e.events);
  }, []);
  const report = useCallback((o: Outcome) => {
    setOutcome(o);
    // The control just used may have disappeared (suspend becomes resume): keyboard focus goes to the outcome.
    requestAnimationFrame(() => outcomeRef.current?.focus());
  }, []);
  const fail = useCallback((x: unknown) => {
    if (x instanceof ApiError && x.status === 401) return onLogout();
    report({ tone: 'error', text: x instanceof ApiError ? x.message : 'Le serveur ne répond pas : réessayez.' });
  }, [onLogout, report]);
  useEffect(() => void refresh().catch(fail), [refresh, fail]);

  const act: Act = async (run) => {
    setBusy(true);
    setOutcome(null);
    try {
      report({ tone: 'success', text: await run() });
      await refresh();
    } catch (x) {
      fail(x);
    } finally {
      setBusy(false);
    }
  };
  async function logout() {
    await api('POST', '/api/staff/logout').catch(() => undefined);
    onLogout();
  }

  return (
    <section>
      <Title>{TITLE}</Title>
      <p className="who">
        Connecté : {profile.login} ({profile.roleLabel}) <button type="button" className="link" onClick={logout}>Se déconnecter</button>
      </p>
      <h2>État du vote</h2>
      {status ? <StatusFacts status={status} /> : <p>Chargement…</p>}
      <button type="button" className="secondary" onClick={() => refresh().then(() => setOutcome(null), fail)}>Actualiser</button>
      <h2>Opérations</h2>
      <div ref={outcomeRef} tabIndex={-1} className="outcome">
        <Alert message={outcome?.text ?? null} tone={outcome?.tone ?? 'error'} />
      </div>
      {status && (profile.role === 'admin'
        ? <AdminActions status={status} act={act} busy={busy} />
        : <CellActions status={status} act={act} busy={busy} defaultMessage={profile.defaultSuspensionMessage} refuse={(text) => report({ tone: 'error', text })} />)}
      <h2>Journal des opérations</h2>
      {events ? <Journal events={events} timeZone={status?.election?.timeZone} /> : <p>Chargement…</p>}
    </section>
  );
}

const PHASE_LABELS: Record<Status['phase'], string> = {
  NOT_LOADED: 'Plateforme non chargée',
  NOT_OPENED: 'Vote pas encore ouvert par l’administrateur',
  BEFORE_OPENING: 'Vote ouvert, en attente de l’heure d’ouverture',
  OPEN: 'Vote en cours',
  SUSPENDED: 'Vote suspendu par la cellule de contrôle',
  AFTER_CLOSING: 'Heure de clôture passée : vote à clore',
  FROZEN: 'Vote clos et scellé',
};

function StatusFacts({ status }: { status: Status }) {
  return (
    <dl className="facts">
      <dt>Élection</dt>
      <dd>{status.election ? `${status.election.name} — ${status.election.chamber}` : 'aucune'}</dd>
      <dt>État</dt>
      <dd><strong>{PHASE_LABELS[status.phase]}</strong></dd>
      {status.opensAt && <><dt>Ouverture</dt><dd>{shownTime(status.opensAt, status.election?.timeZone)}</dd></>}
      {status.closesAt && <><dt>Clôture</dt><dd>{shownTime(status.closesAt, status.election?.timeZone)}</dd></>}
      {status.suspensionMessage && <><dt>Message affiché aux électeurs</dt><dd>{status.suspensionMessage}</dd></>}
    </dl>
  );
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** The journal in words: one label per recorded action, and what its payload says that matters to a reader. */
function describe(e: PlatformEvent): { label: string; details: string } {
  const p = e.payload;
  switch (e.action) {
    case 'platform.load':
      return { label: 'Chargement de la plateforme', details: `Élection ${text(p.electionCode)} : ${text(p.voters)} électeur(s), ${text(p.rights)} qualité(s).` };
    case 'credentials.issue':
      return { label: 'Édition des identifiants', details: `${text(p.count)} courrier(s).` };
    case 'credentials.reissue':
      return { label: 'Réédition d’identifiants', details: `${text(p.count)} courrier(s).` };
    case 'vote.open':
      return { label: 'Ouverture du vote', details: '' };
    case 'vote.suspend':
      return { label: 'Suspension du vote', details: `Motif : ${text(p.reason)}` };
    case 'vote.resume': {
      const decision = DECISION_LABELS[text(p.decision) as keyof typeof DECISION_LABELS]?.label ?? text(p.decision);
      return { label: 'Reprise du vote', details: `Votes exprimés avant la suspension : ${decision.toLowerCase()}. ${text(p.decisionText)}` };
    }
    case 'vote.close':
      return { label: 'Clôture et scellement', details: '' };
    default:
      return { label: e.action, details: JSON.stringify(p) };
  }
}

function Journal({ events, timeZone }: { events: PlatformEvent[]; timeZone: string | undefined }) {
  if (events.length === 0) return <p>Aucune opération enregistrée.</p>;
  return (
    <table className="journal">
      <caption>Dernières opérations enregistrées, les plus récentes d’abord</caption>
      <thead><tr><th scope="col">Date</th><th scope="col">Agent</th><th scope="col">Opération</th><th scope="col">Détails</th></tr></thead>
      <tbody>
        {events.map((e) => {
          const d = describe(e);
          return <tr key={e.seq}><td className="date">{shownTime(e.at, timeZone)}</td><td>{e.actor}</td><td>{d.label}</td><td>{d.details}</td></tr>;
        })}
      </tbody>
    </table>
  );
}
