import { frTime } from '../format.js';
import { lookOf } from './verdicts.js';
import type { ScanAnswer } from './queue.js';

export type PanelContent =
  | { kind: 'idle' }
  | { kind: 'waiting'; barcode: string; pending: number }
  | { kind: 'answer'; answer: ScanAnswer; barcode: string }
  | { kind: 'refused'; barcode: string; message: string };

/**
 * The verdict, readable from three metres: one word, an icon, the colour, and for an
 * accepted envelope the urn its inner envelope goes into. Fixed size whatever the content,
 * so nothing on the screen moves when a verdict arrives.
 */
export function VerdictPanel({ content, closedIn }: { content: PanelContent; closedIn: string | null }) {
  // A network wait or a refusal still shows: the agent must know what became of the envelope in hand.
  if (closedIn && (content.kind === 'idle' || content.kind === 'answer')) {
    return (
      <section className="verdict tone-idle" aria-live="polite" aria-label="Verdict" data-verdict="CLOSED">
        <div className="verdict-word">
          <span className="verdict-icon" aria-hidden="true">■</span> FERMÉ
        </div>
        <div className="verdict-urns">Numérisation close : {closedIn}</div>
        <div className="verdict-message">La station ne lit plus de plis. Rangez la douchette.</div>
      </section>
    );
  }
  if (content.kind === 'idle') {
    return (
      <section className="verdict tone-idle" aria-live="polite" aria-label="Verdict">
        <div className="verdict-word">
          <span className="verdict-icon" aria-hidden="true">▤</span> PRÊT
        </div>
        <div className="verdict-urns">Présentez un pli au lecteur</div>
        <div className="verdict-message">Aucun clic nécessaire : la douchette envoie le code directement.</div>
      </section>
    );
  }
  if (content.kind === 'waiting') {
    return (
      <section className="verdict tone-waiting" aria-live="assertive" aria-label="Verdict">
        <div className="verdict-word">
          <span className="verdict-icon" aria-hidden="true">◷</span> EN ATTENTE
        </div>
        <div className="verdict-urns">Gardez le pli en main : la station ne répond pas encore</div>
        <div className="verdict-message">
          Lecture {content.barcode} conservée et renvoyée automatiquement ({content.pending} en attente).
        </div>
      </section>
    );
  }
  if (content.kind === 'refused') {
    return (
      <section className="verdict tone-error" aria-live="assertive" aria-label="Verdict">
        <div className="verdict-word">
          <span className="verdict-icon" aria-hidden="true">✖</span> REFUSÉ
        </div>
        <div className="verdict-urns">Lecture non enregistrée</div>
        <div className="verdict-message">
          {content.message} ({content.barcode})
        </div>
      </section>
    );
  }
  const { answer } = content;
  const look = lookOf(answer.verdict);
  const urns = answer.verdict === 'ACCEPTED' && answer.urns?.length ? answer.urns.map((u) => u.label).join(' · ') : look.destination;
  return (
    <section className={'verdict tone-' + look.tone} aria-live="assertive" aria-label="Verdict" data-verdict={answer.verdict} data-scan-id={answer.scanId}>
      <div className="verdict-word">
        <span className="verdict-icon" aria-hidden="true">{look.icon}</span> {look.word}
      </div>
      <div className="verdict-urns">
        {answer.verdict === 'ACCEPTED' && <span className="urn-prefix">{(answer.urns?.length ?? 0) > 1 ? 'Urnes' : 'Urne'} : </span>}
        {urns}
      </div>
      <div className="verdict-message">
        {answer.message} <span className="verdict-meta">— n° {answer.scanId}, {frTime(answer.at)}{answer.replayed ? ', réponse rejouée' : ''}</span>
      </div>
    </section>
  );
}
