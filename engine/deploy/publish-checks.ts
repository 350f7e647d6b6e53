/**
 * The gate a flow passes before it goes live: it lints clean (everything `callflow lint` checks,
 * its id matching its name) and every scenario of its tests passes, run by the same simulator as
 * `callflow test`, against the live versions of the subflows it uses. Coverage is reported with
 * the results, so the editor can show what no scenario reached.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { checkText, compile } from '../blocks/language.ts';
import { coverageOf, runScenario, type CoverageReport, type ScenarioFile } from '../core/sim/scenario.ts';
import type { CompiledFlow } from '../core/compile.ts';
import { hasErrors } from '../core/validate.ts';
import { contentHash } from '../core/hash.ts';
import { speechEstimateMs } from '../core/sim/world.ts';
import type { FlowDocument, LoadedFlow, Problem } from '../core/types.ts';
import { formatFlow } from '../blocks/language.ts';
import { grantedPermissions } from '../node/flow-files.ts';
import { SCENARIO_SCHEMA_FILE } from '../node/paths.ts';
import { promptInspector, readPrompt } from '../node/prompt-files.ts';
import type { FlowFiles } from './deploy-store.ts';

export interface FailedScenario {
  name: string;
  /** Index of the failing step (0-based). */
  step?: number;
  message: string;
}

export interface PublishCheck {
  flow?: FlowDocument;
  /** The flow's content hash (what calls are pinned to without subflows). */
  hash?: string;
  problems: Problem[];
  failedScenarios: FailedScenario[];
  passedScenarios: string[];
  coverage?: CoverageReport;
}

let scenarioValidator: ReturnType<Ajv2020['compile']> | undefined;

/** Lints `files` as the flow `flowId` of the folder `dir`; runs its scenarios when `scenarios` is set. */
export function checkForPublish(
  flowId: string,
  files: FlowFiles,
  context: {
    dir: string;
    knownFlows: string[];
    subflow: (id: string) => LoadedFlow | undefined;
    scenarios: boolean;
    /** The synthesizer's voices, when known: a prompt's voice must be one of them. */
    voices?: Array<{ name: string; locale: string }>;
  },
): PublishCheck {
  const file = `${context.dir}/${flowId}.flow.json`;
  const result = checkText(files.flow, file, {
    inspectPrompt: promptInspector(context.dir),
    knownFlows: [...new Set([...context.knownFlows, flowId])],
    grantedPermissions: grantedPermissions(),
    ...(context.voices ? { voices: context.voices } : {}),
  });
  const problems = [...result.problems];
  if (result.flow && result.flow.id !== flowId)
    problems.push({
      file,
      pointer: '/id',
      ...result.source.locate('/id'),
      severity: 'error',
      code: 'file.id-mismatch',
      message: `the flow id '${result.flow.id}' differs from '${flowId}'`,
    });
  const report: PublishCheck = { problems, failedScenarios: [], passedScenarios: [] };
  if (!result.flow || hasErrors(problems)) return report;
  report.flow = result.flow;
  report.hash = contentHash(formatFlow(result.flow));
  if (!context.scenarios) return report;
  const scenarios = parseScenarios(flowId, files.tests);
  if ('error' in scenarios) return { ...report, failedScenarios: [{ name: `${flowId}.test.json`, message: scenarios.error }] };
  let compiled: CompiledFlow;
  try {
    compiled = compile({ flow: result.flow, hash: report.hash, file }, context.subflow);
  } catch (error) {
    return {
      ...report,
      problems: [...problems, { file, pointer: '', line: 1, column: 1, severity: 'error', code: 'compile', message: (error as Error).message }],
    };
  }
  const durations = promptDurations(context.dir);
  const results = scenarios.file.scenarios.map((scenario) => runScenario(compiled, scenario, { promptDurationMs: durations }));
  for (const run of results) {
    if (run.passed) report.passedScenarios.push(run.name);
    else report.failedScenarios.push({ name: run.name, ...(run.failedStep !== undefined ? { step: run.failedStep } : {}), message: run.failure ?? 'failed' });
  }
  report.coverage = coverageOf(compiled, results);
  return report;
}

function parseScenarios(flowId: string, text: string | undefined): { file: ScenarioFile } | { error: string } {
  if (text === undefined) return { file: { flow: flowId, scenarios: [] } };
  let file: ScenarioFile;
  try {
    file = JSON.parse(text) as ScenarioFile;
  } catch (error) {
    return { error: `the scenarios are not JSON: ${(error as Error).message}` };
  }
  scenarioValidator ??= new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCENARIO_SCHEMA_FILE, 'utf8')));
  if (!scenarioValidator(file))
    return {
      error: `the scenarios do not match schemas/scenario.schema.json: ${(scenarioValidator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
    };
  return { file };
}

/** Real prompt lengths from the WAV files, so scenario timings match calls. */
function promptDurations(dir: string): (prompt: { file?: string; text: string }) => number {
  const known = new Map<string, number>();
  return (prompt) => {
    if (prompt.file === undefined) return speechEstimateMs(prompt.text);
    if (!known.has(prompt.file)) {
      try {
        known.set(prompt.file, readPrompt(dir, prompt.file).durationMs);
      } catch {
        known.set(prompt.file, 1000);
      }
    }
    return known.get(prompt.file)!;
  };
}
