import { PHYSICAL_DEFECTS, type PhysicalDefect, type VerdictKind } from '@scrutin/domain/verdict.js';
import type { SetAsideEnvelope } from '@scrutin/contract/scanning-types.js';
import { frDateTime, frInt } from '../format.js';
import { VERDICT_NAMES } from '../scan/verdicts.js';
import type { Queue } from './PresidentScreen.js';

const reasonOf = (e: SetAsideEnvelope) => (e.verdict === 'DEFECT' && e.defect ? `Défaut : ${PHYSICAL_DEFECTS[e.defect as PhysicalDefect] ?? e.defect}` : VERDICT_NAMES[e.verdict as VerdictKind] ?? e.verdict);

/** Every envelope set aside, grouped by reason, as the PV's annex will list them. */
export function SetAsideList({ queue }: { queue: Queue | null }) {
  const groups = new Map<string, SetAsideEnvelope[]>();
  for (const e of queue?.envelopes ?? []) groups.set(reasonOf(e), [...(groups.get(reasonOf(e)) ?? []), e]);
  if (groups.size === 0) return <p className="panel empty">Aucun pli mis à part pour l’instant.</p>;
  return (
    <div className="columns wide">
      {[...groups.entries()].map(([reason, list]) => (
        <section className="panel" key={reason} aria-label={reason}>
          <h2>
            {reason} : {frInt(list.length)}
          </h2>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Lecture</th>
                <th scope="col">Qualité</th>
                <th scope="col">Poste</th>
                <th scope="col">Lu le</th>
                <th scope="col">Statut</th>
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr key={e.scanId}>
                  <td>n° {e.scanId}</td>
                  <td>{e.quality ?? '—'}</td>
                  <td>{e.stationId}</td>
                  <td>{frDateTime(e.scannedAt)}</td>
                  <td>{e.reversed ? 'émargé sur décision' : e.confirmedAt ? 'confirmé' : 'à examiner'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
