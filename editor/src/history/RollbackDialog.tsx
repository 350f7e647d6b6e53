/** Asks before a rollback: which version goes live again, and that it becomes a new version. */
import { useState } from 'react';
import { Modal } from '../app/Modal.tsx';
import type { VersionSummary } from './history-api.ts';

interface RollbackDialogProps {
  version: VersionSummary;
  /** The live number, if any version is live. */
  live?: number;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

export function RollbackDialog({ version, live, onConfirm, onClose }: RollbackDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Modal title={`Roll back to version ${version.number}?`} onClose={onClose}>
      <p>
        Calls from now on will run version {version.number} ({version.message}) instead of version {live}. It is published again as a new version; no version is
        deleted, so this can be undone by rolling back to version {live}.
      </p>
      {error && (
        <p className="notice is-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            onConfirm().catch((failure: Error) => {
              setError(`Nothing changed: ${failure.message}`);
              setBusy(false);
            });
          }}
        >
          Roll back and publish
        </button>
      </div>
    </Modal>
  );
}
