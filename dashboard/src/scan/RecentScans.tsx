import { frTime } from '../format.js';
import { lookOf } from './verdicts.js';
import type { ScanAnswer } from './queue.js';

/**
 * The last 20 answers of this station, newest first, in a box of fixed height that scrolls: every line
 * is read whole, its lines wrapping rather than cut short, and the older ones are scrolled to.
 */
export function RecentScans({ scans }: { scans: ScanAnswer[] }) {
  return (
    <section className="panel recent" aria-labelledby="recent-title">
      <h2 id="recent-title">20 dernières lectures</h2>
      {/* Focusable: a box that scrolls must scroll from the keyboard too. */}
      <div className="recent-box" tabIndex={0} role="region" aria-label="Lectures récentes (la liste défile)">
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Heure</th>
              <th scope="col">N°</th>
              <th scope="col">Verdict</th>
              <th scope="col">Destination</th>
            </tr>
          </thead>
          <tbody>
            {scans.length === 0 && (
              <tr>
                <td colSpan={4} className="empty">
                  Aucune lecture sur ce poste pour l’instant.
                </td>
              </tr>
            )}
            {scans.slice(0, 20).map((s, row) => {
              const look = lookOf(s.verdict);
              // Keyed by row: existing rows keep their place, so a new scan moves nothing on screen.
              return (
                <tr key={row} data-scan-id={s.scanId}>
                  <td>{frTime(s.at)}</td>
                  <td>{s.scanId}</td>
                  <td>
                    <span className={'chip tone-' + look.tone}>
                      <span aria-hidden="true">{look.icon}</span> {look.word}
                    </span>
                  </td>
                  <td className="destination">{s.verdict === 'ACCEPTED' && s.urns?.length ? s.urns.map((u) => u.label).join(' · ') : look.destination}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
