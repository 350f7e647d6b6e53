/**
 * Finds states by anything they show or say (search-match.ts): matching boxes are outlined, Enter
 * centres and selects the first match (an exact id first), Escape clears.
 */
import { useId } from 'react';

interface CanvasSearchProps {
  value: string;
  onChange: (value: string) => void;
  /** Ids of the states that match, best first (rankMatches). */
  matches: string[];
  /** Every state id, offered as suggestions. */
  stateIds: string[];
  onReveal: (id: string) => void;
}

export function CanvasSearch({ value, onChange, matches, stateIds, onReveal }: CanvasSearchProps) {
  const id = useId();
  const term = value.trim().toLowerCase();
  const first = matches[0];
  return (
    <div className="canvas-search" role="search">
      <label htmlFor={id} className="visually-hidden">
        Find a state
      </label>
      <input
        id={id}
        type="search"
        placeholder="Find a block, words, a number…"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && first) onReveal(first);
          if (event.key === 'Escape') onChange('');
        }}
        list={`${id}-states`}
        aria-describedby={`${id}-count`}
      />
      <datalist id={`${id}-states`}>
        {stateIds.slice(0, 500).map((state) => (
          <option key={state} value={state} />
        ))}
      </datalist>
      <span id={`${id}-count`} className="search-count" aria-live="polite">
        {term ? `${matches.length} match${matches.length === 1 ? '' : 'es'}` : ''}
      </span>
    </div>
  );
}
