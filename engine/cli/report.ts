/**
 * How the CLI prints problems: `file:line:col  /json/pointer  severity  message`, one per line,
 * the format editors and CI annotators understand.
 */
import type { Problem } from '../core/types.ts';

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}  ${problem.pointer || '/'}  ${problem.severity}  ${problem.message}`;
}

export function summary(problems: Problem[]): string {
  const count = (severity: Problem['severity']) => problems.filter((p) => p.severity === severity).length;
  return `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`;
}
