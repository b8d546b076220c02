import type { ReactNode } from 'react';

/** A message that screen readers announce; the icon and the word say the kind, not only the colour. */
export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'info' | 'warning'; children: ReactNode }) {
  const icon = { error: '✖', ok: '✔', info: 'ℹ', warning: '⚠' }[kind];
  const word = { error: 'Erreur', ok: 'C’est fait', info: 'Information', warning: 'Attention' }[kind];
  return (
    <div className={'notice notice-' + kind} role={kind === 'error' ? 'alert' : 'status'}>
      <span className="notice-icon" aria-hidden="true">{icon}</span>
      <span>
        <strong>{word} : </strong>
        {children}
      </span>
    </div>
  );
}
