import type { CSSProperties, ReactNode } from 'react';
import { frTime } from '../format.js';
import { lookOf } from './verdicts.js';
import type { ScanAnswer } from './queue.js';

export type PanelContent =
  | { kind: 'idle' }
  | { kind: 'waiting'; barcode: string; pending: number }
  | { kind: 'answer'; answer: ScanAnswer; barcode: string }
  | { kind: 'refused'; barcode: string; message: string };

/** A text's length for the CSS that sizes it (styles.css, « verdict »): a space is narrower than a letter. */
const lengthOf = (text: string) => [...text].reduce((n, c) => n + (c === ' ' ? 0.5 : 1), 0);

type Lines = { tone: string; live: 'polite' | 'assertive'; icon: string; word: string; urns: ReactNode; urnsText: string; message: ReactNode; messageText: string; data?: Record<string, string | number> };

/**
 * The panel's three lines in a box of fixed size. Each line's type is sized from its length and the
 * panel's width, so that « A VOTÉ PAR INTERNET » at 1024 px is set smaller instead of cut.
 */
function Panel({ tone, live, icon, word, urns, urnsText, message, messageText, data }: Lines) {
  const lengths = { '--word': lengthOf(word), '--urns': lengthOf(urnsText), '--message': lengthOf(messageText) } as CSSProperties;
  return (
    <section className={'verdict tone-' + tone} aria-live={live} aria-label="Verdict" style={lengths} {...data}>
      <div className="verdict-word">
        <span className="verdict-icon" aria-hidden="true">{icon}</span> {word}
      </div>
      <div className="verdict-urns">{urns}</div>
      <div className="verdict-message">{message}</div>
    </section>
  );
}

/**
 * The verdict, readable from three metres: one word, an icon, the colour, and for an
 * accepted envelope the urn its inner envelope goes into. Fixed size whatever the content,
 * so nothing on the screen moves when a verdict arrives.
 */
export function VerdictPanel({ content, closedIn }: { content: PanelContent; closedIn: string | null }) {
  // A network wait or a refusal still shows: the agent must know what became of the envelope in hand.
  if (closedIn && (content.kind === 'idle' || content.kind === 'answer')) {
    const urns = `Numérisation close : ${closedIn}`;
    const message = 'La station ne lit plus de plis. Rangez la douchette.';
    return <Panel tone="idle" live="polite" icon="■" word="FERMÉ" urns={urns} urnsText={urns} message={message} messageText={message} data={{ 'data-verdict': 'CLOSED' }} />;
  }
  if (content.kind === 'idle') {
    const urns = 'Présentez un pli au lecteur';
    const message = 'Aucun clic nécessaire : la douchette envoie le code directement.';
    return <Panel tone="idle" live="polite" icon="▤" word="PRÊT" urns={urns} urnsText={urns} message={message} messageText={message} />;
  }
  if (content.kind === 'waiting') {
    const urns = 'Gardez le pli en main : la station ne répond pas encore';
    const message = `Lecture ${content.barcode} conservée et renvoyée automatiquement (${content.pending} en attente).`;
    return <Panel tone="waiting" live="assertive" icon="◷" word="EN ATTENTE" urns={urns} urnsText={urns} message={message} messageText={message} />;
  }
  if (content.kind === 'refused') {
    const urns = 'Lecture non enregistrée';
    const message = `${content.message} (${content.barcode})`;
    return <Panel tone="error" live="assertive" icon="✖" word="REFUSÉ" urns={urns} urnsText={urns} message={message} messageText={message} />;
  }
  const { answer } = content;
  const look = lookOf(answer.verdict);
  const accepted = answer.verdict === 'ACCEPTED';
  const urns = accepted && answer.urns?.length ? answer.urns.map((u) => u.label).join(' · ') : look.destination;
  const prefix = accepted ? ((answer.urns?.length ?? 0) > 1 ? 'Urnes' : 'Urne') + ' : ' : '';
  const meta = `— n° ${answer.scanId}, ${frTime(answer.at)}${answer.replayed ? ', réponse rejouée' : ''}`;
  return (
    <Panel
      tone={look.tone}
      live="assertive"
      icon={look.icon}
      word={look.word}
      urns={
        <>
          {prefix && <span className="urn-prefix">{prefix}</span>}
          {urns}
        </>
      }
      urnsText={prefix + urns}
      message={
        <>
          {answer.message} <span className="verdict-meta">{meta}</span>
        </>
      }
      messageText={`${answer.message} ${meta}`}
      data={{ 'data-verdict': answer.verdict, 'data-scan-id': answer.scanId }}
    />
  );
}
