import type { KeyboardEvent, ReactNode } from 'react';

export type Tab<Id extends string> = { id: Id; label: string; extra?: ReactNode };

/**
 * The WAI-ARIA tab list every multi-step screen uses: one tab in the Tab order, arrow keys
 * move between tabs (wrapping) and focus follows; panels are `panel-<id>` labelled by `tab-<id>`.
 */
export function TabList<Id extends string>(props: { label: string; tabs: readonly Tab<Id>[]; selected: Id; onSelect: (id: Id) => void }) {
  const { tabs, selected, onSelect } = props;
  const onKey = (e: KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    const t = tabs[(next + tabs.length) % tabs.length]!;
    onSelect(t.id);
    document.getElementById('tab-' + t.id)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={props.label}>
      {tabs.map((t, i) => (
        <button
          key={t.id}
          id={'tab-' + t.id}
          type="button"
          role="tab"
          aria-selected={selected === t.id}
          aria-controls={'panel-' + t.id}
          tabIndex={selected === t.id ? 0 : -1}
          onClick={() => onSelect(t.id)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {t.label}
          {t.extra}
        </button>
      ))}
    </div>
  );
}
