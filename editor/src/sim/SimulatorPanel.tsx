/**
 * The simulator: call the flow as a chosen caller, at a chosen time, with chosen start values and
 * answers to its web requests; press keys, speak, make people join or leave, hang up, let time run or skip to the next event;
 * watch the path the call takes on the canvas, with a timeline and the call's variables. A session
 * can be saved as a test, and a failing test step opens here, at the point it failed.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { FlowDocument } from '../../../engine/core/types.ts';
import type { Scenario } from '../../../engine/core/sim/scenario.ts';
import { useSimulation } from './use-simulation.ts';
import { Keypad } from './Keypad.tsx';
import { Participants } from './Participants.tsx';
import { rosterIn } from '../../../engine/core/sim/world.ts';
import { SimTimeline } from './SimTimeline.tsx';
import { promptDurations } from './prompt-durations.ts';
import { subflowsOf } from './subflows.ts';
import { TraceReplay } from './TraceReplay.tsx';
import { Simulation, type Caller, type SimulationSetup } from './simulation.ts';
import { SimSetup, DEFAULT_SETUP, type CallSetup } from './SimSetup.tsx';
import { HttpAnswers } from './HttpAnswers.tsx';
import { cannedAnswers, httpMocks, httpStates, type HttpAnswer } from './http-answers.ts';
import { flowTimeZone, wallClockToInstant } from './start-time.ts';
import { SaveAsTest } from './SaveAsTest.tsx';
import type { CallPath } from './call-path.ts';
import type { ResumedCall } from '../tests/run-tests.ts';

export interface SimulationProgress {
  /** The state the call is in, while the call is going on. */
  active?: string;
  path?: CallPath;
}

interface SimulatorPanelProps {
  /** The flow when it has no errors (only such a flow can be compiled). */
  flow?: FlowDocument;
  errors: number;
  /** The flow has no blocks yet. */
  empty: boolean;
  /** The engine has the flow, so scenarios can be saved with its draft. */
  saved: boolean;
  /** The flow's test scenarios (their web request answers can be picked). */
  scenarios: Scenario[];
  testsText: string | null;
  saveTests: (text: string) => Promise<boolean>;
  onProgress: (progress: SimulationProgress) => void;
  /** A test step to continue from. */
  resume?: ResumedCall;
}

const callerOf = (setup: CallSetup): Caller => ({
  ...(setup.callerKind === 'phone' ? { phone: setup.identity } : setup.callerKind === 'user' ? { user: setup.identity } : {}),
  ...(setup.displayName ? { displayName: setup.displayName } : {}),
});

export function SimulatorPanel({ flow, errors, empty, saved, scenarios, testsText, saveTests, onProgress, resume }: SimulatorPanelProps) {
  const id = useId();
  const { simulation, revision, clock, setClock, speakPrompts, setSpeakPrompts, start, adopt, act, stop } = useSimulation();
  const [setup, setSetup] = useState<CallSetup>(DEFAULT_SETUP);
  const [answers, setAnswers] = useState<Record<string, HttpAnswer>>({});
  const [message, setMessage] = useState<string>();
  const [replayState, setReplayState] = useState<string>();
  const requests = useMemo(() => httpStates(flow), [flow]);
  const canned = useMemo(() => cannedAnswers(scenarios), [scenarios]);

  useEffect(() => {
    if (simulation) onProgress({ active: simulation.ended ? undefined : simulation.state, path: simulation.path });
    else onProgress({ active: replayState });
  }, [simulation, revision, replayState, onProgress]);
  useEffect(() => stop, [stop]);

  useEffect(() => {
    if (!resume || !flow) return;
    const { scenario } = resume;
    const replayed: SimulationSetup = {
      flow,
      subflows: new Map(),
      caller: scenario.call?.from ?? { phone: '+14255550123' },
      transfers: scenario.transfers ?? 'accept',
      promptDurations: new Map(),
      startAt: resume.startedAt,
      ...(scenario.call?.vars ? { vars: scenario.call.vars } : {}),
      ...(scenario.http ? { http: scenario.http } : {}),
    };
    setClock('manual');
    adopt(new Simulation(replayed, resume), true);
    // Only a new request (its seq) resumes a call; the flow object changes with every edit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resume?.seq]);

  const startCall = async () => {
    if (!flow) return;
    // The last call goes at once: nothing of it is shown as if it were the new one.
    stop();
    setMessage(undefined);
    try {
      const [durations, subflows] = await Promise.all([promptDurations(flow), subflowsOf(flow)]);
      start({
        flow,
        subflows,
        caller: callerOf(setup),
        transfers: setup.transfers,
        promptDurations: durations,
        startAt: wallClockToInstant(setup.startsAt, flowTimeZone(flow)),
        vars: setup.vars,
        http: httpMocks(requests, answers, canned),
      });
    } catch (error) {
      setMessage(`The call could not start: ${(error as Error).message}`);
    }
  };

  const running = Boolean(simulation && !simulation.ended);
  const next = simulation?.next;
  return (
    <div className="simulator">
      {!flow && (
        <p className="notice">
          {empty
            ? 'Add blocks first: a call starts at the first block you add.'
            : `Fix the ${errors} problem${errors === 1 ? '' : 's'} in the Problems tab to call this flow.`}
        </p>
      )}
      <SimSetup flow={flow} setup={setup} onChange={setSetup} disabled={!flow || running} />
      <HttpAnswers requests={requests} canned={canned} answers={answers} onChange={setAnswers} disabled={!flow || running} />
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
      {message && (
        <p className="message is-error" role="alert">
          {message}
        </p>
      )}
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
          <Participants
            disabled={!running}
            present={simulation ? rosterIn(simulation.call.world) : []}
            onJoin={(name) => act((sim) => sim.join(name))}
            onLeave={(name) => act((sim) => sim.leave(name))}
          />
          <label className="inline">
            <input type="checkbox" checked={speakPrompts} onChange={(event) => setSpeakPrompts(event.target.checked)} /> Play prompts aloud
          </label>
        </div>
      </div>
      {simulation && <SimTimeline simulation={simulation} revision={revision} />}
      <SaveAsTest flow={flow} simulation={simulation} saved={saved} testsText={testsText} saveTests={saveTests} />
      <TraceReplay flowId={flow?.id} disabled={running} onState={setReplayState} />
    </div>
  );
}
