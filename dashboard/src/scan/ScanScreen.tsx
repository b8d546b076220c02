import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { normaliseRead } from '@scrutin/domain/read-text.js';
import { scanModeOf, STATE_LABELS, type ElectionState } from '@scrutin/domain/lifecycle.js';
import type { PhysicalDefect } from '@scrutin/domain/verdict.js';
import { BrowserWedgeScanner } from '@scrutin/domain/wedge/browser-wedge.js';
import { defaultWedgeOptions } from '@scrutin/domain/wedge/keyboard-wedge.js';
import { get, post, type SessionView } from '../api.js';
import { CameraReader } from '../components/CameraReader.js';
import { Notice } from '../components/Notice.js';
import { useCounters } from '../components/useCounters.js';
import { frInt } from '../format.js';
import { ScanQueue, type Outcome, type PendingScan, type QueueState, type ScanAnswer } from './queue.js';
import { RecentScans } from './RecentScans.js';
import { playSound } from './sounds.js';
import { VerdictPanel, type PanelContent } from './VerdictPanel.js';
import { DEFECTS, lookOf } from './verdicts.js';

const queueKey = (stationId: string) => `scrutin.pending.${stationId}`;

export function ScanScreen({ session }: { session: SessionView }) {
  const [shown, setShown] = useState<{ seq: number; content: PanelContent }>({ seq: 0, content: { kind: 'idle' } });
  // Each verdict gets fresh nodes: text of a reused node that moves counts as a layout shift.
  const setPanel = useCallback((content: PanelContent) => setShown((s) => ({ seq: s.seq + 1, content })), []);
  const [recent, setRecent] = useState<ScanAnswer[]>([]);
  const [queueState, setQueueState] = useState<QueueState>({ pending: 0, retrying: false, lastError: null, nextRetryAt: null });
  const [defect, setDefect] = useState<PhysicalDefect | null>(null);
  const [late, setLate] = useState(false);
  const [manual, setManual] = useState('');
  const [manualEmpty, setManualEmpty] = useState(false);
  const [camera, setCamera] = useState(false);
  // What the scanner itself needs fixing (a keyboard layout), kept on screen until the page reloads.
  const [scannerNotice, setScannerNotice] = useState<string | null>(null);
  const { counters, live } = useCounters();
  const manualRef = useRef<HTMLInputElement>(null);
  const armed = useRef({ defect, late });
  armed.current = { defect, late };

  const onOutcome = useCallback((o: Outcome) => {
    if (o.kind === 'refused') {
      playSound('rescan');
      setPanel({ kind: 'refused', barcode: o.item.barcode, message: o.error.message });
      return;
    }
    const { answer } = o;
    playSound(lookOf(answer.verdict).sound);
    setPanel({ kind: 'answer', answer, barcode: o.item.barcode });
    // A replayed answer replaces its first line: one scan, one line, whatever the retries.
    setRecent((list) => [answer, ...list.filter((s) => s.scanId !== answer.scanId)].slice(0, 20));
  }, [setPanel]);

  const queue = useMemo(
    () =>
      new ScanQueue(
        queueKey(session.stationId),
        (item: PendingScan) =>
          post<ScanAnswer>('/api/scans', {
            requestId: item.requestId,
            barcode: item.barcode,
            ...(item.defect ? { defect: item.defect } : {}),
            ...(item.late ? { late: true } : {}),
            source: 'tableau de bord',
            readAt: item.queuedAt,
          }),
        onOutcome,
        setQueueState,
      ),
    [session.stationId, onOutcome],
  );

  useEffect(() => {
    queue.start();
    const online = () => queue.retryNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      queue.stop();
    };
  }, [queue]);

  useEffect(() => {
    void get<{ scans: ScanAnswer[] }>('/api/scans/recent')
      .then((r) => setRecent((list) => [...list, ...r.scans.filter((s) => !list.some((l) => l.scanId === s.scanId))].slice(0, 20)))
      .catch(() => undefined);
  }, []);

  const submit = useCallback(
    (raw: string) => {
      // the same normalisation as every scanner path and the station (AIM identifier, controls, case)
      const barcode = normaliseRead(raw);
      if (!barcode) return;
      queue.enqueue(barcode, armed.current.defect, armed.current.late);
      setDefect(null);
      setLate(false);
      setManualEmpty(false);
    },
    [queue],
  );

  useEffect(() => {
    if (queueState.retrying && queue.pending[0]) setPanel({ kind: 'waiting', barcode: queue.pending[0].barcode, pending: queueState.pending });
  }, [queueState, queue, setPanel]);

  // A slow (e.g. Bluetooth) scanner may need a longer pause between keystrokes: a setting of this browser.
  useEffect(() => {
    const scanner = new BrowserWedgeScanner(window, { maxGapMs: Number(localStorage.getItem('scrutin.wedge.maxGapMs')) || defaultWedgeOptions.maxGapMs });
    const off = scanner.on('read', (read) => {
      if (read.notice) setScannerNotice(read.notice);
      submit(read.text);
    });
    void scanner.start();
    return () => {
      off();
      void scanner.stop();
    };
  }, [submit]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setDefect(null);
        setLate(false);
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const key = e.key.toLowerCase();
      const d = DEFECTS.find((x) => x.key === key);
      if (d) setDefect((cur) => (cur === d.code ? null : d.code));
      else if (key === 'r') setLate((v) => !v);
      else if (key === 'm') manualRef.current?.focus();
      else if (key === 'c') setCamera((v) => !v);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onManual = (e: FormEvent) => {
    e.preventDefault();
    // Nothing to read (empty, or spaces and control characters only): said, not silently ignored.
    if (!normaliseRead(manual)) {
      setManualEmpty(true);
      manualRef.current?.focus();
      return;
    }
    setManualEmpty(false);
    submit(manual);
    setManual('');
    // Back to the wedge: the next envelope needs no click. The field may be below the fold on a small screen
    // (Alt+M scrolled to it): back to the top, where the verdict shows.
    manualRef.current?.blur();
    window.scrollTo({ top: 0 });
  };

  const mine = counters?.byStation.find((s) => s.stationId === session.stationId);
  // The station pushes each change of state: once scanning is closed the screen says so at once, not after a refused scan.
  const closedIn = counters && scanModeOf(counters.state as ElectionState) === null ? (STATE_LABELS[counters.state as ElectionState] ?? counters.state) : null;
  const armedText = defect ? DEFECTS.find((d) => d.code === defect)!.label : late ? 'Pli hors délai (cachet postérieur à la clôture)' : null;

  return (
    <div className="scan-screen">
      <VerdictPanel key={shown.seq} content={shown.content} closedIn={closedIn} />
      <div className="scan-grid">
        <section className="panel scan-controls" aria-labelledby="controls-title">
          <h2 id="controls-title" className="visually-hidden">
            Commandes de numérisation
          </h2>
          <div className={'queue-status' + (queueState.pending > 0 ? ' queue-busy' : '')} role="status" data-pending={queueState.pending}>
            {queueState.pending > 0 ? (
              <>
                <span aria-hidden="true">◷</span>
                {/* Keyed apart from the other state's words: new words in one line, not the old line moved (a layout shift). */}
                <span key="busy">En attente de réseau : {queueState.pending} lecture(s)</span>
                {/* One short word: the status line keeps its height (no layout shift) with the button beside. */}
                <button type="button" className="link" aria-label="Réessayer maintenant" onClick={() => queue.retryNow()}>
                  Réessayer
                </button>
              </>
            ) : (
              <>
                <span aria-hidden="true">✔</span>
                <span key="saved">Toutes les lectures sont enregistrées par la station</span>
              </>
            )}
          </div>
          <div className={'armed' + (armedText ? ' armed-on' : '')} role="status">
            {armedText ? (
              <>
                {/* The words in one box beside the icon: they wrap as a sentence, not as separate columns. */}
                <span aria-hidden="true">⚠</span>
                <span>
                  Prochain pli mis à part : <strong>{armedText}</strong> — Échap pour annuler
                </span>
              </>
            ) : (
              'Prochain pli : lecture normale'
            )}
          </div>
          {scannerNotice && (
            <div className="armed armed-on scanner-notice" role="alert">
              <span aria-hidden="true">⚠</span>
              <span>{scannerNotice}</span>
            </div>
          )}
          <fieldset className="defects">
            <legend>Mettre à part le prochain pli pour un défaut physique</legend>
            {DEFECTS.map((d) => (
              <button key={d.code} type="button" className="toggle" aria-pressed={defect === d.code} aria-keyshortcuts={'Alt+' + d.key.toUpperCase()} onClick={() => setDefect((c) => (c === d.code ? null : d.code))}>
                {d.label} <kbd>Alt+{d.key.toUpperCase()}</kbd>
              </button>
            ))}
            <button type="button" className="toggle" aria-pressed={late} aria-keyshortcuts="Alt+R" onClick={() => setLate((v) => !v)}>
              Hors délai <kbd>Alt+R</kbd>
            </button>
          </fieldset>
          <form className="manual" onSubmit={onManual}>
            <label htmlFor="manual-barcode">
              Saisie manuelle du code <kbd>Alt+M</kbd>
            </label>
            <div className="inline">
              <input
                id="manual-barcode"
                ref={manualRef}
                value={manual}
                onChange={(e) => {
                  setManual(e.target.value);
                  setManualEmpty(false);
                }}
                autoComplete="off"
                spellCheck={false}
                placeholder="CCIGO26-0000012-…"
                aria-invalid={manualEmpty || undefined}
                aria-describedby={manualEmpty ? 'manual-empty' : undefined}
              />
              <button type="submit" className="primary">
                Valider
              </button>
              <button type="button" className="secondary" aria-pressed={camera} aria-keyshortcuts="Alt+C" onClick={() => setCamera((v) => !v)}>
                Caméra <kbd>Alt+C</kbd>
              </button>
            </div>
            {manualEmpty && (
              <div id="manual-empty">
                <Notice kind="error">Tapez le code-barres imprimé sur le pli, puis Entrée.</Notice>
              </div>
            )}
          </form>
          {camera && <CameraReader formats="barcode" onRead={submit} onClose={() => setCamera(false)} />}
        </section>
        <RecentScans scans={recent} />
        <section className="panel counters" aria-labelledby="counters-title">
          <h2 id="counters-title">
            Compteurs {live ? <span className="live">● en direct</span> : <span className="stale">○ reconnexion…</span>}
          </h2>
          <dl className="stats">
            <div>
              <dt>Lectures du poste {session.stationId}</dt>
              <dd>{frInt(mine?.scans ?? 0)}</dd>
            </div>
            <div>
              <dt>Acceptés par ce poste</dt>
              <dd>{frInt(mine?.accepted ?? 0)}</dd>
            </div>
            <div>
              <dt>Plis émargés (tous postes)</dt>
              <dd>{frInt(counters?.totals.postalAccepted ?? 0)}</dd>
            </div>
            <div>
              <dt>Plis mis à part</dt>
              <dd>{frInt(counters?.totals.setAside ?? 0)}</dd>
            </div>
            <div>
              <dt>Doubles votes à confirmer</dt>
              <dd>{frInt(counters?.pendingElectronicPriority ?? 0)}</dd>
            </div>
          </dl>
        </section>
      </div>
    </div>
  );
}
