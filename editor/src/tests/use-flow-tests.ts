/** The open flow's test scenarios, as its draft holds them (the scenarios file's text; none when it has no tests). */
import { useMemo } from 'react';
import type { Scenario, ScenarioFile } from '../../../engine/core/sim/scenario.ts';

export function parseScenarios(text: string | null): { file?: ScenarioFile; error?: string } {
  if (text === null) return {};
  try {
    const file = JSON.parse(text) as ScenarioFile;
    if (!Array.isArray(file?.scenarios)) return { error: 'the scenarios file has no "scenarios" list' };
    return { file };
  } catch (error) {
    return { error: `the scenarios file is not JSON (${(error as Error).message})` };
  }
}

export function useFlowTests(testsText: string | null): { scenarios: Scenario[]; error?: string } {
  return useMemo(() => {
    const parsed = parseScenarios(testsText);
    return { scenarios: parsed.file?.scenarios ?? [], error: parsed.error };
  }, [testsText]);
}
