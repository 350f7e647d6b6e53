/**
 * What a publish came to, from the engine's answer: published (its number, the scenarios that
 * passed and what they covered), refused for lint problems, refused for failing scenarios (each
 * with its failing step), refused because another publish came first, or not done for another
 * reason. Nothing else is shown in the Publish dialog.
 */
import type { Problem } from '../../../engine/core/types.ts';
import type { CoverageReport } from '../../../engine/core/sim/scenario.ts';
import { ApiError } from '../files/engine-api.ts';
import type { FailedScenario, Published } from './lifecycle-api.ts';

export type PublishOutcome =
  | { kind: 'published'; number: number; passed: string[]; coverage: CoverageReport | null; warning?: string }
  | { kind: 'problems'; message: string; problems: Problem[] }
  | { kind: 'scenarios'; message: string; failed: FailedScenario[]; coverage: CoverageReport | null }
  | { kind: 'conflict'; message: string }
  | { kind: 'error'; message: string };

export function publishedOutcome(answer: Published): PublishOutcome {
  return {
    kind: 'published',
    number: answer.number,
    passed: answer.passedScenarios ?? [],
    coverage: answer.coverage ?? null,
    ...(answer.warning ? { warning: answer.warning } : {}),
  };
}

export function refusedOutcome(error: unknown): PublishOutcome {
  if (!(error instanceof ApiError)) return { kind: 'error', message: String((error as Error)?.message ?? error) };
  const { status, body } = error;
  if (status === 422 && body.failedScenarios?.length)
    return { kind: 'scenarios', message: error.message, failed: body.failedScenarios, coverage: body.coverage ?? null };
  if (status === 422 && body.problems) return { kind: 'problems', message: error.message, problems: body.problems };
  if (status === 409 && body.error?.code === 'publishConflict') return { kind: 'conflict', message: error.message };
  return { kind: 'error', message: `Not published: ${error.message}` };
}

/** "reached 9 of 10 blocks and 14 of 17 connections" */
export function coverageInWords(coverage: CoverageReport): string {
  const states = coverage.states - coverage.missedStates.length;
  const ports = coverage.ports - coverage.missedPorts.length;
  return `reached ${states} of ${coverage.states} blocks and ${ports} of ${coverage.ports} connections`;
}
