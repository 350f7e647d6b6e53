/**
 * "Save as test": the simulated session appended to the draft's scenarios (`<id>.test.json` once
 * published) — replayed once before it is saved, so a scenario that would not pass is never kept;
 * the Tests panel lists it. A scenario of the same name is replaced.
 */
import { useState } from 'react';
import type { FlowDocument } from '../../../engine/core/types.ts';
import { parseScenarios } from '../tests/use-flow-tests.ts';
import { sessionToScenario } from './session-to-scenario.ts';
import type { Simulation } from './simulation.ts';

interface SaveAsTestProps {
  flow?: FlowDocument;
  simulation?: Simulation;
  /** The engine has the flow (its draft or live version), so scenarios can be saved with it. */
  saved: boolean;
  /** The draft's scenarios file text (null: none yet). */
  testsText: string | null;
  /** Saves the scenarios file's text with the draft; resolves with whether it was saved. */
  saveTests: (text: string) => Promise<boolean>;
}

export function SaveAsTest({ flow, simulation, saved, testsText, saveTests }: SaveAsTestProps) {
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
      const parsed = parseScenarios(testsText);
      if (parsed.error) throw new Error(parsed.error);
      const existing = parsed.file ?? { $schema: '../schemas/scenario.schema.json', flow: flow.id, scenarios: [] };
      const scenarios = [...existing.scenarios.filter((other) => other.name !== name), scenario];
      if (!(await saveTests(`${JSON.stringify({ ...existing, scenarios }, null, 2)}\n`)))
        throw new Error('the draft could not be saved (see the status above)');
      setMessage({
        kind: 'info',
        text: `Saved “${name}” to the draft's tests (${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}); see the Tests tab.`,
      });
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
      {!saved && <p className="help">Save the flow first; the test is saved with its draft.</p>}
      {message && (
        <p className={`message is-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </fieldset>
  );
}
