/**
 * The simulator: call the flow as a chosen caller, press keys, hang up, let time run or skip to
 * the next event, and watch the active state on the canvas with a timeline of what happened and
 * the call's variables. A session can be saved as a scenario in `<id>.test.json`.
 */
import { useEffect, useId, useState } from 'react';
import type { FlowDocument } from '../../../engine/core/types.ts';
import { engineApi, ApiError } from '../files/engine-api.ts';
import { useSimulation } from './use-simulation.ts';
import { Keypad } from './Keypad.tsx';
import { SimTimeline } from './SimTimeline.tsx';
import { promptDurations } from './prompt-durations.ts';
import { sessionToScenario } from './session-to-scenario.ts';
import { TraceReplay } from './TraceReplay.tsx';
import type { Caller } from './simulation.ts';

interface SimulatorPanelProps {
  /** The flow when it has no errors (only such a flow can be compiled). */
  flow?: FlowDocument;
  errors: number;
  /** The flow exists on disk, so scenarios can be saved next to it. */
  saved: boolean;
  onActive: (state: string | undefined) => void;
}

async function subflowsOf(flow: FlowDocument, found = new Map<string, FlowDocument>()): Promise<Map<string, FlowDocument>> {
  for (const state of Object.values(flow.states)) {
    if (state.type !== 'subflow' || found.has(String(state.flow))) continue;
    const child = (await engineApi.deployedFlow(String(state.flow))).flow as FlowDocument | null;
    if (!child) throw new Error(`subflow '${String(state.flow)}' is not deployed`);
    found.set(String(state.flow), child);
    await subflowsOf(child, found);
  }
  return found;
}

export function SimulatorPanel({ flow, errors, saved, onActive }: SimulatorPanelProps) {
  const id = useId();
  const { simulation, revision, clock, setClock, speakPrompts, setSpeakPrompts, start, act, stop } = useSimulation();
  const [callerKind, setCallerKind] = useState<'phone' | 'user' | 'anonymous'>('phone');
  const [identity, setIdentity] = useState('+14255550123');
  const [displayName, setDisplayName] = useState('');
  const [transfers, setTransfers] = useState<'accept' | 'refuse'>('accept');
  const [testName, setTestName] = useState('');
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string }>();
  const [replayState, setReplayState] = useState<string>();

  useEffect(() => onActive(simulation ? simulation.state : replayState), [simulation, revision, replayState, onActive]);
  useEffect(() => stop, [stop]);

  const startCall = async () => {
    if (!flow) return;
    setMessage(undefined);
    try {
      const caller: Caller = {
        ...(callerKind === 'phone' ? { phone: identity } : callerKind === 'user' ? { user: identity } : {}),
        ...(displayName ? { displayName } : {}),
      };
      const [durations, subflows] = await Promise.all([promptDurations(flow), subflowsOf(flow)]);
      start({ flow, subflows, caller, transfers, promptDurations: durations });
    } catch (error) {
      setMessage({ kind: 'error', text: `The call could not start: ${(error as Error).message}` });
    }
  };

  const saveAsTest = async () => {
    if (!simulation || !flow) return;
    const name = testName.trim() || `A call from ${identity || 'an anonymous caller'}`;
    try {
      const { caller } = simulation.setup;
      const scenario = sessionToScenario(
        simulation.compiled,
        name,
        { from: caller, at: new Date(simulation.startedAt).toISOString(), transfers },
        simulation.call.log,
        simulation.ended,
        simulation.world,
      );
      const existing = await engineApi.tests(flow.id).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return { $schema: '../schemas/scenario.schema.json', flow: flow.id, scenarios: [] };
        throw error;
      });
      const scenarios = [...existing.scenarios.filter((other) => other.name !== name), scenario];
      await engineApi.saveTests(flow.id, { ...existing, scenarios });
      setMessage({ kind: 'info', text: `Saved “${name}” to ${flow.id}.test.json (${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}).` });
    } catch (error) {
      setMessage({ kind: 'error', text: `Not saved: ${(error as Error).message}` });
    }
  };

  const running = Boolean(simulation && !simulation.ended);
  const next = simulation?.next;
  return (
    <div className="simulator">
      {!flow && (
        <p className="notice">
          The flow has {errors} error{errors === 1 ? '' : 's'}; fix {errors === 1 ? 'it' : 'them'} (see Problems) to simulate a call.
        </p>
      )}
      <fieldset className="sim-setup" disabled={!flow || running}>
        <legend>Caller</legend>
        <label>
          Calls as
          <select value={callerKind} onChange={(event) => setCallerKind(event.target.value as typeof callerKind)}>
            <option value="phone">Phone number</option>
            <option value="user">Teams user</option>
            <option value="anonymous">Anonymous</option>
          </select>
        </label>
        {callerKind !== 'anonymous' && (
          <label>
            {callerKind === 'phone' ? 'Caller number' : 'Caller user id'}
            <input value={identity} onChange={(event) => setIdentity(event.target.value)} />
          </label>
        )}
        <label>
          Caller name
          <input value={displayName} onChange={(event) => setDisplayName(event.target.value)} placeholder="optional" />
        </label>
        <label>
          Transfers are
          <select value={transfers} onChange={(event) => setTransfers(event.target.value as typeof transfers)}>
            <option value="accept">answered</option>
            <option value="refuse">refused</option>
          </select>
        </label>
      </fieldset>
      <div className="sim-controls">
        <button type="button" className="primary" onClick={startCall} disabled={!flow || running}>
          Start call
        </button>
        <button type="button" className="danger" onClick={() => act((sim) => sim.hangup())} disabled={!running}>
          Hang up
        </button>
        <label className="inline">
          Clock
          <select value={clock} onChange={(event) => setClock(event.target.value as typeof clock)}>
            <option value="realtime">Real time</option>
            <option value="manual">Step by step</option>
          </select>
        </label>
      </div>
      <div className="sim-call">
        <Keypad disabled={!running} onPress={(digit) => act((sim) => sim.press(digit))} />
        <div className="sim-status" role="status" aria-live="polite">
          {simulation ? (
            <>
              <p className="sim-state">
                {simulation.ended ? (
                  `Call ended${simulation.state ? ` in ${simulation.state}` : ''}`
                ) : simulation.state ? (
                  <>
                    In state <strong>{simulation.state}</strong>
                  </>
                ) : (
                  'Connecting…'
                )}
              </p>
              <p className="sim-clock">{(simulation.elapsedMs / 1000).toFixed(1)} s into the call</p>
            </>
          ) : (
            <p className="sim-state">No call yet</p>
          )}
          <button
            type="button"
            className="secondary"
            onClick={() => act((sim) => sim.skipToNext())}
            disabled={!simulation || !next}
            aria-describedby={`${id}-next`}
          >
            Skip to next event
          </button>
          <p id={`${id}-next`} className="help">
            {next ? `Next: ${next.label} in ${Math.max(0, (next.at - simulation!.call.now) / 1000).toFixed(1)} s` : ' '}
          </p>
          <button type="button" className="secondary" onClick={() => act((sim) => sim.speak(3000))} disabled={!running}>
            Speak for 3 s
          </button>
          <label className="inline">
            <input type="checkbox" checked={speakPrompts} onChange={(event) => setSpeakPrompts(event.target.checked)} /> Speak prompts aloud
          </label>
        </div>
      </div>
      {simulation && <SimTimeline simulation={simulation} revision={revision} />}
      <fieldset className="sim-save" disabled={!simulation}>
        <legend>Save as test</legend>
        <label>
          Test name
          <input value={testName} onChange={(event) => setTestName(event.target.value)} placeholder="A caller who presses 1 reaches sales" />
        </label>
        <button type="button" onClick={saveAsTest} disabled={!saved}>
          Save as test
        </button>
        {!saved && <p className="help">Save the flow first; the test is written next to it.</p>}
      </fieldset>
      {message && (
        <p className={`message is-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <TraceReplay flowId={flow?.id} disabled={running} onState={setReplayState} />
    </div>
  );
}
