/**
 * The side panel's tabs. A tab's content is created when first shown and then kept (hidden), so
 * the code editor loads only when wanted and keeps its cursor, and a running simulation keeps
 * running while the inspector is open.
 */
import { useState, type ReactNode } from 'react';

export type Tab = 'inspector' | 'code' | 'simulate' | 'tests' | 'problems' | 'history';

const LABELS: Record<Tab, string> = {
  inspector: 'Inspector',
  code: 'Code',
  simulate: 'Simulate',
  tests: 'Tests',
  problems: 'Problems',
  history: 'History',
};

interface SidePanelProps {
  tab: Tab;
  onTab: (tab: Tab) => void;
  problemCount: number;
  children: Record<Tab, ReactNode>;
}

export function SidePanel({ tab, onTab, problemCount, children }: SidePanelProps) {
  const [shown, setShown] = useState<Set<Tab>>(new Set([tab]));
  if (!shown.has(tab)) setShown(new Set([...shown, tab]));
  const tabs = Object.keys(LABELS) as Tab[];
  return (
    // `nokey`: React Flow's keys (Space to pan, Delete) never act on what is typed here.
    <aside className="sidepanel nokey" aria-label="Side panel">
      <div role="tablist" aria-label="Panels" className="tabs">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => onTab(name)}
            onKeyDown={(event) => {
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              const next = tabs[(tabs.indexOf(name) + step + tabs.length) % tabs.length];
              onTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {LABELS[name]}
            {name === 'problems' && problemCount > 0 && <span className="count"> ({problemCount})</span>}
          </button>
        ))}
      </div>
      {tabs.map((name) => (
        <div key={name} role="tabpanel" id={`panel-${name}`} aria-labelledby={`tab-${name}`} hidden={tab !== name} className={`panel panel-${name}`}>
          {shown.has(name) && children[name]}
        </div>
      ))}
    </aside>
  );
}
