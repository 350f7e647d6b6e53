import { runFlowTests, flowFilesWithTests } from '../../node/flow-tests.ts';
import { hasErrors } from '../../core/validate.ts';
import { formatProblem } from '../report.ts';

/** Runs every flow's scenarios; prints results and what no scenario reached. */
export async function testCommand(paths: string[]): Promise<number> {
  let passed = 0;
  let failed = 0;
  for (const file of flowFilesWithTests(paths)) {
    const report = runFlowTests(file);
    console.log(file);
    if (hasErrors(report.problems)) {
      report.problems.filter((p) => p.severity === 'error').forEach((p) => console.log(`  ${formatProblem(p)}`));
      failed++;
      continue;
    }
    if (report.scenarioError) {
      console.log(`  ${report.scenarioError}`);
      failed++;
      continue;
    }
    for (const result of report.results) {
      if (result.passed) {
        passed++;
        console.log(`  ✓ ${result.name}`);
      } else {
        failed++;
        console.log(`  ✗ ${result.name}\n      step ${(result.failedStep ?? 0) + 1}: ${result.failure}`);
      }
    }
    const coverage = report.coverage!;
    const reachedStates = coverage.states - coverage.missedStates.length;
    const reachedPorts = coverage.ports - coverage.missedPorts.length;
    console.log(`  coverage: ${reachedStates}/${coverage.states} states, ${reachedPorts}/${coverage.ports} ports`);
    if (coverage.missedStates.length) console.log(`  states no scenario reached: ${coverage.missedStates.join(', ')}`);
    if (coverage.missedPorts.length) console.log(`  ports no scenario took: ${coverage.missedPorts.join(', ')}`);
  }
  console.log(`${passed} scenario(s) passed, ${failed} failed`);
  return failed ? 1 : 0;
}
