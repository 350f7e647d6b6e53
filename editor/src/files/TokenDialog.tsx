/** The engine wants its admin token (CALLFLOW_ADMIN_TOKEN) before it writes files or shows a call's trace. */
import { useState } from 'react';
import { Modal } from '../app/Modal.tsx';

interface TokenDialogProps {
  onSubmit: (token: string) => void;
  onClose: () => void;
  /** Why the token is asked for, as a sentence. */
  reason?: string;
  submitLabel?: string;
}

export function TokenDialog({
  onSubmit,
  onClose,
  reason = 'This engine only saves for people with its admin token (the CALLFLOW_ADMIN_TOKEN it was started with). Your changes are kept while you find it.',
  submitLabel = 'Save with token',
}: TokenDialogProps) {
  const [token, setToken] = useState('');
  return (
    <Modal title="Admin token needed" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (token) onSubmit(token);
        }}
      >
        <p>{reason}</p>
        <label>
          Admin token
          <input type="password" value={token} onChange={(event) => setToken(event.target.value)} autoFocus autoComplete="off" />
        </label>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
