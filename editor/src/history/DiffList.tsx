/**
 * What changed between the two sides compared, one line per change in plain words, marked added,
 * removed or changed like the boxes on the canvas; a line about a state on the canvas reveals it.
 * States the newer side removed are listed, since the canvas cannot show them.
 */
import type { DiffView } from './diff-view.ts';

interface DiffListProps {
  title: string;
  view?: DiffView;
  error?: string;
  /** States drawn on the canvas (a line about another state has nothing to reveal). */
  onCanvas: (stateId: string) => boolean;
  onReveal: (stateId: string) => void;
}

export function DiffList({ title, view, error, onCanvas, onReveal }: DiffListProps) {
  return (
    <section className="history-diff" aria-label="Changes">
      <h3>{title}</h3>
      {error && (
        <p className="notice is-error" role="alert">
          The changes cannot be shown: {error}
        </p>
      )}
      {!view && !error && <p className="notice">Reading the changes…</p>}
      {view && !view.entries.length && <p className="notice">Nothing that matters to a call changed.</p>}
      {view && view.entries.length > 0 && (
        <ul className="diff-list">
          {view.entries.map((entry, index) => {
            const target = entry.states.find(onCanvas);
            return (
              <li key={index} className={entry.mark ? `diff-entry is-${entry.mark}` : 'diff-entry'} data-states={entry.states.join(' ')}>
                {target ? (
                  <button type="button" className="link" onClick={() => onReveal(target)} title={`Show ${target} on the canvas`}>
                    {entry.sentence}
                  </button>
                ) : (
                  <span>{entry.sentence}</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {view && view.removed.length > 0 && (
        <p className="diff-removed">
          No longer in the flow:{' '}
          {view.removed.map((id, index) => (
            <span key={id}>
              {index ? ', ' : ''}
              <code>{id}</code>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
