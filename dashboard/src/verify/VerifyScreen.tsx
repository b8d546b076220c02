import { useRef, useState } from 'react';
import { errorText, post, upload } from '../api.js';
import { CameraReader } from '../components/CameraReader.js';
import { Notice } from '../components/Notice.js';
import { formatInstant } from '@scrutin/basics/calendar.js';
import { frInt, plural } from '../format.js';

type QrCheck = { given: string; wellFormed: boolean; matches: boolean; message: string; electionCode?: string; digest?: string };
type Report = {
  signer: string;
  certificateFingerprint: string;
  signingTime: string | null;
  digest: string;
  electionCode: string;
  election: { code: string; name: string; chamber: string; timeZone: string };
  participation: { registeredRights: number; postalAccepted: number; electronicVoters: number };
  setAside: number;
  dualVotes: number;
  contests: { code: string; name: string; urns: { label: string; seats: number; ballots: number; valid: number; elected: string[] }[] }[];
};
/** Which key signed and whether it is the one recorded at this station's sealing (docs/threat-model.md « signer pinning »). */
type Signer = { subject: string; fingerprint: string; pinnedFingerprint: string | null; pinSource: string | null; outcome: 'PINNED' | 'OTHER' | 'NO_PIN'; verdict: string };
type Verification = { valid: boolean; errors: { code: string; message: string }[]; signer: Signer | null; report: Report | null; qr: QrCheck | null };

/** Public page: drop a PV, optionally with the text of its QR code, and see whether signature and content hold. */
export function VerifyScreen() {
  const [file, setFile] = useState<File | null>(null);
  const [qr, setQr] = useState('');
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState(0);
  const [result, setResult] = useState<Verification | null>(null);
  const [qrOnly, setQrOnly] = useState<QrCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const check = async (chosen: File | null = file) => {
    setError(null);
    setResult(null);
    setQrOnly(null);
    setBusy(true);
    try {
      if (chosen) {
        const query = qr.trim() ? '?qr=' + encodeURIComponent(qr.trim()) : '';
        setResult(await upload<Verification>('/api/verify' + query, chosen, 'application/pdf', setProgress));
      } else if (qr.trim()) {
        setQrOnly(await post<QrCheck>('/api/verify/qr', { qr: qr.trim() }));
      } else {
        setError('Déposez un procès-verbal (PDF) ou saisissez le texte de son QR code.');
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const choose = (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    void check(f);
  };

  return (
    <div>
      <div className="page-title">
        <h1>Vérifier un procès-verbal</h1>
        <span className="state">signature électronique, intégrité du fichier et résultats du QR code</span>
      </div>
      <div className="columns">
        <section className="panel" aria-labelledby="verify-input">
          <h2 id="verify-input">Document à vérifier</h2>
          <div
            className={'dropzone' + (over ? ' over' : '')}
            role="button"
            tabIndex={0}
            aria-describedby="drop-help"
            onClick={() => input.current?.click()}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                input.current?.click();
              }
            }}
            onDragOver={(e) => {
              e.preventDefault();
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={(e) => {
              e.preventDefault();
              setOver(false);
              choose(e.dataTransfer.files[0]);
            }}
          >
            <strong>Déposez ici le PDF du procès-verbal</strong>
            <span id="drop-help" className="help">
              ou appuyez sur Entrée pour choisir le fichier (30 Mo au plus)
            </span>
            {file && <span className="help">Fichier : {file.name}</span>}
          </div>
          <input ref={input} type="file" accept="application/pdf,.pdf" hidden aria-label="Fichier PDF du procès-verbal" onChange={(e) => choose(e.target.files?.[0])} data-testid="pdf-input" />
          <label style={{ marginTop: '1rem' }}>
            Texte du QR code (facultatif, commence par SCRUTIN1:)
            <textarea rows={3} className="mono" value={qr} onChange={(e) => setQr(e.target.value)} spellCheck={false} />
          </label>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void check()}>
              Vérifier
            </button>
            <button type="button" className="secondary" aria-pressed={camera} onClick={() => setCamera((v) => !v)}>
              Lire le QR code à la caméra
            </button>
          </div>
          {camera && (
            <CameraReader
              formats="qr"
              onRead={(text) => {
                setQr(text);
                setCamera(false);
              }}
              onClose={() => setCamera(false)}
            />
          )}
          {busy && (
            <div className="progress" role="progressbar" aria-label="Envoi du document" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)} style={{ marginTop: '1rem' }}>
              <div style={{ width: `${Math.round(progress * 100)}%` }} />
            </div>
          )}
        </section>
        <section className="panel" aria-labelledby="verify-result" aria-live="polite">
          <h2 id="verify-result">Résultat</h2>
          {error && <Notice kind="error">{error}</Notice>}
          {!result && !qrOnly && !error && <p className="empty">Aucun document vérifié pour l’instant.</p>}
          {qrOnly && <QrResult check={qrOnly} />}
          {result && <VerificationResult v={result} />}
        </section>
      </div>
    </div>
  );
}

function QrResult({ check }: { check: QrCheck }) {
  return (
    <div data-testid="qr-result">
      <Notice kind={check.matches ? 'ok' : check.wellFormed ? 'info' : 'error'}>{check.message}</Notice>
      {check.wellFormed && (
        <dl className="kv">
          <dt>Scrutin</dt>
          <dd>{check.electionCode}</dd>
          <dt>Empreinte des résultats</dt>
          <dd className="mono">{check.digest}</dd>
        </dl>
      )}
    </div>
  );
}

function VerificationResult({ v }: { v: Verification }) {
  if (!v.valid || !v.report) {
    const otherSigner = v.signer && v.signer.outcome !== 'PINNED' ? v.signer : null;
    return (
      <div data-testid="verify-outcome" data-valid="false">
        <div className="verdict-box tone-error">
          <h2>
            <span aria-hidden="true">✖</span> {otherSigner ? otherSigner.verdict : 'NON VALIDE'}
          </h2>
          <p>Ce document ne doit pas être tenu pour un procès-verbal authentique.</p>
        </div>
        {otherSigner && <SignerFields signer={otherSigner} />}
        <h3>Motif{v.errors.length > 1 ? 's' : ''} du refus</h3>
        <ul>
          {v.errors.map((e) => (
            <li key={e.code}>{e.message}</li>
          ))}
        </ul>
        {v.qr && <QrResult check={v.qr} />}
      </div>
    );
  }
  const r = v.report;
  return (
    <div data-testid="verify-outcome" data-valid="true">
      <div className="verdict-box tone-ok">
        <h2>
          <span aria-hidden="true">✔</span> SIGNATURE VALIDE
        </h2>
        <p>
          Le fichier est intact, signé par le certificat de la commission enregistré au scellement de ce poste, et ses résultats correspondent à l’empreinte
          signée du QR code.
        </p>
      </div>
      {v.qr && <QrResult check={v.qr} />}
      <dl className="kv">
        <dt>Élection</dt>
        <dd>
          {r.election.name} ({r.election.code}) — {r.election.chamber}
        </dd>
        <dt>Signataire</dt>
        <dd>{r.signer}</dd>
        <dt>Signé le</dt>
        <dd>{r.signingTime ? formatInstant(r.signingTime, r.election.timeZone, { seconds: true }) : 'non indiqué'}</dd>
        <dt>Certificat signataire (SHA-256)</dt>
        <dd className="mono">{r.certificateFingerprint}</dd>
        <dt>Certificat enregistré au scellement</dt>
        <dd>{v.signer?.outcome === 'PINNED' ? 'le même (vérifié par ce poste)' : '—'}</dd>
        <dt>Empreinte des résultats</dt>
        <dd className="mono">{r.digest}</dd>
        <dt>Participation</dt>
        <dd>
          {frInt(r.participation.postalAccepted)} par correspondance, {frInt(r.participation.electronicVoters)} par internet, sur {frInt(r.participation.registeredRights)} inscrits
        </dd>
        <dt>Plis mis à part</dt>
        <dd>
          {frInt(r.setAside)} (dont {plural(r.dualVotes, 'double vote', 'doubles votes')})
        </dd>
      </dl>
      {r.contests.map((c) => (
        <details key={c.code}>
          <summary>
            <strong>{c.name}</strong> — élus par catégorie
          </summary>
          <table className="table compact">
            <tbody>
              {c.urns.map((u) => (
                <tr key={u.label}>
                  <th scope="row">{u.label}</th>
                  <td>{u.elected.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </div>
  );
}

function SignerFields({ signer }: { signer: Signer }) {
  return (
    <dl className="kv" data-testid="signer">
      <dt>Signataire déclaré</dt>
      <dd>{signer.subject}</dd>
      <dt>Certificat signataire (SHA-256)</dt>
      <dd className="mono">{signer.fingerprint}</dd>
      <dt>Certificat de la commission enregistré au scellement</dt>
      <dd className="mono">{signer.pinnedFingerprint ?? 'aucun : ce poste n’est pas scellé'}</dd>
    </dl>
  );
}
