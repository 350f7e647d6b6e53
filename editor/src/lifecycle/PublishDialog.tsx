/**
 * "Publish…": the open flow's draft made live as a new numbered version, with a message saying
 * what changed and why. Unsaved edits are saved to the draft first, so what is published is what
 * is on screen. The engine checks the draft (lint clean, every scenario passing) and the dialog
 * shows what it answered (PublishResults).
 */
import { useState } from 'react';
import type { Problem } from '../../../engine/core/types.ts';
import type { Scenario } from '../../../engine/core/sim/scenario.ts';
import type { FlowValue } from '../document/flow-value.ts';
import type { FlowFiles } from '../files/flow-files.ts';
import { Modal } from '../app/Modal.tsx';
import { lifecycleApi } from './lifecycle-api.ts';
import { publishedOutcome, refusedOutcome, type PublishOutcome } from './publish-outcome.ts';
import { PublishResults } from './PublishResults.tsx';

interface PublishDialogProps {
  flowId: string;
  flowName: string;
  files: FlowFiles;
  flow: FlowValue | undefined;
  scenarios: Scenario[];
  onReveal: (problem: Problem) => void;
  onOpenScenario: (name: string, step: number | undefined) => void;
  onPublished: () => void;
  onClose: () => void;
}

export function PublishDialog({ flowId, flowName, files, flow, scenarios, onReveal, onOpenScenario, onPublished, onClose }: PublishDialogProps) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PublishOutcome>();
  const published = outcome?.kind === 'published';

  const publish = async () => {
    if (!message.trim() || busy) return;
    setBusy(true);
    setOutcome(undefined);
    try {
      if (files.dirty && !(await files.save())) {
        setOutcome({ kind: 'error', message: `Not published: the draft could not be saved first (${files.state.failure?.reason ?? 'see the status'}).` });
        return;
      }
      const answer = await lifecycleApi.publish(flowId, message.trim());
      setOutcome(publishedOutcome(answer));
      await files.published(answer.number);
      onPublished();
    } catch (error) {
      setOutcome(refusedOutcome(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`Publish ${flowName}`} onClose={onClose} wide>
      <form
        className="publish-form"
        onSubmit={(event) => {
          event.preventDefault();
          void publish();
        }}
      >
        <p>
          The draft goes live as a new version once it has no problems and every scenario of its tests passes. Calls in progress finish on the version they
          started with.
        </p>
        <label>
          Message
          <textarea
            value={message}
            onChange={(event) => setMessage(event.target.value)}
            required
            rows={3}
            placeholder="What changed, and why"
            disabled={busy || published}
          />
        </label>
        {outcome && (
          <PublishResults
            outcome={outcome}
            scenarios={scenarios}
            flow={flow}
            onReveal={(problem) => {
              onReveal(problem);
              onClose();
            }}
            onOpenScenario={(name, step) => {
              onOpenScenario(name, step);
              onClose();
            }}
            onReload={() => {
              void files.open(flowId);
              onClose();
            }}
          />
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            {published ? 'Close' : 'Cancel'}
          </button>
          {!published && (
            <button type="submit" className="primary" disabled={busy || !message.trim()}>
              {busy ? 'Publishing…' : 'Publish'}
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
