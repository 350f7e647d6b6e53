/**
 * Runs a flow's scenarios from disk: validates the flow and its `<id>.test.json`, compiles with
 * the subflows of the same folder, plays each scenario with real prompt durations, and reports
 * coverage. Shared by `callflow test` and the test suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { hasErrors } from '../core/validate.ts';
import { compile } from '../blocks/language.ts';
import { runScenario, coverageOf, type ScenarioFile, type ScenarioResult, type CoverageReport } from '../core/sim/scenario.ts';
import type { LoadedFlow, Problem } from '../core/types.ts';
import { checkFile, expandFlowPaths, flowIdOf, loadedFrom, FLOW_SUFFIX, TEST_SUFFIX } from './flow-files.ts';
import { readPrompt } from './prompt-files.ts';
import { speechEstimateMs } from '../core/sim/world.ts';
import { SCENARIO_SCHEMA_FILE } from './paths.ts';

export interface FlowTestReport {
  file: string;
  problems: Problem[];
  /** Missing or invalid scenario file. */
  scenarioError?: string;
  results: ScenarioResult[];
  coverage?: CoverageReport;
  /** The compiled machine's definition (`machine.toJSON()`), for snapshots. */
  machine?: unknown;
}

let scenarioValidator: ReturnType<Ajv2020['compile']> | undefined;

export function runFlowTests(file: string): FlowTestReport {
  const checked = checkFile(file);
  const report: FlowTestReport = { file, problems: checked.problems, results: [] };
  if (!checked.flow || hasErrors(checked.problems)) return report;
  const dir = dirname(file);
  const testFile = join(dir, `${flowIdOf(file)}${TEST_SUFFIX}`);
  if (!existsSync(testFile)) return { ...report, scenarioError: `no scenarios: create ${testFile}` };
  let scenarios: ScenarioFile;
  try {
    scenarios = JSON.parse(readFileSync(testFile, 'utf8')) as ScenarioFile;
  } catch (error) {
    return { ...report, scenarioError: `${testFile} is not JSON: ${(error as Error).message}` };
  }
  scenarioValidator ??= new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCENARIO_SCHEMA_FILE, 'utf8')));
  if (!scenarioValidator(scenarios)) {
    const errors = (scenarioValidator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
    return { ...report, scenarioError: `${testFile} does not match schemas/scenario.schema.json: ${errors}` };
  }
  const resolve = (flowId: string): LoadedFlow | undefined => {
    const childFile = join(dir, `${flowId}${FLOW_SUFFIX}`);
    if (!existsSync(childFile)) return undefined;
    const child = checkFile(childFile);
    return child.flow && !hasErrors(child.problems) ? loadedFrom(child, childFile) : undefined;
  };
  const compiled = compile(loadedFrom(checked, file), resolve);
  const durations = new Map<string, number>();
  const promptDurationMs = (prompt: { file?: string; text: string }) => {
    if (prompt.file === undefined) return speechEstimateMs(prompt.text);
    if (!durations.has(prompt.file)) {
      try {
        durations.set(prompt.file, readPrompt(dir, prompt.file).durationMs);
      } catch {
        durations.set(prompt.file, 1000);
      }
    }
    return durations.get(prompt.file)!;
  };
  const results = scenarios.scenarios.map((scenario) => runScenario(compiled, scenario, { promptDurationMs }));
  return { ...report, results, coverage: coverageOf(compiled, results), machine: compiled.machine.toJSON() };
}

export function flowFilesWithTests(paths: string[]): string[] {
  return expandFlowPaths(paths);
}
