/**
 * Replaying a real call: its trace, loaded from the engine by call id or from a file, walked
 * through step by step with the state the call was in highlighted on the canvas.
 */
import { useEffect, useState } from 'react';
import { ApiError, engineApi, setAdminToken } from '../files/engine-api.ts';
import { TokenDialog } from '../files/TokenDialog.tsx';
import { traceFlowId, traceSteps, type TraceStep } from './trace-replay.ts';

export function TraceReplay({ flowId, disabled, onState }: { flowId?: string; disabled: boolean; onState: (state: string | undefined) => void }) {
  const [callId, setCallId] = useState('');
  const [steps, setSteps] = useState<TraceStep[]>();
  const [index, setIndex] = useState(0);
  const [error, setError] = useState<string>();
  /** A trace load the engine refused for want of the admin token: retried once the token is given. */
  const [needsToken, setNeedsToken] = useState<() => Promise<unknown>>();
  useEffect(() => onState(steps?.[index]?.state), [steps, index, onState]);

  const load = async (read: () => Promise<unknown>) => {
    setError(undefined);
    try {
      const body = await read();
      const of = traceFlowId(body);
      if (of && flowId && of !== flowId) throw new Error(`it is a call of flow '${of}'; open that flow to replay it`);
      setSteps(traceSteps(body));
      setIndex(0);
    } catch (failure) {
      setSteps(undefined);
      setError(`Could not load the trace: ${(failure as Error).message}`);
      if (failure instanceof ApiError && (failure.status === 401 || failure.status === 403)) setNeedsToken(() => read);
    }
  };

  return (
    <fieldset className="trace-replay" disabled={disabled}>
      <legend>Replay a real call</legend>
      <div className="add-row">
        <label>
          Call id <input value={callId} onChange={(event) => setCallId(event.target.value)} />
        </label>
        <button type="button" className="secondary" disabled={!callId} onClick={() => load(() => engineApi.trace(callId))}>
          Load trace
        </button>
        <label className="file-button">
          Open trace file
          <input
            type="file"
            accept="application/json,.json"
            onChange={(event) => event.target.files?.[0] && load(async () => JSON.parse(await event.target.files![0].text()))}
          />
        </label>
      </div>
      {needsToken && (
        <TokenDialog
          reason="Call traces are shown only to people with this engine's admin token (the CALLFLOW_ADMIN_TOKEN it was started with)."
          submitLabel="Load with token"
          onSubmit={(token) => {
            setAdminToken(token);
            setNeedsToken(undefined);
            void load(needsToken);
          }}
          onClose={() => setNeedsToken(undefined)}
        />
      )}
      {error && (
        <p className="message is-error" role="alert">
          {error}
        </p>
      )}
      {steps && (
        <div className="trace-steps">
          <div className="sim-controls">
            <button type="button" className="secondary" onClick={() => setIndex(Math.max(0, index - 1))} disabled={index === 0}>
              Previous step
            </button>
            <span role="status">
              Step {index + 1} of {steps.length}
              {steps[index].state ? ` · in ${steps[index].state}` : ''}
            </span>
            <button type="button" className="secondary" onClick={() => setIndex(Math.min(steps.length - 1, index + 1))} disabled={index === steps.length - 1}>
              Next step
            </button>
            <button type="button" className="link" onClick={() => setSteps(undefined)}>
              Close replay
            </button>
          </div>
          <ol className="trace-list" aria-label="Trace">
            {steps.map((step, at) => (
              <li key={at} aria-current={at === index ? 'step' : undefined} className={at === index ? 'is-current' : undefined}>
                <button type="button" className="link" onClick={() => setIndex(at)}>
                  {step.description}
                </button>
              </li>
            ))}
          </ol>
        </div>
      )}
    </fieldset>
  );
}
