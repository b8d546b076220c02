import { useCallback, useEffect, useState } from 'react';
import { get, onSessionLost, setCsrfToken, type SessionView } from './api.js';
import { Layout } from './components/Layout.js';
import { setDisplayTimeZone } from './format.js';
import { LoginScreen } from './login/LoginScreen.js';
import { PasswordScreen } from './login/PasswordScreen.js';
import { ScanScreen } from './scan/ScanScreen.js';
import { PresidentScreen } from './president/PresidentScreen.js';
import { SetupScreen } from './setup/SetupScreen.js';
import { CountingScreen } from './counting/CountingScreen.js';
import { ResultsScreen } from './results/ResultsScreen.js';
import { VerifyScreen } from './verify/VerifyScreen.js';
import { UnsealScreen } from './unseal/UnsealScreen.js';
import { defaultScreen, navigate, screensFor, useHash, type ScreenId } from './router.js';

type Phase = { kind: 'loading' } | { kind: 'signed-out'; notice: string | null } | { kind: 'signed-in'; session: SessionView };

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const hash = useHash();

  const signedOut = useCallback((notice: string | null) => {
    setCsrfToken('');
    setPhase({ kind: 'signed-out', notice });
  }, []);

  useEffect(() => {
    onSessionLost(() => signedOut('Session expirée : reconnectez-vous. Les lectures en attente sont conservées.'));
    get<SessionView>('/api/session')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setDisplayTimeZone(s.timeZone);
        setPhase({ kind: 'signed-in', session: s });
      })
      .catch(() => signedOut(null));
  }, [signedOut]);

  // Ask the station again when the session should end: it answers 401 and we say so, rather than fail on the next click.
  const expiresAt = phase.kind === 'signed-in' ? phase.session.expiresAt : null;
  useEffect(() => {
    if (!expiresAt) return;
    const delay = Math.min(Math.max(Date.parse(expiresAt) - Date.now() + 1000, 1000), 2 ** 31 - 1);
    const timer = setTimeout(() => void get('/api/session').catch(() => undefined), delay);
    return () => clearTimeout(timer);
  }, [expiresAt]);

  const signedIn = (s: SessionView) => {
    setCsrfToken(s.csrfToken);
    setDisplayTimeZone(s.timeZone);
    setPhase({ kind: 'signed-in', session: s });
    const allowed = screensFor(s.user.roles).map((x) => x.id as string);
    if (!allowed.includes(hash)) navigate(defaultScreen(s.user.roles));
  };

  if (phase.kind === 'loading') return <p className="loading">Chargement…</p>;

  // The verification page is public: anyone holding a PV may check it.
  if (phase.kind === 'signed-out') {
    if (hash === 'verification') return <Layout session={null} current="verification" onSignOut={() => undefined}><VerifyScreen /></Layout>;
    return <LoginScreen notice={phase.notice} onSignedIn={signedIn} />;
  }

  const { session } = phase;
  if (session.user.mustChangePassword) {
    return <PasswordScreen session={session} onChanged={() => setPhase({ kind: 'signed-in', session: { ...session, user: { ...session.user, mustChangePassword: false } } })} />;
  }
  const allowed = screensFor(session.user.roles);
  const current = (allowed.find((s) => s.id === hash)?.id ?? defaultScreen(session.user.roles)) as ScreenId;
  return (
    <Layout session={session} current={current} onSignOut={() => signedOut('Vous êtes déconnecté.')}>
      {current === 'numerisation' && <ScanScreen session={session} />}
      {current === 'president' && <PresidentScreen session={session} />}
      {current === 'preparation' && <SetupScreen session={session} />}
      {current === 'depouillement' && <CountingScreen session={session} />}
      {current === 'resultats' && <ResultsScreen />}
      {current === 'verification' && <VerifyScreen />}
      {current === 'descellement' && <UnsealScreen session={session} />}
    </Layout>
  );
}
