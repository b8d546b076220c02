import { useState, type RefObject } from 'react';

/**
 * A file input whose button and "no file" text are in French whatever the browser's language
 * (Chromium draws its own in the interface language). The real input stays in the Tab order,
 * visually hidden; its label is the field's name, and the picture of a button repeats the action.
 */
export function FileField({ id, label, accept, inputRef }: { id: string; label: string; accept: string; inputRef: RefObject<HTMLInputElement | null> }) {
  const [name, setName] = useState<string | null>(null);
  return (
    <div className="file-field">
      <label htmlFor={id}>{label}</label>
      <div className="file-row">
        <input id={id} ref={inputRef} type="file" accept={accept} className="visually-hidden" onChange={(e) => setName(e.target.files?.[0]?.name ?? null)} />
        <label htmlFor={id} className="button secondary" aria-hidden="true">
          Choisir un fichier…
        </label>
        <span className={name ? 'file-name' : 'file-name empty'}>{name ?? 'Aucun fichier choisi'}</span>
      </div>
    </div>
  );
}
