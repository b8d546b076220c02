import { useState } from 'react';
import { api, ApiError, type BallotInfo, type Contest, type Receipt, type Right } from './api';
import { encryptChoices } from './encrypt';
import { ErrorBox, shownTime, Title } from './App';

type Choice = { blank: boolean; marks: number[] };
type Step = { kind: 'rights' } | { kind: 'choose'; right: Right } | { kind: 'review'; right: Right; choices: Record<string, Choice> } | { kind: 'receipt'; receipt: Receipt };

export function Voting({ info, onLogout }: { info: BallotInfo; onLogout: () => void }) {
  const [data, setData] = useState(info);
  const [step, setStep] = useState<Step>({ kind: 'rights' });
  const refresh = async () => setData(await api<BallotInfo>('GET', '/api/ballot'));
  async function logout() {
    await api('POST', '/api/logout').catch(() => undefined);
    onLogout();
  }
  return (
    <>
      <p className="who">Connecté : {data.voter.name} <button type="button" className="link" onClick={logout}>Se déconnecter</button></p>
      {step.kind === 'rights' && <Rights info={data} onChoose={(right) => setStep({ kind: 'choose', right })} />}
      {step.kind === 'choose' && <Choose right={step.right} onBack={() => setStep({ kind: 'rights' })} onReview={(choices) => setStep({ kind: 'review', right: step.right, choices })} />}
      {step.kind === 'review' && (
        <Review info={data} right={step.right} choices={step.choices} onBack={() => setStep({ kind: 'choose', right: step.right })} onDone={(receipt) => { setStep({ kind: 'receipt', receipt }); void refresh(); }} />
      )}
      {step.kind === 'receipt' && <ReceiptView receipt={step.receipt} timeZone={info.election.timeZone} onContinue={() => setStep({ kind: 'rights' })} />}
    </>
  );
}

function Rights({ info, onChoose }: { info: BallotInfo; onChoose: (r: Right) => void }) {
  return (
    <section>
      <Title>Vos qualités d’électeur</Title>
      <p>{info.election.name} — {info.election.chamber}. Vous votez une fois par qualité ; pour chacune, un bulletin par élection.</p>
      <ul className="rights">
        {info.rights.map((r) => (
          <li key={r.id}>
            <span>{r.label}</span>
            {r.voted ? <strong className="done">A voté</strong> : r.withdrawn ? <span>Radiée</span> : <button type="button" onClick={() => onChoose(r)}>Voter pour « {r.label} »</button>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Choose({ right, onBack, onReview }: { right: Right; onBack: () => void; onReview: (c: Record<string, Choice>) => void }) {
  const [choices, setChoices] = useState<Record<string, Choice>>(Object.fromEntries(right.contests.map((c) => [c.urnId, { blank: false, marks: [] }])));
  const [error, setError] = useState<string | null>(null);
  const toggle = (c: Contest, index: number) =>
    setChoices((all) => {
      const cur = all[c.urnId]!;
      const marks = cur.marks.includes(index) ? cur.marks.filter((m) => m !== index) : [...cur.marks, index].sort((a, b) => a - b);
      return { ...all, [c.urnId]: { blank: false, marks } };
    });
  function next() {
    const missing = right.contests.filter((c) => !choices[c.urnId]!.blank && choices[c.urnId]!.marks.length === 0);
    if (missing.length > 0) return setError(`Choisissez au moins un candidat ou « vote blanc » pour : ${missing.map((c) => c.contestName).join(', ')}.`);
    onReview(choices);
  }
  return (
    <section>
      <Title>{`Vos bulletins — ${right.label}`}</Title>
      <ErrorBox message={error} />
      {right.contests.map((c) => {
        const choice = choices[c.urnId]!;
        const full = choice.marks.length >= c.seats;
        return (
          <fieldset key={c.urnId} className="contest">
            <legend>{c.contestName} — {c.seats} siège{c.seats > 1 ? 's' : ''} à pourvoir</legend>
            <p className="hint" id={`hint-${c.urnId}`} aria-live="polite">Cochez au plus {c.seats} candidat{c.seats > 1 ? 's' : ''} ({choice.marks.length} coché{choice.marks.length > 1 ? 's' : ''}).</p>
            {c.candidates.map((k) => (
              <div className="option" key={k.index}>
                <input type="checkbox" id={`${c.urnId}-${k.index}`} checked={choice.marks.includes(k.index)} disabled={!choice.marks.includes(k.index) && full} onChange={() => toggle(c, k.index)} aria-describedby={`hint-${c.urnId}`} />
                <label htmlFor={`${c.urnId}-${k.index}`}>
                  <strong>{k.name}</strong>{k.profession ? `, ${k.profession}` : ''}{k.substitute ? ` — suppléant : ${k.substitute}` : ''}
                </label>
              </div>
            ))}
            <div className="option blank">
              <input type="checkbox" id={`${c.urnId}-blank`} checked={choice.blank} onChange={() => setChoices((all) => ({ ...all, [c.urnId]: { blank: !choice.blank, marks: [] } }))} />
              <label htmlFor={`${c.urnId}-blank`}>Vote blanc</label>
            </div>
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack}>Retour</button>
        <button type="button" onClick={next}>Vérifier mes choix</button>
      </div>
    </section>
  );
}

function Review({ info, right, choices, onBack, onDone }: { info: BallotInfo; right: Right; choices: Record<string, Choice>; onBack: () => void; onDone: (r: Receipt) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    setError(null);
    try {
      setBusy('Chiffrement de vos bulletins sur votre appareil…');
      await new Promise((r) => setTimeout(r, 30)); // let the message paint before the CPU-bound encryption
      const started = performance.now();
      const ballots = encryptChoices(info.manifest, info.electionKey, info.manifestFingerprint, right.contests.map((c) => ({ urnId: c.urnId, marks: choices[c.urnId]!.marks })));
      (window as unknown as { __encryptionMs?: number }).__encryptionMs = performance.now() - started;
      // The vote is written with other voters' (anonymity batch, docs/threat-model.md): up to ~20 s when few vote.
      setBusy('Envoi de vos bulletins chiffrés… Pour protéger le secret du vote, ils sont enregistrés avec ceux d’autres électeurs : cela peut prendre quelques secondes.');
      const r = await api<{ receipt: Receipt }>('POST', '/api/vote', { rightId: right.id, ballots });
      onDone(r.receipt);
    } catch (x) {
      setError(x instanceof ApiError || x instanceof Error ? x.message : 'Envoi impossible : réessayez.');
      setBusy(null);
    }
  }
  return (
    <section>
      <Title>Vérifiez vos choix</Title>
      <ErrorBox message={error} />
      {right.contests.map((c) => {
        const ch = choices[c.urnId]!;
        return (
          <div key={c.urnId} className="review">
            <h2>{c.contestName}</h2>
            {ch.blank ? <p>Vote blanc</p> : <ul>{ch.marks.map((m) => <li key={m}>{c.candidates.find((k) => k.index === m)?.name}</li>)}</ul>}
          </div>
        );
      })}
      <p className="notice">Une fois validé, votre vote ne peut être ni modifié ni recommencé.</p>
      <p aria-live="polite">{busy ?? ''}</p>
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack} disabled={busy !== null}>Modifier</button>
        <button type="button" onClick={submit} disabled={busy !== null}>Valider mon vote</button>
      </div>
    </section>
  );
}

function ReceiptView({ receipt, timeZone, onContinue }: { receipt: Receipt; timeZone: string; onContinue: () => void }) {
  const href = URL.createObjectURL(new Blob([JSON.stringify(receipt, null, 2)], { type: 'application/json' }));
  return (
    <section>
      <Title>Votre vote est enregistré</Title>
      <p>Conservez ce reçu : il prouve que vos bulletins ont été enregistrés, sans révéler votre choix. Chaque empreinte figure sur le tableau public des bulletins.</p>
      <dl className="receipt">
        <dt>Enregistré le</dt>
        <dd>{shownTime(receipt.recordedAt, timeZone)}</dd>
        {receipt.ballots.map((b) => (
          <div key={b.fingerprint}>
            <dt>Empreinte du bulletin ({b.urnId})</dt>
            <dd><code className="fingerprint">{b.fingerprint}</code></dd>
          </div>
        ))}
        <dt>Signature de la plateforme</dt>
        <dd><code className="fingerprint">{receipt.signature}</code></dd>
      </dl>
      <div className="actions">
        <a className="button" href={href} download={`recu-vote-${receipt.ballots[0]?.fingerprint.slice(0, 12)}.json`}>Télécharger le reçu</a>
        <a className="button secondary" href={`#/tableau`}>Voir le tableau des bulletins</a>
        <button type="button" className="secondary" onClick={onContinue}>Retour à mes qualités</button>
      </div>
    </section>
  );
}
