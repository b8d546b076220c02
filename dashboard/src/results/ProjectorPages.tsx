import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PublishedResults } from '@scrutin/contract/results-types.js';
import { resultsStatus, UrnResultsTable } from '../counting/ResultsTables.js';
import { contestTitle } from '../contest-title.js';

const DEFAULT_ROTATION_MS = 10_000;
/** Height of one line of the projector's compact tables, in rem (measured: 31 px at 18 px; a margin kept). */
const LINE_REM = 1.8;

type Placed = { contest: PublishedResults['contests'][number]; urn: PublishedResults['contests'][number]['urns'][number] };

/** Lines an urn takes: contest, title and sources, the ballots table (header and four rows), the candidates and their header, the frame. */
const linesOf = ({ urn }: Placed): number => 3 + 5 + urn.candidates.length + 1 + 1;

/**
 * Cuts the urns into pages that fit `budget` lines: rows of `columns` urns side by side, as many rows as
 * fit, at least one row a page. Pure, so that a large urn gets a page of its own instead of running off the screen.
 */
export function paginate(urns: Placed[], budget: number, columns: number): Placed[][] {
  const pages: Placed[][] = [];
  let page: Placed[] = [];
  let used = 0;
  for (let i = 0; i < urns.length; i += columns) {
    const row = urns.slice(i, i + columns);
    const height = Math.max(...row.map(linesOf));
    if (page.length > 0 && used + height > budget) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(...row);
    used += height;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** The grid's room: lines left under its top edge in the window, for the current font size, and its columns. */
function roomOf(grid: HTMLElement | null): { lines: number; columns: number } {
  if (!grid) return { lines: Infinity, columns: 1 };
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return {
    lines: Math.floor((window.innerHeight - grid.getBoundingClientRect().top - rem) / (LINE_REM * rem)),
    columns: Math.max(1, getComputedStyle(grid).gridTemplateColumns.split(' ').length),
  };
}

/**
 * How long each page stays up: `#/resultats?rotation=<ms>` (at least 200 ms) for a rehearsal or a test,
 * ten seconds otherwise, long enough to read one urn's seats from the back of the room.
 */
function rotationMs(): number {
  const asked = Number(new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('rotation'));
  return Number.isFinite(asked) && asked >= 200 ? asked : DEFAULT_ROTATION_MS;
}

/**
 * The votes and seats of every urn, a page at a time, turning by itself: twelve urns are three screens
 * high, and no one scrolls a projector. Space pauses and resumes, the arrows turn the pages; focus on
 * the controls pauses too, so a keyboard user is never raced by the rotation.
 */
export function ProjectorPages({ results }: { results: PublishedResults }) {
  const urns = results.contests.flatMap((c) => c.urns.map((urn) => ({ contest: c, urn })));
  const grid = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState({ lines: Infinity, columns: 1 });
  // The room is measured, not assumed: the header hides in projection mode and screens differ.
  useLayoutEffect(() => {
    const measure = () =>
      setRoom((r) => {
        const now = roomOf(grid.current);
        return now.lines === r.lines && now.columns === r.columns ? r : now;
      });
    measure();
    window.addEventListener('resize', measure);
    const observer = new MutationObserver(measure);
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    return () => {
      window.removeEventListener('resize', measure);
      observer.disconnect();
    };
  }, []);
  const paged = paginate(urns, room.lines, room.columns);
  const pages = Math.max(1, paged.length);
  const [page, setPage] = useState(0);
  const [paused, setPaused] = useState(false);
  const [focused, setFocused] = useState(false);
  const controls = useRef<HTMLDivElement>(null);
  const shown = page % pages;

  useEffect(() => {
    if (paused || focused || pages < 2) return;
    const timer = setTimeout(() => setPage((p) => (p + 1) % pages), rotationMs());
    return () => clearTimeout(timer);
  }, [shown, pages, paused, focused]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.altKey || e.ctrlKey || e.metaKey) return;
      // A focused button answers Space itself (click): only the page's own Space is ours.
      if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        setPaused((v) => !v);
      } else if (e.key === 'ArrowRight') setPage((p) => (p + 1) % pages);
      else if (e.key === 'ArrowLeft') setPage((p) => (p + pages - 1) % pages);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pages]);

  const onPage = paged[shown] ?? [];
  return (
    <section className="projector" aria-labelledby="votes-title" data-page={shown + 1} data-pages={pages}>
      <div className="projector-head">
        <h2 id="votes-title" className="results-section-title">
          Voix et sièges
        </h2>
        <p className="lead">{resultsStatus(results)}</p>
        <div
          className="projector-controls"
          ref={controls}
          onFocus={() => setFocused(true)}
          onBlur={(e) => setFocused(controls.current?.contains(e.relatedTarget as Node | null) ?? false)}
        >
          <button type="button" className="secondary" aria-label="Page précédente" onClick={() => setPage((p) => (p + pages - 1) % pages)}>
            ◀
          </button>
          <span className="projector-page" data-testid="projector-page">
            page {shown + 1}/{pages}
          </span>
          <button type="button" className="secondary" aria-label="Page suivante" onClick={() => setPage((p) => (p + 1) % pages)}>
            ▶
          </button>
          <button type="button" className="secondary" aria-pressed={paused} onClick={() => setPaused((v) => !v)}>
            {paused ? 'Reprendre' : 'Pause'} <kbd>Espace</kbd>
          </button>
        </div>
      </div>
      <div className="projector-grid" ref={grid}>
        {onPage.map(({ contest, urn }) => (
          <div key={urn.id} className="projector-urn" data-urn={urn.id}>
            <p className="projector-contest">{contestTitle(contest)}</p>
            <UrnResultsTable urn={urn} />
          </div>
        ))}
      </div>
    </section>
  );
}
