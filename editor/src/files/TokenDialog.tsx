/** The engine wants its admin token (CALLFLOW_ADMIN_TOKEN) before it writes files. */
import { useState } from 'react';
import { Modal } from '../app/Modal.tsx';

export function TokenDialog({ onSubmit, onClose }: { onSubmit: (token: string) => void; onClose: () => void }) {
  const [token, setToken] = useState('');
  return (
    <Modal title="Admin token needed" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (token) onSubmit(token);
        }}
      >
        <p>This engine only saves for people with its admin token (the CALLFLOW_ADMIN_TOKEN it was started with). Your changes are kept while you find it.</p>
        <label>
          Admin token
          <input type="password" value={token} onChange={(event) => setToken(event.target.value)} autoFocus autoComplete="off" />
        </label>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save with token
          </button>
        </div>
      </form>
    </Modal>
  );
}
