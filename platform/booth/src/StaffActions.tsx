// What each staff role may do on the vote; the server checks the role again (operations.ts).
import { Fragment, useEffect, useRef, useState } from 'react';
import { api, type ClosingSeal, type Status } from './api';
import { shownTime } from './App';

/** Runs an operation and shows the sentence it returns, or the server's refusal. */
export type Act = (run: () => Promise<string>) => Promise<void>;

export const DECISION_LABELS = {
  BALLOTS_KEPT: { label: 'Votes conservés', hint: 'les votes exprimés avant la suspension comptent.' },
  REFERRED_TO_COMMISSION: { label: 'Renvoyés à la commission', hint: 'la commission d’organisation des élections statuera sur les votes exprimés avant la suspension.' },
} as const;
type Decision = keyof typeof DECISION_LABELS;

const CLOSABLE: Status['phase'][] = ['BEFORE_OPENING', 'OPEN', 'SUSPENDED', 'AFTER_CLOSING'];

export function AdminActions({ status, act, busy }: { status: Status; act: Act; busy: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [seal, setSeal] = useState<ClosingSeal | null>(null);
  const close = (confirmed: boolean) =>
    act(async () => {
      setConfirming(false);
      const r = await api<{ seal: ClosingSeal }>('POST', '/api/staff/close');
      setSeal(r.seal);
      return confirmed ? `Vote clos et scellé le ${shownTime(r.seal.closedAt, status.election?.timeZone)}.` : 'Scellement de clôture vérifié : l’urne et l’émargement n’ont pas changé depuis la clôture.';
    });
  return (
    <>
      {status.phase === 'NOT_LOADED' && <p>La plateforme n’est pas chargée : commande <code>scrutin-platform load</code>.</p>}
      {status.phase === 'NOT_OPENED' && (
        <>
          <p>Chaque électeur a reçu ses identifiants ? Le vote s’ouvre alors ; les votes sont acceptés entre les heures d’ouverture et de clôture.</p>
          <button type="button" disabled={busy} onClick={() => act(async () => {
            const r = await api<{ opensAt: string; closesAt: string }>('POST', '/api/staff/open');
            return `Vote ouvert : les votes sont acceptés du ${shownTime(r.opensAt, status.election?.timeZone)} au ${shownTime(r.closesAt, status.election?.timeZone)}.`;
          })}>Ouvrir le vote</button>
        </>
      )}
      {CLOSABLE.includes(status.phase) && !confirming && (
        <>
          <p>La clôture gèle l’urne et la liste d’émargement électronique et les scelle ; elle n’est possible qu’après l’heure de clôture{status.closesAt ? ` (${shownTime(status.closesAt, status.election?.timeZone)})` : ''}.</p>
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}>Clore le vote…</button>
        </>
      )}
      {confirming && <CloseConfirmation onConfirm={() => close(true)} onCancel={() => setConfirming(false)} busy={busy} />}
      {status.phase === 'FROZEN' && !seal && (
        <>
          <p>Le vote est clos. Le scellement peut être relu : la plateforme vérifie d’abord que l’urne et l’émargement n’ont pas changé.</p>
          <button type="button" className="secondary" disabled={busy} onClick={() => close(false)}>Afficher le scellement de clôture</button>
        </>
      )}
      {seal && <SealFacts seal={seal} timeZone={status.election?.timeZone} />}
    </>
  );
}

function CloseConfirmation({ onConfirm, onCancel, busy }: { onConfirm: () => void; onCancel: () => void; busy: boolean }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="notice" role="group" aria-labelledby="close-warning">
      <p id="close-warning" ref={ref} tabIndex={-1}>
        <strong>La clôture est irréversible.</strong> Aucun vote ne sera plus accepté ; l’urne et l’émargement sont gelés et scellés pour le bureau de vote.
      </p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={onConfirm}>Confirmer la clôture</button>
        <button type="button" className="secondary" onClick={onCancel}>Annuler</button>
      </div>
    </div>
  );
}

function SealFacts({ seal, timeZone }: { seal: ClosingSeal; timeZone: string | undefined }) {
  const digests: [string, string][] = [
    ['Empreinte SHA-256 de l’urne', seal.urnSha256],
    ['Empreinte SHA-256 de l’émargement', seal.emargementSha256],
    ['Empreinte de l’état de la plateforme', seal.stateDigest],
    ['Empreinte de la clé de la plateforme', seal.platformKeyFingerprint],
    ['Signature', seal.signature],
  ];
  return (
    <>
      <h3>Scellement de clôture — {seal.electionCode}</h3>
      <dl className="facts">
        <dt>Clos le</dt>
        <dd>{shownTime(seal.closedAt, timeZone)}</dd>
        <dt>Bulletins dans l’urne</dt>
        <dd>{seal.ballotCount}</dd>
        <dt>Émargements électroniques</dt>
        <dd>{seal.emargementCount}</dd>
        {digests.map(([label, value]) => <Fragment key={label}><dt>{label}</dt><dd><code className="fingerprint">{value}</code></dd></Fragment>)}
      </dl>
    </>
  );
}

const SUSPENDABLE: Status['phase'][] = ['NOT_OPENED', 'BEFORE_OPENING', 'OPEN', 'AFTER_CLOSING'];

export function CellActions({ status, act, busy, defaultMessage, refuse }: { status: Status; act: Act; busy: boolean; defaultMessage: string; refuse: (message: string) => void }) {
  if (status.phase === 'SUSPENDED') return <ResumeForm act={act} busy={busy} refuse={refuse} timeZone={status.election?.timeZone} />;
  if (SUSPENDABLE.includes(status.phase)) return <SuspendForm act={act} busy={busy} defaultMessage={defaultMessage} refuse={refuse} timeZone={status.election?.timeZone} />;
  return <p>Aucune opération : {status.phase === 'FROZEN' ? 'le vote est clos.' : 'la plateforme n’est pas chargée.'}</p>;
}

function SuspendForm({ act, busy, defaultMessage, refuse, timeZone }: { act: Act; busy: boolean; defaultMessage: string; refuse: (message: string) => void; timeZone: string | undefined }) {
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const reason = String(form.get('reason')).trim();
    if (reason.length < 3) return refuse('Indiquez le motif de la suspension (3 caractères au moins).');
    void act(async () => {
      const r = await api<{ suspendedAt: string }>('POST', '/api/staff/suspend', { reason, message: String(form.get('message')) });
      return `Vote suspendu le ${shownTime(r.suspendedAt, timeZone)} : l’isoloir affiche désormais le message aux électeurs.`;
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <p>Article 10 : la cellule de contrôle suspend le vote par internet en cas d’atteinte à son fonctionnement ; les électeurs sont invités à voter par correspondance.</p>
      <label htmlFor="suspend-reason">Motif de la suspension (obligatoire)</label>
      <input id="suspend-reason" name="reason" required aria-describedby="suspend-reason-hint" />
      <p id="suspend-reason-hint" className="hint">Consigné au journal et dans le scellement de clôture ; les électeurs ne le voient pas.</p>
      <label htmlFor="suspend-message">Message affiché aux électeurs</label>
      <textarea id="suspend-message" name="message" rows={4} defaultValue={defaultMessage} aria-describedby="suspend-message-hint" />
      <p id="suspend-message-hint" className="hint">Pré-rempli avec le message par défaut, qui invite à voter par correspondance ; laissé vide, c’est ce message qui est affiché.</p>
      <button type="submit" disabled={busy}>Suspendre le vote</button>
    </form>
  );
}

function ResumeForm({ act, busy, refuse, timeZone }: { act: Act; busy: boolean; refuse: (message: string) => void; timeZone: string | undefined }) {
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const decision = form.get('decision') as Decision | null;
    const decisionText = String(form.get('decisionText')).trim();
    if (!decision) return refuse('Choisissez la décision sur les votes exprimés avant la suspension.');
    if (decisionText.length < 3) return refuse('Rédigez la décision sur les votes exprimés avant la suspension.');
    void act(async () => {
      const r = await api<{ resumedAt: string }>('POST', '/api/staff/resume', { decision, decisionText });
      return `Vote repris le ${shownTime(r.resumedAt, timeZone)} ; la décision est consignée au journal.`;
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <p>Le vote reprend quand la cellule a statué sur les votes exprimés avant la suspension (article 10).</p>
      <fieldset className="contest">
        <legend>Décision sur les votes exprimés avant la suspension (obligatoire)</legend>
        {(Object.keys(DECISION_LABELS) as Decision[]).map((d) => (
          <div className="option" key={d}>
            <input type="radio" id={`decision-${d}`} name="decision" value={d} required />
            <label htmlFor={`decision-${d}`}>
              <strong>{DECISION_LABELS[d].label}</strong> : {DECISION_LABELS[d].hint}
            </label>
          </div>
        ))}
      </fieldset>
      <label htmlFor="decision-text">Texte de la décision (obligatoire)</label>
      <textarea id="decision-text" name="decisionText" rows={4} required aria-describedby="decision-text-hint" />
      <p id="decision-text-hint" className="hint">Consigné au journal et dans le scellement de clôture.</p>
      <button type="submit" disabled={busy}>Reprendre le vote</button>
    </form>
  );
}
