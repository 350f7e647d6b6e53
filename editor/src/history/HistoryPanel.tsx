/**
 * The History tab: the flow's published versions, what each changed (or what changed between any
 * two, or between the live version and the draft) in plain words and on the canvas, a rollback to
 * an earlier version for whoever may publish, and the flow's audit log for an Admin.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { access } from '../access/access-store.ts';
import type { FlowValue } from '../document/flow-value.ts';
import { historyApi } from './history-api.ts';
import { diffView, type DiffView } from './diff-view.ts';
import { useFlowHistory } from './use-flow-history.ts';
import { sideName, useVersionDiff, type Comparison } from './use-version-diff.ts';
import { VersionList } from './VersionList.tsx';
import { CompareControls } from './CompareControls.tsx';
import { DiffList } from './DiffList.tsx';
import { RollbackDialog } from './RollbackDialog.tsx';
import { AuditList } from './AuditList.tsx';

interface HistoryPanelProps {
  flowId: string;
  /** The flow on the canvas: which of its states play a changed prompt, which can be revealed. */
  flow: FlowValue | undefined;
  /** Moves when the flow was saved or published elsewhere in the editor. */
  refreshKey: unknown;
  /** What to show on the canvas for the comparison shown (undefined: nothing). */
  onDiff: (diff: Pick<DiffView, 'marks' | 'ghosts'> | undefined) => void;
  onReveal: (stateId: string) => void;
  /** A rollback published a version: the flow on disk is now that version's. */
  onPublished: () => void;
}

export function HistoryPanel({ flowId, flow, refreshKey, onDiff, onReveal, onPublished }: HistoryPanelProps) {
  const canPublish = useSyncExternalStore(access.subscribe, () => access.can('Flows.Publish'));
  const admin = useSyncExternalStore(access.subscribe, () => access.can('Admin'));
  const history = useFlowHistory(flowId, refreshKey, admin);
  const versions = history.versions ?? [];
  const { live } = history;
  const [picked, setPicked] = useState<number>();
  const [chosen, setChosen] = useState<Comparison>();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string>();

  const selected = versions.find((version) => version.number === picked) ?? versions.find((version) => version.number === live) ?? versions[0];
  const before = selected && versions.find((version) => version.number < selected.number);
  const comparison: Comparison | undefined = chosen ?? (selected && before ? { from: before.number, to: selected.number } : undefined);
  const diff = useVersionDiff(flowId, comparison);
  const view = useMemo(() => (diff.changes ? diffView(diff.changes, flow) : undefined), [diff.changes, flow]);
  useEffect(() => onDiff(view && { marks: view.marks, ghosts: view.ghosts }), [view, onDiff]);
  useEffect(() => () => onDiff(undefined), [onDiff]);

  if (history.error)
    return (
      <p className="notice is-error" role="alert">
        The history cannot be read: {history.error}
      </p>
    );
  if (!history.versions) return <p className="notice">Reading the history…</p>;
  const rollbackTitle = !canPublish
    ? 'Rolling back needs the Flows.Publish role'
    : selected?.number === live
      ? 'This version is live already'
      : `Publish version ${selected?.number} again as the live version`;
  return (
    <div className="history">
      {done && (
        <p className="notice is-done" role="status">
          {done}
        </p>
      )}
      <VersionList
        versions={versions}
        live={live}
        selected={chosen ? undefined : selected?.number}
        onSelect={(number) => {
          setPicked(number);
          setChosen(undefined);
          setDone(undefined);
        }}
      />
      {selected && (
        <div className="history-actions">
          <button
            type="button"
            className="secondary"
            disabled={!canPublish || selected.number === live}
            title={rollbackTitle}
            onClick={() => setConfirming(true)}
          >
            Roll back to version {selected.number}
          </button>
        </div>
      )}
      <CompareControls versions={versions} hasDraft={history.hasDraft} live={live} comparison={comparison} onCompare={setChosen} />
      {comparison ? (
        <DiffList
          title={chosen ? `From ${sideName(comparison.from)} to ${sideName(comparison.to)}` : `What version ${comparison.to} changed`}
          view={view}
          error={diff.error}
          onCanvas={(id) => Boolean(flow?.states?.[id]) || Boolean(view?.ghosts.some((ghost) => ghost.id === id))}
          onReveal={onReveal}
        />
      ) : (
        selected && <p className="notice">Version {selected.number} is the first: there is nothing before it to compare with.</p>
      )}
      {admin && <AuditList entries={history.audit} more={history.moreAudit} onOlder={history.olderAudit} />}
      {confirming && selected && (
        <RollbackDialog
          version={selected}
          live={live}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const answer = await historyApi.rollback(flowId, selected.number);
            setConfirming(false);
            setPicked(undefined);
            setChosen(undefined);
            setDone(`Rolled back: version ${answer.rollbackOf} was published as version ${answer.number}.`);
            history.reload();
            onPublished();
          }}
        />
      )}
    </div>
  );
}
