/** The bar above everything: which flow is open, file actions, undo/redo and the document's status. */
import type { FlowListEntry } from '../files/engine-api.ts';

interface TopBarProps {
  flows: FlowListEntry[];
  currentId?: string;
  dirty: boolean;
  busy: boolean;
  canUndo: boolean;
  canRedo: boolean;
  errors: number;
  warnings: number;
  inSync: boolean;
  message?: { kind: 'info' | 'error'; text: string };
  onOpen: (id: string) => void;
  onNew: () => void;
  onRename: () => void;
  onSave: () => void;
  onUndo: () => void;
  onRedo: () => void;
}

export function TopBar(props: TopBarProps) {
  const { flows, currentId, dirty, busy, errors, warnings, inSync, message } = props;
  const listed =
    currentId && !flows.some((flow) => flow.id === currentId) ? [{ id: currentId, name: '(not saved yet)', errors: 0, warnings: 0 }, ...flows] : flows;
  return (
    <header className="topbar">
      <span className="brand" aria-hidden="true">
        callflow
      </span>
      <label className="flow-picker">
        <span className="visually-hidden">Open flow</span>
        <select value={currentId ?? ''} onChange={(event) => event.target.value && props.onOpen(event.target.value)} disabled={busy}>
          {!currentId && <option value="">Open a flow…</option>}
          {listed.map((flow) => (
            <option key={flow.id} value={flow.id}>
              {flow.id}
              {flow.name ? ` — ${flow.name}` : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="secondary" onClick={props.onNew} disabled={busy}>
        New flow
      </button>
      <button type="button" className="secondary" onClick={props.onRename} disabled={busy || !currentId}>
        Rename
      </button>
      <button type="button" className="primary" onClick={props.onSave} disabled={busy || !currentId}>
        Save{dirty ? ' •' : ''}
      </button>
      <span className="toolbar-gap" />
      <button type="button" className="secondary" onClick={props.onUndo} disabled={!props.canUndo} aria-keyshortcuts="Control+Z">
        Undo
      </button>
      <button type="button" className="secondary" onClick={props.onRedo} disabled={!props.canRedo} aria-keyshortcuts="Control+Shift+Z">
        Redo
      </button>
      <span className="status" role="status" aria-live="polite">
        {currentId && <span className={dirty ? 'is-dirty' : 'is-saved'}>{dirty ? 'Unsaved changes' : 'Saved'}</span>}
        {currentId && (
          <span className={errors ? 'has-errors' : warnings ? 'has-warnings' : 'is-clean'}>
            {errors ? `${errors} error${errors === 1 ? '' : 's'}` : warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : 'No problems'}
          </span>
        )}
        {!inSync && currentId && <span className="has-errors">Canvas out of sync</span>}
      </span>
      {message && (
        <p className={`topbar-message is-${message.kind}`} role={message.kind === 'error' ? 'alert' : undefined}>
          {message.text}
        </p>
      )}
    </header>
  );
}
