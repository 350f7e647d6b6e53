/**
 * Naming a flow. A new flow is asked for by its name ("Pizza Palace"); its file id is derived from
 * it ("pizza-palace"), shown, and can be edited. "Rename" changes the name only. Changing the file
 * id is its own action, which says what depends on the id (routes, subflows, the file name).
 */
import { useState } from 'react';
import { FLOW_ID_PATTERN } from '../../../engine/core/schema.ts';
import { Modal } from '../app/Modal.tsx';

export type NameDialogMode = 'new' | 'rename' | 'change-id';

interface NameDialogProps {
  mode: NameDialogMode;
  currentId?: string;
  currentName?: string;
  taken: string[];
  onDone: (value: { id: string; name: string }) => void;
  onClose: () => void;
}

const flowId = new RegExp(FLOW_ID_PATTERN);

/** "Pizza Palace" → "pizza-palace", numbered when taken. */
export function idFromName(name: string, taken: string[]): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'flow';
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

const TITLES: Record<NameDialogMode, string> = { new: 'New flow', rename: 'Rename flow', 'change-id': 'Change the file id' };
const ACTIONS: Record<NameDialogMode, string> = { new: 'Create', rename: 'Rename', 'change-id': 'Change file id' };

export function NameDialog({ mode, currentId, currentName, taken, onDone, onClose }: NameDialogProps) {
  const [name, setName] = useState(mode === 'rename' ? (currentName ?? '') : '');
  const [typedId, setTypedId] = useState<string>();
  const [error, setError] = useState<string>();
  const id =
    mode === 'new' ? (typedId ?? (name.trim() ? idFromName(name, taken) : '')) : mode === 'change-id' ? (typedId ?? currentId ?? '') : (currentId ?? '');
  const submit = () => {
    if (mode !== 'change-id' && !name.trim()) return setError('Give the flow a name.');
    if (mode !== 'rename') {
      if (!flowId.test(id)) return setError('A file id has lowercase letters, digits and dashes, and starts with a letter or digit.');
      if (taken.includes(id) && id !== currentId) return setError(`There is already a flow with the file id '${id}'.`);
    }
    onDone({ id, name: name.trim() });
  };
  return (
    <Modal title={TITLES[mode]} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {mode !== 'change-id' && (
          <label>
            Flow name
            <input value={name} onChange={(event) => setName(event.target.value)} autoFocus placeholder="Pizza Palace" />
          </label>
        )}
        {mode === 'change-id' && (
          <p className="help">
            The file id names the file (flows/&lt;id&gt;.flow.json) and is how routes in flows/routes.json and other flows (as a subflow) refer to this flow.
            Changing it renames the file now. While a route sends calls to this flow, or another flow uses it as a subflow, the engine refuses: change those
            first.
          </p>
        )}
        {mode !== 'rename' && (
          <label>
            File id
            <input value={id} onChange={(event) => setTypedId(event.target.value)} autoFocus={mode === 'change-id'} placeholder="pizza-palace" />
          </label>
        )}
        {mode !== 'rename' && <p className="help">Saved as flows/{id || '<id>'}.flow.json.</p>}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {ACTIONS[mode]}
          </button>
        </div>
      </form>
    </Modal>
  );
}
