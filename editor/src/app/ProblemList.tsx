/**
 * Problems as a list of plain sentences (plain-problems.ts), each naming the block it is about and
 * leading to it; where in the text it is (the JSON pointer, line and column, as `callflow lint`
 * prints them) is kept under a "Details" disclosure for the developer.
 */
import type { Problem } from '../../../engine/core/types.ts';
import type { FlowValue } from '../document/flow-value.ts';
import { plainProblem } from '../document/plain-problems.ts';

const SEVERITY: Record<Problem['severity'], string> = { error: 'Must fix', warning: 'Check', info: 'Note' };

export function ProblemList({ problems, flow, onReveal }: { problems: Problem[]; flow: FlowValue | undefined; onReveal: (problem: Problem) => void }) {
  if (!problems.length) return <p className="all-clear">No problems.</p>;
  return (
    <ul className="problem-list" aria-label="Problems">
      {problems.map((problem, index) => {
        const state = /^\/states\/([^/]+)/.exec(problem.pointer)?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
        return (
          <li key={index} className={`is-${problem.severity}`}>
            <button type="button" className="problem-link" onClick={() => onReveal(problem)}>
              <span className="problem-severity">{SEVERITY[problem.severity]}</span>
              {state && <span className="problem-state">{state}</span>}
              <span className="problem-message">{plainProblem(problem, flow)}</span>
            </button>
            <details className="problem-details">
              <summary>Details</summary>
              <p>
                <code>{problem.pointer || '/'}</code> at line {problem.line}, column {problem.column} ({problem.code})
              </p>
              <p>{problem.message}</p>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
