/** Finds a state by id: matching boxes are outlined, Enter centres and selects the first match. */
import { useId } from 'react';
import type { StateNode } from './flow-to-graph.ts';

interface CanvasSearchProps {
  value: string;
  onChange: (value: string) => void;
  nodes: StateNode[];
  onReveal: (id: string) => void;
}

export function CanvasSearch({ value, onChange, nodes, onReveal }: CanvasSearchProps) {
  const id = useId();
  const term = value.trim().toLowerCase();
  const matches = term ? nodes.filter((node) => node.id.toLowerCase().includes(term)) : [];
  const exact = matches.find((node) => node.id.toLowerCase() === term) ?? matches[0];
  return (
    <div className="canvas-search" role="search">
      <label htmlFor={id} className="visually-hidden">
        Find a state
      </label>
      <input
        id={id}
        type="search"
        placeholder="Find a state…"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && exact) onReveal(exact.id);
          if (event.key === 'Escape') onChange('');
        }}
        list={`${id}-states`}
        aria-describedby={`${id}-count`}
      />
      <datalist id={`${id}-states`}>
        {nodes.slice(0, 500).map((node) => (
          <option key={node.id} value={node.id} />
        ))}
      </datalist>
      <span id={`${id}-count`} className="search-count" aria-live="polite">
        {term ? `${matches.length} match${matches.length === 1 ? '' : 'es'}` : ''}
      </span>
    </div>
  );
}
