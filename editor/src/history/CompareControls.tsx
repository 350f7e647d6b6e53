/** Two sides to compare, chosen from the versions (and the draft, when there is one), and a "draft vs live" shortcut. */
import type { DiffSide, VersionSummary } from './history-api.ts';
import type { Comparison } from './use-version-diff.ts';

interface CompareControlsProps {
  versions: VersionSummary[];
  hasDraft: boolean;
  live?: number;
  comparison?: Comparison;
  onCompare: (comparison: Comparison) => void;
}

const parse = (value: string): DiffSide => (value === 'draft' ? 'draft' : Number(value));

export function CompareControls({ versions, hasDraft, live: liveNumber, comparison, onCompare }: CompareControlsProps) {
  if (!versions.length) return null;
  const live = liveNumber ?? versions[0].number;
  const from = comparison?.from ?? versions[1]?.number ?? live;
  const to = comparison?.to ?? live;
  const options = (
    <>
      {hasDraft && <option value="draft">the draft</option>}
      {versions.map((version) => (
        <option key={version.number} value={version.number}>
          version {version.number}
        </option>
      ))}
    </>
  );
  return (
    <div className="compare-controls">
      <label>
        Compare{' '}
        <select aria-label="Compare from" value={String(from)} onChange={(event) => onCompare({ from: parse(event.target.value), to })}>
          {options}
        </select>
      </label>
      <label>
        with{' '}
        <select aria-label="Compare with" value={String(to)} onChange={(event) => onCompare({ from, to: parse(event.target.value) })}>
          {options}
        </select>
      </label>
      {hasDraft && (
        <button type="button" className="secondary" onClick={() => onCompare({ from: live, to: 'draft' })}>
          Draft vs live
        </button>
      )}
    </div>
  );
}
