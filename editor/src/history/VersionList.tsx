/** The flow's published versions, newest first, the live one marked: number, message, author, time, git commit. */
import type { VersionSummary } from './history-api.ts';
import { formatWhen, shortCommit, versionTitle } from './history-words.ts';

interface VersionListProps {
  versions: VersionSummary[];
  live?: number;
  selected?: number;
  onSelect: (number: number) => void;
}

export function VersionList({ versions, live, selected, onSelect }: VersionListProps) {
  if (!versions.length) return <p className="notice">This flow has not been published yet: it has no versions.</p>;
  return (
    <ol className="version-list" aria-label="Versions">
      {versions.map((version) => (
        <li key={version.number} data-number={version.number} className={version.number === live ? 'is-live' : undefined}>
          <button type="button" className="version-pick" aria-pressed={selected === version.number} onClick={() => onSelect(version.number)}>
            <span className="version-title">
              {versionTitle(version)}
              {version.number === live && <span className="live-badge">live</span>}
            </span>
            <span className="version-message">{version.message}</span>
            <span className="version-meta">
              {version.author} · <time dateTime={new Date(version.at).toISOString()}>{formatWhen(version.at)}</time>
              {version.commit && (
                <>
                  {' '}
                  · commit <code title={version.commit}>{shortCommit(version.commit)}</code>
                </>
              )}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
