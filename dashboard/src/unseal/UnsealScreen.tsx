import { useRef, useState } from 'react';
import type { UnsealingStatus, UrnIntegrity } from '@scrutin/contract/counting-types.js';
import { ApiError, get, post, upload } from '../api.js';
import { FileField } from '../components/FileField.js';
import { Notice } from '../components/Notice.js';
import { useAction, useLoad } from '../components/useAsync.js';
import { frDateTime, frInt, plural } from '../format.js';
import type { SessionView } from '../api.js';

const STATE_TEXT: Record<UnsealingStatus['state'], string> = {
  NO_URN: 'Aucune urne chargée',
  AWAITING_HOLDERS: 'En attente des détenteurs de clé',
  READY_TO_COMBINE: 'Deux parts apportées : combinaison à faire',
  COMBINED: 'Descellement terminé',
  TALLY_FROM_FILE: 'Dépouillement électronique chargé depuis un fichier signé',
};

function IntegrityPanel({ integrity }: { integrity: UrnIntegrity }) {
  return (
    <section className="panel" aria-labelledby="unseal-integrity">
      <h2 id="unseal-integrity">Contrôle d’intégrité de l’urne</h2>
      {integrity.valid ? (
        <Notice kind="ok">Urne intègre : sceau et signature de la plateforme enregistrée au scellement, chaque preuve, candidats et émargement électronique vérifiés.</Notice>
      ) : (
        <Notice kind="error">Urne rejetée : aucun descellement possible.</Notice>
      )}
      <dl className="kv">
        <dt>Bulletins</dt>
        <dd>{frInt(integrity.ballotCount)}</dd>
        <dt>Clôture du vote</dt>
        <dd data-testid="vote-closes">{frDateTime(integrity.voteClosesAt)}</dd>
        <dt>Urne arrêtée par la plateforme</dt>
        <dd>{integrity.closedAt ? frDateTime(integrity.closedAt) : '—'}</dd>
        <dt>Racine de Merkle</dt>
        <dd className="mono">{integrity.merkleRoot}</dd>
        <dt>SHA-256 du fichier</dt>
        <dd className="mono">{integrity.fileSha256}</dd>
        <dt>Clé de la plateforme</dt>
        <dd className="mono">{integrity.platformKeyFingerprint}</dd>
      </dl>
      <table className="table compact">
        <caption>Bulletins par urne et émargement électronique (invariant 5)</caption>
        <thead>
          <tr>
            <th scope="col">Urne</th>
            <th scope="col" className="num">Bulletins</th>
            <th scope="col" className="num">Émargements</th>
          </tr>
        </thead>
        <tbody>
          {integrity.urns.map((u) => (
            <tr key={u.urnId}>
              <th scope="row">{u.label}</th>
              <td className="num">{frInt(u.ballots)}</td>
              <td className="num">{frInt(u.electronicVoters)} {u.ballots === u.electronicVoters ? '✔' : '✖'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {integrity.problems.length > 0 && (
        <ul>
          {integrity.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TallyPanel({ tally }: { tally: NonNullable<UnsealingStatus['tally']> }) {
  return (
    <section className="panel" aria-labelledby="unseal-tally">
      <h2 id="unseal-tally">Dépouillement électronique (détenteurs {tally.holders.join(' et ')})</h2>
      <div className="columns">
        {tally.urns.map((u) => (
          <table className="table compact" key={u.urnId}>
            <caption>
              <strong>{u.label}</strong>
              <br />
              {plural(u.ballots, 'bulletin', 'bulletins')} dont {plural(u.blank, 'blanc', 'blancs')}
            </caption>
            <thead>
              <tr>
                <th scope="col">Candidat</th>
                <th scope="col" className="num">Voix</th>
              </tr>
            </thead>
            <tbody>
              {u.candidates.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td className="num">{frInt(c.votes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <p className="help">
        Ces résultats sont transmis au dépouillement (onglet « Résultats »). Le fichier vérifiable par tous :{' '}
        <a href="/api/unseal/tally" download="depouillement-electronique.json">dépouillement électronique (JSON)</a>, à contrôler avec <code>scrutin-verify-urn</code>.
      </p>
    </section>
  );
}

/** One holder: the share file and the passphrase, kept in this form only until it is sent. */
function ContributionForm({ onDone }: { onDone: (s: UnsealingStatus) => Promise<void> }) {
  const shareInput = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  // A new key remounts the file field: emptied, and its shown file name with it.
  const [attempt, setAttempt] = useState(0);
  const action = useAction();
  const send = () =>
    action.run(async () => {
      const file = shareInput.current?.files?.[0];
      if (!file) throw new ApiError(0, 'NO_FILE', 'Choisissez d’abord votre fichier de part de clé (share.vault.json).');
      if (!passphrase) throw new ApiError(0, 'NO_PASSPHRASE', 'Tapez votre phrase secrète.');
      let share: unknown;
      try {
        share = JSON.parse(await file.text());
      } catch {
        throw new ApiError(0, 'BAD_SHARE', 'Ce fichier n’est pas une part de clé (JSON illisible).');
      }
      try {
        const status = await post<UnsealingStatus>('/api/unseal/contributions', { share, passphrase });
        await onDone(status);
        return status.state === 'COMBINED' ? 'Part acceptée : l’urne est descellée.' : 'Part acceptée. Il faut maintenant un second détenteur.';
      } finally {
        // The passphrase does not outlive the attempt, whatever its outcome.
        setPassphrase('');
        setAttempt((n) => n + 1);
      }
    });
  return (
    <section className="panel" aria-labelledby="unseal-contribute">
      <h2 id="unseal-contribute">Apporter ma part de clé</h2>
      {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
      <p className="help">La part est ouverte en mémoire pour un déchiffrement partiel prouvé, puis oubliée : ni la part ni la phrase secrète ne sont enregistrées.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <FileField key={attempt} id="unseal-share-file" label="Fichier de part de clé" accept=".json,application/json" inputRef={shareInput} />
        <label>
          Phrase secrète
          <input type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Déchiffrement partiel…' : 'Apporter ma part'}
        </button>
      </form>
    </section>
  );
}

function UrnUpload({ onDone }: { onDone: () => Promise<void> }) {
  const file = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const action = useAction();
  const send = () =>
    action.run(async () => {
      const f = file.current?.files?.[0];
      if (!f) throw new ApiError(0, 'NO_FILE', 'Choisissez d’abord le fichier d’urne remis par la plateforme.');
      setProblems([]);
      setProgress(0);
      try {
        await upload<UnsealingStatus>('/api/unseal/urn', f, 'application/x-ndjson', setProgress);
        await onDone();
        return 'Urne contrôlée et chargée : les détenteurs peuvent apporter leur part.';
      } catch (e) {
        if (e instanceof ApiError && Array.isArray(e.details)) setProblems(e.details.map(String));
        throw e;
      } finally {
        setProgress(null);
      }
    });
  return (
    <section className="panel" aria-labelledby="unseal-urn">
      <h2 id="unseal-urn">Charger l’urne électronique</h2>
      {action.message && <Notice kind={action.message.kind}>{action.message.text}</Notice>}
      <p className="help">Le fichier est contrôlé publiquement avant tout déchiffrement (article 12) : sceau, signature, chaque preuve, candidats, émargement.</p>
      <FileField id="unseal-urn-file" label="Fichier d’urne (JSON Lines)" accept=".jsonl,.json,application/x-ndjson" inputRef={file} />
      <button type="button" className="primary" disabled={action.busy} onClick={() => void send()}>
        {action.busy ? 'Contrôle en cours…' : 'Contrôler et charger'}
      </button>
      {progress !== null && (
        <div className="progress" role="progressbar" aria-label="Envoi de l’urne" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)}>
          <div style={{ width: `${Math.round(progress * 100)}%` }} />
        </div>
      )}
      {problems.length > 0 && (
        <ul aria-label="Anomalies de l’urne">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** « Descellement » : two of the three key holders unseal the electronic urn (art. 12, invariant 7). */
export function UnsealScreen({ session }: { session: SessionView }) {
  const status = useLoad(() => get<UnsealingStatus>('/api/unseal'));
  const [combinationError, setCombinationError] = useState<string | null>(null);
  const combine = useAction();
  const roles = session.user.roles;
  const isHolder = roles.includes('key_holder') || roles.includes('president');
  const s = status.data;
  const holders = s ? new Set(s.contributions.map((c) => c.holder)).size : 0;
  const mine = s?.contributions.some((c) => c.login === session.user.login) ?? false;

  return (
    <div>
      <div className="page-title">
        <h1>Descellement de l’urne électronique</h1>
        {s && <span className="badge">{STATE_TEXT[s.state]}</span>}
      </div>
      {status.error && <Notice kind="error">{status.error}</Notice>}
      {combinationError && <Notice kind="error">Combinaison refusée : {combinationError}</Notice>}
      {s && (
        <>
          <section className="panel" aria-labelledby="unseal-progress">
            <h2 id="unseal-progress">Détenteurs : {holders} sur {s.threshold}</h2>
            <div className="progress" role="progressbar" aria-label="Parts apportées" aria-valuemin={0} aria-valuemax={s.threshold} aria-valuenow={Math.min(holders, s.threshold)}>
              <div style={{ width: `${(100 * Math.min(holders, s.threshold)) / s.threshold}%` }} />
            </div>
            {s.contributions.length === 0 ? (
              <p className="empty">Aucune part apportée. Aucun résultat n’existe avant la seconde part.</p>
            ) : (
              <ul>
                {s.contributions.map((c) => (
                  <li key={c.holder}>
                    Détenteur {c.holder} — {c.login}, {frDateTime(c.at)}
                  </li>
                ))}
              </ul>
            )}
            {s.state === 'READY_TO_COMBINE' && roles.includes('president') && (
              <button
                type="button"
                className="primary"
                disabled={combine.busy}
                onClick={() =>
                  void combine.run(async () => {
                    await post('/api/unseal/combine');
                    await status.reload();
                    return 'Dépouillement combiné et chargé.';
                  })
                }
              >
                Combiner les deux parts
              </button>
            )}
            {combine.message && <Notice kind={combine.message.kind}>{combine.message.text}</Notice>}
          </section>
          {/* Once combined, the result is what the commission reads: before the integrity report it follows from. */}
          {s.tally && <TallyPanel tally={s.tally} />}
          {s.integrity && <IntegrityPanel integrity={s.integrity} />}
          {s.state === 'NO_URN' && isHolder && <UrnUpload onDone={status.reload} />}
          {s.state === 'AWAITING_HOLDERS' && isHolder && !mine && (
            <ContributionForm
              onDone={async (next) => {
                setCombinationError(next.combinationError?.message ?? null);
                await status.reload();
              }}
            />
          )}
          {s.state === 'AWAITING_HOLDERS' && mine && <Notice kind="info">Votre part est apportée. Le second détenteur doit se connecter avec son propre compte.</Notice>}
        </>
      )}
    </div>
  );
}
