/**
 * The bar above everything: which flow is open, file actions (save to the draft, publish, discard
 * the draft), undo/redo, and one status area that says what is true of the document now: saved or
 * not and why (document-status.ts), whether it is live or a draft and who edited it last
 * (lifecycle-status.ts), and its problems. Nothing in it outlives the state it describes.
 */
import { useSyncExternalStore } from 'react';
import type { FlowListEntry } from '../files/engine-api.ts';
import { access } from '../access/access-store.ts';
import type { DocumentStatus } from '../files/document-status.ts';
import { problemStatus } from '../files/document-status.ts';
import { AccountBadge } from '../access/AccountBadge.tsx';
import type { LifecycleStatus } from '../lifecycle/lifecycle-status.ts';

interface TopBarProps {
  flows: FlowListEntry[];
  currentId?: string;
  /** The open flow's name, for a flow not saved yet (the list of flows does not have it). */
  currentName?: string;
  status: DocumentStatus;
  lifecycle: LifecycleStatus;
  /** The engine has the flow (what Save writes to), for the picker's label of a flow it does not list. */
  stored: boolean;
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
  onPublish: () => void;
  onDiscard: () => void;
  onUndo: () => void;
  onRedo: () => void;
  /** Opens the routes table (which number or app reaches which flow). */
  onRoutes: () => void;
}

export function TopBar(props: TopBarProps) {
  const { flows, currentId, status, busy, inSync, error } = props;
  const listed =
    currentId && !flows.some((flow) => flow.id === currentId)
      ? [
          {
            id: currentId,
            name: `${props.currentName || currentId} — ${props.stored ? 'draft, never published' : 'not saved yet'}`,
            errors: 0,
            warnings: 0,
            routed: false,
          },
          ...flows,
        ]
      : flows;
  const problems = problemStatus(props.errors, props.warnings, props.empty);
  const canEdit = useSyncExternalStore(access.subscribe, () => access.can('Flows.Edit'));
  const canPublish = useSyncExternalStore(access.subscribe, () => access.can('Flows.Publish'));
  const lifecycle = props.lifecycle;
  const nothingToPublish = lifecycle.kind === 'live' && status.kind === 'saved';
  const publishTitle = !canPublish
    ? 'Publishing needs the Flows.Publish role: you can save drafts, and someone who may publish makes them live'
    : nothingToPublish
      ? 'Nothing to publish: what is open is the live version'
      : 'Make the draft live as a new version';
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
      <button
        type="button"
        className="primary"
        onClick={props.onPublish}
        disabled={busy || !currentId || !canPublish || nothingToPublish || status.kind === 'new'}
        title={publishTitle}
      >
        Publish…
      </button>
      {lifecycle.kind === 'draft' && (
        <button
          type="button"
          className="secondary"
          onClick={props.onDiscard}
          disabled={busy || !canEdit}
          title={canEdit ? 'Throw the draft away and go back to the live version' : 'Discarding a draft needs the Flows.Edit role'}
        >
          Discard draft
        </button>
      )}
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
          <span className={`lifecycle-state is-${lifecycle.kind}`} title={lifecycle.detail}>
            {lifecycle.text}
            {lifecycle.detail && <span className="lifecycle-detail"> · {lifecycle.detail}</span>}
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
