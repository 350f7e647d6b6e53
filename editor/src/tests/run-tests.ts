/**
 * The flow's scenarios run in the browser by the runner `callflow test` uses (runScenario and
 * coverageOf from the core, with the same prompt lengths), each step marked passed, failed or
 * not run, and the call a scenario made up to a step, to continue it in the simulator.
 */
import { compile, formatFlow } from '../../../engine/blocks/language.ts';
import type { CompiledFlow, FlowResolver } from '../../../engine/core/compile.ts';
import { contentHash } from '../../../engine/core/hash.ts';
import { coverageOf, runScenario, DEFAULT_START, type CoverageReport, type Scenario, type ScenarioStep } from '../../../engine/core/sim/scenario.ts';
import type { SimulatedCall } from '../../../engine/core/sim/simulated-call.ts';
import type { WorldOptions } from '../../../engine/core/sim/world.ts';
import type { FlowDocument } from '../../../engine/core/types.ts';

export type StepOutcome = 'passed' | 'failed' | 'not run';

export interface ScenarioRun {
  name: string;
  passed: boolean;
  failure?: string;
  /** Index of the failing step (-1: the flow could not start). */
  failedStep?: number;
  steps: StepOutcome[];
}

export interface TestRun {
  runs: Record<string, ScenarioRun>;
  coverage: CoverageReport;
}

/** A call a scenario took up to a step, for the simulator to continue (`seq` tells requests apart). */
export interface ResumedCall {
  seq: number;
  scenario: Scenario;
  compiled: CompiledFlow;
  call: SimulatedCall;
  startedAt: number;
}

const loaded = (flow: FlowDocument) => ({ flow, hash: contentHash(formatFlow(flow)) });

export function compileForTests(flow: FlowDocument, subflows: Map<string, FlowDocument>): CompiledFlow {
  const resolve: FlowResolver = (id) => (subflows.has(id) ? loaded(subflows.get(id)!) : undefined);
  return compile(loaded(flow), resolve);
}

/** As `callflow test`: real prompt lengths, and one second for a recording whose length is unknown. */
export const worldFor = (durations: Map<string, number>): WorldOptions => ({
  promptDurationMs: (prompt) => (prompt.file !== undefined ? durations.get(prompt.file) : undefined) ?? 1000,
});

export function runTests(compiled: CompiledFlow, scenarios: Scenario[], world: WorldOptions): TestRun {
  const results = scenarios.map((scenario) => runScenario(compiled, scenario, world));
  const runs = Object.fromEntries(
    results.map((result, index) => {
      const steps = scenarios[index].steps.map((_step, at): StepOutcome =>
        result.passed || at < (result.failedStep ?? 0) ? 'passed' : at === result.failedStep ? 'failed' : 'not run',
      );
      return [result.name, { name: result.name, passed: result.passed, failure: result.failure, failedStep: result.failedStep, steps }];
    }),
  );
  return { runs, coverage: coverageOf(compiled, results) };
}

/** The call of a scenario after the steps before `step`, ready to continue in the simulator. */
export function callBefore(compiled: CompiledFlow, scenario: Scenario, step: number, world: WorldOptions, seq: number): ResumedCall {
  const result = runScenario(compiled, { ...scenario, steps: scenario.steps.slice(0, Math.max(0, step)) }, world);
  return { seq, scenario, compiled, call: result.sim, startedAt: Date.parse(scenario.call?.at ?? DEFAULT_START) };
}

/** The runner's failure in fewer developer words: "graph.cancelMediaProcessing" → "cancel media processing", {"phone":"+1…"} → +1…. */
export function failureInWords(failure: string): string {
  return failure
    .replace(/\bgraph\.([a-zA-Z]+)/g, (_all, name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
    .replace(/\{[^{}]*\}/g, (json) => {
      try {
        return Object.values(JSON.parse(json) as Record<string, unknown>).join(' ');
      } catch {
        return json;
      }
    });
}

/** A step in words: "Press 2", "Expect the prompt mainMenu", "Wait 6s". */
export function describeStep(step: ScenarioStep): string {
  if ('press' in step) return step.leg ? `The person on call leg ${step.leg} presses ${step.press}` : `The caller presses ${step.press}`;
  if ('wait' in step) return `Wait ${typeof step.wait === 'number' ? `${step.wait} s` : step.wait}`;
  if ('hangup' in step) return 'The caller hangs up';
  if ('speak' in step) return `The caller speaks for ${typeof step.speak === 'number' ? `${step.speak} s` : step.speak}`;
  if ('join' in step) return `${step.join} joins the call`;
  if ('leave' in step) return `${step.leave} leaves the call`;
  const expect = step.expect;
  if (expect.play !== undefined) return `Expect the prompt ${[expect.play].flat().join(' + ')}`;
  if (expect.consult !== undefined) return `Expect a consult call${expect.consult === true ? '' : ` to ${Object.values(expect.consult).join(' ')}`}`;
  if (expect.transfer !== undefined) return `Expect a transfer${expect.transfer === true ? '' : ` to ${Object.values(expect.transfer).join(' ')}`}`;
  if (expect.state !== undefined) return `Expect the call in ${expect.state}`;
  if (expect.variable !== undefined) return `Expect ${expect.variable.name} = ${JSON.stringify(expect.variable.value)}`;
  if (expect.hangup) return 'Expect the bot to hang up';
  if (expect.ended) return 'Expect the call to end';
  if (expect.http !== undefined) return `Expect a web request to ${expect.http}`;
  return `Expect ${JSON.stringify(expect)}`;
}
