/** A save refused because the flow has errors: what they are and where, each a link to its state. */
import type { Problem } from '../../../engine/core/types.ts';
import type { FlowValue } from '../document/flow-value.ts';
import { Modal } from '../app/Modal.tsx';
import { ProblemList } from '../app/ProblemList.tsx';

interface SaveRefusedDialogProps {
  reason: string;
  problems: Problem[];
  flow: FlowValue | undefined;
  onReveal: (problem: Problem) => void;
  onClose: () => void;
}

export function SaveRefusedDialog({ reason, problems, flow, onReveal, onClose }: SaveRefusedDialogProps) {
  return (
    <Modal title="Not saved" onClose={onClose}>
      <p>{reason}</p>
      <ProblemList
        problems={problems}
        flow={flow}
        onReveal={(problem) => {
          onReveal(problem);
          onClose();
        }}
      />
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
