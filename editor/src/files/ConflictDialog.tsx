/**
 * A save refused because the draft changed since it was opened (someone else saved it, or a new
 * live version replaced the one it started from): both texts as a line diff, and the choice to
 * overwrite with the user's version, take theirs (undo brings the user's back), or keep editing.
 */
import { useMemo } from 'react';
import { Modal } from '../app/Modal.tsx';
import { diffLines } from './line-diff.ts';

interface ConflictDialogProps {
  flowId: string;
  /** Who saved the other draft (null: it is the live version, or nobody is known). */
  author?: string | null;
  diskText: string;
  mine: string;
  onOverwrite: () => void;
  onTakeDisk: () => void;
  onClose: () => void;
}

const MARK = { same: ' ', removed: '−', added: '+' } as const;

export function ConflictDialog({ flowId, author, diskText, mine, onOverwrite, onTakeDisk, onClose }: ConflictDialogProps) {
  const lines = useMemo(() => diffLines(diskText, mine), [diskText, mine]);
  const changed = lines.filter((line) => line.kind !== 'same').length;
  return (
    <Modal title={`The draft of ${flowId} changed meanwhile`} onClose={onClose} wide>
      <p>
        {author ? `${author} saved the draft` : 'The flow changed'} since you opened it, so yours was not saved. Lines marked <strong>−</strong> are only in
        theirs, lines marked <strong>+</strong> only in yours ({changed} line{changed === 1 ? '' : 's'} differ).
      </p>
      <pre className="diff" aria-label="Differences between their version and yours">
        {lines.map((line, index) => (
          <div key={index} className={`diff-${line.kind}`}>
            <span className="diff-mark" aria-label={line.kind === 'same' ? undefined : line.kind === 'added' ? 'only in yours' : 'only in theirs'}>
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
          Load their version
        </button>
        <button type="button" className="danger" onClick={onOverwrite}>
          Overwrite with my version
        </button>
      </div>
    </Modal>
  );
}
