/**
 * A save refused because the file changed on disk since it was opened: both versions as a line
 * diff, and the choice to overwrite with the user's version, take the disk's (undo brings the
 * user's back), or keep editing.
 */
import { useMemo } from 'react';
import { Modal } from '../app/Modal.tsx';
import { diffLines } from './line-diff.ts';

interface ConflictDialogProps {
  fileName: string;
  diskText: string;
  mine: string;
  onOverwrite: () => void;
  onTakeDisk: () => void;
  onClose: () => void;
}

const MARK = { same: ' ', removed: '−', added: '+' } as const;

export function ConflictDialog({ fileName, diskText, mine, onOverwrite, onTakeDisk, onClose }: ConflictDialogProps) {
  const lines = useMemo(() => diffLines(diskText, mine), [diskText, mine]);
  const changed = lines.filter((line) => line.kind !== 'same').length;
  return (
    <Modal title={`${fileName} changed on disk`} onClose={onClose} wide>
      <p>
        Someone changed this file since you opened it, so it was not saved. Lines marked <strong>−</strong> are only on disk, lines marked <strong>+</strong>{' '}
        only in your version ({changed} line{changed === 1 ? '' : 's'} differ).
      </p>
      <pre className="diff" aria-label="Differences between the file on disk and your version">
        {lines.map((line, index) => (
          <div key={index} className={`diff-${line.kind}`}>
            <span className="diff-mark" aria-label={line.kind === 'same' ? undefined : line.kind === 'added' ? 'only in yours' : 'only on disk'}>
              {MARK[line.kind]}
            </span>
            {line.text}
          </div>
        ))}
      </pre>
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose}>
          Keep editing
        </button>
        <button type="button" className="secondary" onClick={onTakeDisk}>
          Load the version on disk
        </button>
        <button type="button" className="danger" onClick={onOverwrite}>
          Overwrite with my version
        </button>
      </div>
    </Modal>
  );
}
