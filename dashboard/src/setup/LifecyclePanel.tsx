import { useEffect, useState } from 'react';
import { get, post } from '../api.js';
import type { Certificate } from '../counting/types.js';
import { Notice } from '../components/Notice.js';
import { useAction, useLoad } from '../components/useAsync.js';
import { capitalised, frDateTime } from '../format.js';
import { EmargementImport } from './EmargementImport.js';
import type { ElectionView } from './types.js';

const ROLE_NAMES: Record<string, string> = {
  admin: 'administrateur',
  prefecture: 'représentant du préfet',
  agent: 'agent habilité',
  president: 'président',
  member: 'membre du bureau',
  teller: 'assesseur',
  scanning_agent: 'agent de numérisation',
  key_holder: 'détenteur de clé',
  oversight_cell: 'cellule de contrôle',
  viewer: 'observateur',
};

const STEPS = [
  ['SETUP', 'Préparation'],
  ['LISTS_VALIDATED', 'Listes validées'],
  ['SEALED', 'Scellé'],
  ['VOTE_CLOSED', 'Vote clos'],
  ['EMARGEMENT_LOADED', 'Émargement électronique chargé'],
  ['COUNTING', 'Dépouillement'],
  ['RESULTS_PROCLAIMED', 'Résultats proclamés'],
  ['ARCHIVED', 'Archivé'],
] as const;

/** True once `at` has passed; re-renders at that moment so that a button waiting for it enables itself. */
function usePassed(at: string | undefined): boolean {
  const [now, setNow] = useState(() => Date.now());
  const due = at ? Date.parse(at) : NaN;
  useEffect(() => {
    if (!(due > now)) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(due - now + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [due, now]);
  return due <= now;
}

/** The election's steps, the seal, and the transitions this account may take now. */
export function LifecyclePanel({ view, roles, onChange }: { view: ElectionView | null; roles: string[]; onChange: () => Promise<void> }) {
  const action = useAction();
  const [platformKey, setPlatformKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  // The commission's certificate is made before sealing: the seal records its fingerprint, the only signer verifiers accept.
  const certificate = useLoad(() => get<{ certificate: Certificate | null }>('/api/certificate'));
  const cert = certificate.data?.certificate ?? null;
  const election = view?.election;
  // The station refuses to close the vote before its closing time: the button says so rather than fail when pressed.
  const votingOver = usePassed(election?.voteClosesAt);
  if (!election) return <Notice kind="info">Créez d’abord l’élection (onglet « Élection »).</Notice>;
  const current = STEPS.findIndex(([s]) => s === election.state);
  // The archive is reached only by the freeze (Dépouillement screen), which also writes the sealed bundle.
  const transitions = (view?.transitions ?? []).filter((t) => t.to !== 'ARCHIVED');
  const canImportEmargement = roles.includes('president') || roles.includes('admin');

  const createCertificate = () =>
    action.run(async () => {
      const c = await post<Certificate>('/api/certificate', { passphrase });
      setPassphrase('');
      await certificate.reload();
      return `Certificat de la commission créé (empreinte ${c.fingerprint}). Gardez la phrase de passe : elle signe chaque document.`;
    });

  const advance = (to: string, label: string) =>
    action.run(async () => {
      await post('/api/election/transition', { to, ...(to === 'SEALED' ? { platformPublicKey: platformKey.trim() } : {}) });
      await onChange();
      return `Étape franchie : ${label}.`;
    });

  return (
    <div className="columns">
      <section className="panel" aria-labelledby="steps-title">
        <h2 id="steps-title">Étapes du scrutin</h2>
        <ol className="steps">
          {STEPS.map(([state, label], i) => (
            <li key={state} aria-current={i === current ? 'step' : undefined}>
              {i < current ? '✔ ' : i === current ? '▶ ' : '○ '}
              {i === current ? <strong>{label} (état actuel)</strong> : label}
            </li>
          ))}
        </ol>
        {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
        {transitions.length === 0 && (
          <p className="help">
            {election.state === 'VOTE_CLOSED'
              ? 'Étape suivante : charger l’émargement électronique (ci-contre).'
              : election.state === 'RESULTS_PROCLAIMED'
                ? 'Étape suivante : éditer le procès-verbal puis figer le scrutin (écran Dépouillement, onglet « Proclamation et procès-verbal »).'
                : 'Aucune étape ne se franchit ici depuis cet état.'}
          </p>
        )}
        {transitions.map((t) => {
          const allowed = t.roles.some((r) => roles.includes(r));
          const early = t.to === 'VOTE_CLOSED' && !votingOver;
          return (
            <div key={t.to} className="panel" style={{ marginTop: '0.8rem' }}>
              {t.to === 'SEALED' && (
                <div>
                  <h3>Certificat de signature de la commission</h3>
                  {cert ? (
                    <p>
                      Empreinte SHA-256 du certificat, enregistrée au scellement : <span className="mono">{cert.fingerprint}</span>
                    </p>
                  ) : (
                    <form
                      onSubmit={(e) => {
                        e.preventDefault();
                        if (passphrase.length >= 12) void createCertificate();
                      }}
                    >
                      <label>
                        Phrase de passe du certificat (12 caractères au moins)
                        <input type="password" autoComplete="off" value={passphrase} disabled={!allowed} onChange={(e) => setPassphrase(e.target.value)} />
                      </label>
                      <button type="submit" className="secondary" disabled={!allowed || action.busy || passphrase.length < 12}>
                        Créer le certificat
                      </button>
                      <span className="help">Le scellement exige ce certificat : seules ses signatures seront reconnues.</span>
                    </form>
                  )}
                </div>
              )}
              {t.to === 'SEALED' && (
                <label>
                  Clé publique de la plateforme de vote (fournie à la cérémonie de scellement)
                  <input className="mono" value={platformKey} disabled={!allowed} onChange={(e) => setPlatformKey(e.target.value)} />
                </label>
              )}
              <button
                type="button"
                className="primary"
                disabled={!allowed || action.busy || early || (t.to === 'SEALED' && (!platformKey.trim() || !cert))}
                aria-describedby={early ? 'vote-closes-help' : undefined}
                onClick={() => void advance(t.to, t.label)}
              >
                {capitalised(t.label)}
              </button>
              {early && (
                <span className="help" id="vote-closes-help">
                  Le vote se clôt le {frDateTime(election.voteClosesAt)} : ce bouton s’active à cette heure.
                </span>
              )}
              {!allowed && <span className="help">Réservé : {t.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ')}.</span>}
            </div>
          );
        })}
      </section>
      {election.state === 'VOTE_CLOSED' && (
        <EmargementImport
          canImport={canImportEmargement}
          onDone={async (text) => {
            await onChange();
            action.setMessage({ kind: 'ok', text });
          }}
        />
      )}
      <section className="panel" aria-labelledby="seal-title">
        <h2 id="seal-title">Scellement</h2>
        {view?.seal ? (
          <dl className="kv">
            <dt>Scellé le</dt>
            <dd>{frDateTime(view.seal.sealedAt)}</dd>
            <dt>Empreinte du scellement</dt>
            <dd className="mono">{view.seal.digest}</dd>
            <dt>Liste électorale</dt>
            <dd className="mono">{view.seal.rollDigest}</dd>
            <dt>Candidatures</dt>
            <dd className="mono">{view.seal.candidatesDigest}</dd>
            <dt>Clé de la plateforme</dt>
            <dd className="mono">{view.seal.platformKeyFingerprint}</dd>
            <dt>Certificat de la commission (SHA-256)</dt>
            <dd className="mono">{view.seal.commissionCertificateFingerprint ?? 'non enregistré'}</dd>
            <dt>Logiciel</dt>
            <dd>{view.seal.softwareVersion}</dd>
          </dl>
        ) : (
          <p className="empty">Poste non scellé : la liste et les candidatures doivent d’abord être validées.</p>
        )}
      </section>
    </div>
  );
}
