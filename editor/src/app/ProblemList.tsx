/** Problems as a list: severity in words, where (line:column), the message; each leads to its place. */
import type { Problem } from '../../../engine/core/types.ts';

export function ProblemList({ problems, onReveal }: { problems: Problem[]; onReveal: (problem: Problem) => void }) {
  if (!problems.length) return <p className="all-clear">No problems.</p>;
  return (
    <ul className="problem-list" aria-label="Problems">
      {problems.map((problem, index) => (
        <li key={index} className={`is-${problem.severity}`}>
          <button type="button" className="problem-link" onClick={() => onReveal(problem)}>
            <span className="problem-severity">{problem.severity}</span>
            <span className="problem-where">
              {problem.line}:{problem.column}
            </span>
            <span className="problem-message">{problem.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
