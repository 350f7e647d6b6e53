/** The audit log of one flow (Admin): who edited, published, rolled back, renamed it or placed calls with it, newest first. */
import type { AuditEntry } from './history-api.ts';
import { auditWords, formatWhen } from './history-words.ts';

export function AuditList({ entries, more, onOlder }: { entries?: AuditEntry[]; more: boolean; onOlder: () => void }) {
  return (
    <section className="audit" aria-label="Audit log">
      <h3>Audit log</h3>
      {!entries && <p className="notice">The audit log cannot be read.</p>}
      {entries && !entries.length && <p className="notice">Nothing recorded for this flow yet.</p>}
      {entries && entries.length > 0 && (
        <ul className="audit-list">
          {entries.map((entry, index) => (
            <li key={index} data-action={entry.action}>
              <time dateTime={new Date(entry.at).toISOString()}>{formatWhen(entry.at)}</time> <strong>{entry.who}</strong> {auditWords(entry)}
            </li>
          ))}
        </ul>
      )}
      {more && (
        <button type="button" className="secondary" onClick={onOlder}>
          Show older entries
        </button>
      )}
    </section>
  );
}
