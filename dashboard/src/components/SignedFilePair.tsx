import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, post } from '../api.js';
import { FileField } from './FileField.js';
import { Notice } from './Notice.js';
import { useAction } from './useAsync.js';

/**
 * A file and its detached signature, sent as text `{ file, signature }`: the electronic emargement
 * and the electronic tally travel this way. The station checks digest, key and signature and
 * answers in French; details (one line per problem) are listed under the message.
 */
export function SignedFilePair({ id, path, fileLabel, signatureLabel, submitLabel, onDone, children }: {
  id: string;
  path: string;
  fileLabel: string;
  signatureLabel: string;
  submitLabel: string;
  onDone: (answer: unknown) => Promise<string>;
  children?: ReactNode;
}) {
  const file = useRef<HTMLInputElement>(null);
  const signature = useRef<HTMLInputElement>(null);
  const action = useAction();
  const [details, setDetails] = useState<string[]>([]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const f = file.current?.files?.[0];
      const s = signature.current?.files?.[0];
      if (!f || !s) throw new ApiError(0, 'NO_FILE', 'Choisissez les deux fichiers : la liste et sa signature.');
      setDetails([]);
      let answer: unknown;
      try {
        answer = await post<unknown>(path, { file: await f.text(), signature: await s.text() });
      } catch (err) {
        if (err instanceof ApiError && Array.isArray(err.details)) setDetails(err.details.map(String));
        throw err;
      }
      if (file.current) file.current.value = '';
      if (signature.current) signature.current.value = '';
      return onDone(answer);
    });
  };

  return (
    <form onSubmit={submit} aria-labelledby={id + '-title'}>
      {children}
      {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
      {action.message?.kind === 'error' && details.length > 0 && (
        <ul className="error-list">
          {details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      <FileField id={id + '-file'} label={fileLabel} accept=".json,application/json,text/plain" inputRef={file} />
      <FileField id={id + '-signature'} label={signatureLabel} accept=".json,.sig,application/json,text/plain" inputRef={signature} />
      <button type="submit" className="primary" disabled={action.busy}>
        {submitLabel}
      </button>
    </form>
  );
}
