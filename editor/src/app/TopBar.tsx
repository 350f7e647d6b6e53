/**
 * The bar above everything: which flow is open, file actions, undo/redo, and one status area that
 * says what is true of the document now (document-status.ts): saved or not and why, and its
 * problems. Nothing in it outlives the state it describes.
 */
import { useSyncExternalStore } from 'react';
import type { FlowListEntry } from '../files/engine-api.ts';
import { access } from '../access/access-store.ts';
import type { DocumentStatus } from '../files/document-status.ts';
import { problemStatus } from '../files/document-status.ts';
import { AccountBadge } from '../access/AccountBadge.tsx';

interface TopBarProps {
  flows: FlowListEntry[];
  currentId?: string;
  /** The open flow's name, for a flow not saved yet (the list of flows does not have it). */
  currentName?: string;
  status: DocumentStatus;
  busy: boolean;
  canUndo: boolean;
  canRedo: boolean;
  errors: number;
  warnings: number;
  empty: boolean;
  inSync: boolean;
  /** Opening a flow failed. */
  error?: string;
  onOpen: (id: string) => void;
  onNew: () => void;
  onRename: () => void;
  onSave: () => void;
  onUndo: () => void;
  onRedo: () => void;
  /** Opens the routes table (which number or app reaches which flow). */
  onRoutes: () => void;
}

export function TopBar(props: TopBarProps) {
  const { flows, currentId, status, busy, inSync, error } = props;
  const listed =
    currentId && !flows.some((flow) => flow.id === currentId)
      ? [{ id: currentId, name: `${props.currentName || currentId} — not saved yet`, errors: 0, warnings: 0, routed: false }, ...flows]
      : flows;
  const problems = problemStatus(props.errors, props.warnings, props.empty);
  const canEdit = useSyncExternalStore(access.subscribe, () => access.can('Flows.Edit'));
  return (
    <header className="topbar nokey">
      <span className="brand" aria-hidden="true">
        callflow
      </span>
      <label className="flow-picker">
        <span className="visually-hidden">Open flow</span>
        <select value={currentId ?? ''} onChange={(event) => event.target.value && props.onOpen(event.target.value)} disabled={busy}>
          {!currentId && <option value="">Open a flow…</option>}
          {listed.map((flow) => (
            <option key={flow.id} value={flow.id}>
              {flow.name ?? flow.id}
              {flow.name ? ` (${flow.id})` : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="secondary" onClick={props.onNew} disabled={busy}>
        New flow
      </button>
      <button type="button" className="secondary" onClick={props.onRename} disabled={busy || !currentId} title="Change the flow's name">
        Rename
      </button>
      <button
        type="button"
        className="primary"
        onClick={props.onSave}
        disabled={busy || !currentId || !canEdit}
        title={canEdit ? undefined : 'Saving needs the Flows.Edit role: you can read flows and run the simulator'}
      >
        Save{status.kind === 'unsaved' || status.kind === 'new' ? ' •' : ''}
      </button>
      <span className="toolbar-gap" />
      <button type="button" className="secondary" onClick={props.onUndo} disabled={!props.canUndo} aria-keyshortcuts="Control+Z">
        Undo
      </button>
      <button type="button" className="secondary" onClick={props.onRedo} disabled={!props.canRedo} aria-keyshortcuts="Control+Shift+Z">
        Redo
      </button>
      {currentId && (
        <span className="status" role="status" aria-live="polite" aria-label="Document status">
          <span className={`save-state is-${status.kind}`} role={status.kind === 'failed' ? 'alert' : undefined}>
            {status.text}
          </span>
          <span className={`problem-state is-${problems.kind}`}>{problems.text}</span>
          {!inSync && <span className="has-errors">Canvas out of sync</span>}
        </span>
      )}
      <button type="button" className="secondary" onClick={props.onRoutes} title="Which number, app or resource account reaches which flow">
        Routes
      </button>
      <AccountBadge />
      {error && (
        <p className="topbar-message is-error" role="alert">
          {error}
        </p>
      )}
    </header>
  );
}
