/**
 * "Save as test": the simulated session appended to `<id>.test.json` as a scenario (replayed once
 * before it is written, so a scenario that would not pass is never saved); the Tests panel lists it.
 */
import { useState } from 'react';
import type { FlowDocument } from '../../../engine/core/types.ts';
import { ApiError, engineApi } from '../files/engine-api.ts';
import { sessionToScenario } from './session-to-scenario.ts';
import type { Simulation } from './simulation.ts';

interface SaveAsTestProps {
  flow?: FlowDocument;
  simulation?: Simulation;
  /** The flow exists on disk, so scenarios can be saved next to it. */
  saved: boolean;
  onSaved: () => void;
}

export function SaveAsTest({ flow, simulation, saved, onSaved }: SaveAsTestProps) {
  const [testName, setTestName] = useState('');
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string }>();
  const save = async () => {
    if (!simulation || !flow) return;
    const { caller, transfers, http, vars } = simulation.setup;
    const name = testName.trim() || `A call from ${caller.phone ?? caller.user ?? 'an anonymous caller'}`;
    try {
      const scenario = sessionToScenario(
        simulation.compiled,
        name,
        { from: caller, at: new Date(simulation.startedAt).toISOString(), transfers, vars, http },
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
      setMessage({
        kind: 'info',
        text: `Saved “${name}” to ${flow.id}.test.json (${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}); see the Tests tab.`,
      });
      onSaved();
    } catch (error) {
      setMessage({ kind: 'error', text: `Not saved: ${(error as Error).message}` });
    }
  };
  return (
    <fieldset className="sim-save" disabled={!simulation}>
      <legend>Save as test</legend>
      <label>
        Test name
        <input value={testName} onChange={(event) => setTestName(event.target.value)} placeholder="A caller who presses 1 reaches sales" />
      </label>
      <button type="button" onClick={save} disabled={!saved}>
        Save as test
      </button>
      {!saved && <p className="help">Save the flow first; the test is written next to it.</p>}
      {message && (
        <p className={`message is-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </fieldset>
  );
}
