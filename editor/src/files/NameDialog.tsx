/** Asks for a flow id (and, for a new flow, its name), checking the id as the schema does. */
import { useState } from 'react';
import { FLOW_ID_PATTERN } from '../../../engine/core/schema.ts';
import { Modal } from '../app/Modal.tsx';

interface NameDialogProps {
  mode: 'new' | 'rename';
  currentId?: string;
  taken: string[];
  onDone: (id: string, name: string) => void;
  onClose: () => void;
}

export function NameDialog({ mode, currentId, taken, onDone, onClose }: NameDialogProps) {
  const [id, setId] = useState(mode === 'rename' ? (currentId ?? '') : '');
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const submit = () => {
    if (!new RegExp(FLOW_ID_PATTERN).test(id)) return setError('An id has lowercase letters, digits and dashes, and starts with a letter or digit.');
    if (taken.includes(id) && id !== currentId) return setError(`There is already a flow '${id}'.`);
    if (mode === 'new' && !name.trim()) return setError('Give the flow a name.');
    onDone(id, name.trim());
  };
  return (
    <Modal title={mode === 'new' ? 'New flow' : 'Rename flow'} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label>
          Flow id
          <input value={id} onChange={(event) => setId(event.target.value)} autoFocus placeholder="main-menu" />
        </label>
        <p className="help">The file will be flows/{id || '<id>'}.flow.json.</p>
        {mode === 'new' && (
          <label>
            Flow name
            <input value={name} onChange={(event) => setName(event.target.value)} placeholder="Contoso main line" />
          </label>
        )}
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
            {mode === 'new' ? 'Create' : 'Rename'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
