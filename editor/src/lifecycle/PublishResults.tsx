/**
 * What the Publish dialog shows after the engine answered: the version it became, or why nothing
 * was published — lint problems (each leading to its block, as in the Problems list) or the
 * scenarios that failed, each with its failing step and a way to open it in the Tests tab — and,
 * with the scenarios, which blocks and connections they reached.
 */
import type { Problem } from '../../../engine/core/types.ts';
import type { Scenario } from '../../../engine/core/sim/scenario.ts';
import type { FlowValue } from '../document/flow-value.ts';
import { ProblemList } from '../app/ProblemList.tsx';
import { describeStep, failureInWords } from '../tests/run-tests.ts';
import { coverageInWords, type PublishOutcome } from './publish-outcome.ts';
import type { CoverageReport } from '../../../engine/core/sim/scenario.ts';

interface PublishResultsProps {
  outcome: PublishOutcome;
  scenarios: Scenario[];
  flow: FlowValue | undefined;
  onReveal: (problem: Problem) => void;
  onOpenScenario: (name: string, step: number | undefined) => void;
  onReload: () => void;
}

function Coverage({ coverage }: { coverage: CoverageReport | null }) {
  if (!coverage) return null;
  return (
    <p className="publish-coverage">
      The scenarios {coverageInWords(coverage)}
      {coverage.missedStates.length ? `; not reached: ${coverage.missedStates.join(', ')}` : ''}.
    </p>
  );
}

export function PublishResults({ outcome, scenarios, flow, onReveal, onOpenScenario, onReload }: PublishResultsProps) {
  switch (outcome.kind) {
    case 'published':
      return (
        <div className="publish-results is-published">
          <p className="message is-info" role="status">
            Published as version {outcome.number}. New calls hear it; calls in progress finish on the version they started with.
          </p>
          <p>
            {outcome.passed.length} scenario{outcome.passed.length === 1 ? '' : 's'} passed.
          </p>
          <Coverage coverage={outcome.coverage} />
          {outcome.warning && <p className="message is-error">{outcome.warning}</p>}
        </div>
      );
    case 'problems':
      return (
        <div className="publish-results">
          <p className="message is-error" role="alert">
            Not published: the flow has problems to fix first ({outcome.message}).
          </p>
          <ProblemList problems={outcome.problems.filter((problem) => problem.severity === 'error')} flow={flow} onReveal={onReveal} />
        </div>
      );
    case 'scenarios': {
      const total = scenarios.length || outcome.failed.length;
      return (
        <div className="publish-results">
          <p className="message is-error" role="alert">
            Not published: {outcome.failed.length} of {total} scenario{total === 1 ? '' : 's'} fail{outcome.failed.length === 1 ? 's' : ''}.
          </p>
          <ul className="failed-scenarios" aria-label="Failing scenarios">
            {outcome.failed.map((failed) => {
              const step = failed.step !== undefined ? scenarios.find((scenario) => scenario.name === failed.name)?.steps[failed.step] : undefined;
              return (
                <li key={failed.name}>
                  <span className="scenario-name">{failed.name}</span>
                  <span className="failed-step">
                    {failed.step !== undefined ? `Fails at step ${failed.step + 1}${step ? ` (${describeStep(step)})` : ''}: ` : 'Fails: '}
                    {failureInWords(failed.message)}
                  </span>
                  <button type="button" className="link" onClick={() => onOpenScenario(failed.name, failed.step)}>
                    Open in Tests
                  </button>
                </li>
              );
            })}
          </ul>
          <Coverage coverage={outcome.coverage} />
        </div>
      );
    }
    case 'conflict':
      return (
        <div className="publish-results">
          <p className="message is-error" role="alert">
            Someone else published this flow first, so nothing was published ({outcome.message}). Reload to see the flow as it is now.
          </p>
          <button type="button" className="secondary" onClick={onReload}>
            Reload the flow
          </button>
        </div>
      );
    case 'error':
      return (
        <p className="message is-error" role="alert">
          {outcome.message}
        </p>
      );
  }
}
