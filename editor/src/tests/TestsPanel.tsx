/**
 * The Tests panel: the flow's scenarios (`<id>.test.json`, written by "Save as test" or by hand),
 * run here by the runner `callflow test` uses. Each scenario shows its steps, passed, failed (with
 * the reason) or not run; the states no run reached are dimmed on the canvas; a step opens in the
 * simulator with the call as the test left it just before that step.
 */
import { useEffect, useRef, useState } from 'react';
import type { Scenario } from '../../../engine/core/sim/scenario.ts';
import type { FlowDocument } from '../../../engine/core/types.ts';
import { promptDurations } from '../sim/prompt-durations.ts';
import { subflowsOf } from '../sim/subflows.ts';
import { callBefore, compileForTests, describeStep, failureInWords, runTests, worldFor, type ResumedCall, type TestRun } from './run-tests.ts';

interface TestsPanelProps {
  /** The flow when it has no errors (only such a flow can be compiled). */
  flow?: FlowDocument;
  scenarios: Scenario[];
  error?: string;
  /** States the last run did not reach (undefined: no run shown). */
  onCoverage: (unreached: ReadonlySet<string> | undefined) => void;
  onOpenStep: (call: ResumedCall) => void;
  /** A scenario to show and run (a failing one the Publish dialog led here), with its failing step. */
  focus?: { name: string; step?: number; seq: number };
}

export function TestsPanel({ flow, scenarios, error, onCoverage, onOpenStep, focus }: TestsPanelProps) {
  const [run, setRun] = useState<TestRun & { of: FlowDocument }>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const shown = run && run.of === flow ? run : undefined;

  const prepare = async (of: FlowDocument) => {
    const [durations, subflows] = await Promise.all([promptDurations(of), subflowsOf(of)]);
    return { compiled: compileForTests(of, subflows), world: worldFor(durations) };
  };
  const runSome = async (chosen: Scenario[]) => {
    if (!flow) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const { compiled, world } = await prepare(flow);
      const result = runTests(compiled, chosen, world);
      setRun({ ...result, runs: { ...(shown?.runs ?? {}), ...result.runs }, of: flow });
      onCoverage(new Set(result.coverage.missedStates));
    } catch (problem) {
      setFailure(`The tests could not run: ${(problem as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  // Led here to a scenario: it is run at once, so its failing step shows, and scrolled into view.
  const focused = useRef<HTMLLIElement>(null);
  const focusRun = useRef<number>(undefined);
  useEffect(() => {
    if (!focus || focusRun.current === focus.seq) return;
    const scenario = scenarios.find((candidate) => candidate.name === focus.name);
    if (!scenario || !flow) return;
    focusRun.current = focus.seq;
    void runSome([scenario]);
  });
  useEffect(() => {
    // A block body: scrollIntoView returns a promise in newer browsers, which is no effect cleanup.
    void focused.current?.scrollIntoView({ block: 'nearest' });
  }, [focus?.seq]);
  const openStep = async (scenario: Scenario, step: number) => {
    if (!flow) return;
    const { compiled, world } = await prepare(flow);
    onOpenStep(callBefore(compiled, scenario, step, world, Date.now()));
  };

  if (!scenarios.length)
    return (
      <div className="tests-panel">
        {error ? <p className="message is-error">Could not read the tests: {error}</p> : null}
        <p className="notice">This flow has no tests yet. Call it in Simulate and use “Save as test” to keep a call as a test.</p>
      </div>
    );
  const results = scenarios.map((scenario) => shown?.runs[scenario.name]);
  const passed = results.filter((result) => result?.passed).length;
  const failed = results.filter((result) => result && !result.passed).length;
  return (
    <div className="tests-panel">
      <div className="tests-actions">
        <button type="button" className="primary" onClick={() => void runSome(scenarios)} disabled={!flow || busy}>
          Run all
        </button>
        <p className="tests-summary" role="status">
          {shown ? `${passed} passed, ${failed} failed` : `${scenarios.length} test${scenarios.length === 1 ? '' : 's'}, not run yet`}
          {shown &&
            ` · the last run reached ${shown.coverage.states - shown.coverage.missedStates.length} of ${shown.coverage.states} blocks and ${
              shown.coverage.ports - shown.coverage.missedPorts.length
            } of ${shown.coverage.ports} connections`}
        </p>
      </div>
      {!flow && <p className="notice">Fix the problems of the flow to run its tests.</p>}
      {failure && (
        <p className="message is-error" role="alert">
          {failure}
        </p>
      )}
      <ul className="scenario-list">
        {scenarios.map((scenario, index) => {
          const result = results[index];
          return (
            <li
              key={scenario.name}
              ref={focus?.name === scenario.name ? focused : undefined}
              aria-current={focus?.name === scenario.name ? 'true' : undefined}
              className={
                [result ? (result.passed ? 'is-passed' : 'is-failed') : '', focus?.name === scenario.name ? 'is-focused' : ''].join(' ').trim() || undefined
              }
            >
              <div className="scenario-head">
                <span className="scenario-name">{scenario.name}</span>
                <button type="button" className="secondary" onClick={() => void runSome([scenario])} disabled={!flow || busy}>
                  Run
                </button>
              </div>
              <p className="scenario-result">
                {!result
                  ? 'Not run yet'
                  : result.passed
                    ? 'Passed'
                    : result.failedStep !== undefined && result.failedStep >= 0
                      ? `Failed at step ${result.failedStep + 1}`
                      : `Failed: ${failureInWords(result.failure ?? '')}`}
              </p>
              <ol className="scenario-steps" aria-label="Steps">
                {scenario.steps.map((step, at) => {
                  const outcome = result?.steps[at];
                  return (
                    <li key={at} data-result={outcome ?? 'not run'} className={`step-${(outcome ?? 'not run').replace(' ', '-')}`}>
                      <span className="step-text">{describeStep(step)}</span>
                      {outcome === 'failed' && <span className="step-failure">: {failureInWords(result?.failure ?? '')}</span>}
                      {outcome === 'failed' && (
                        <button type="button" className="link" onClick={() => void openStep(scenario, at)}>
                          Open in simulator
                        </button>
                      )}
                    </li>
                  );
                })}
              </ol>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
