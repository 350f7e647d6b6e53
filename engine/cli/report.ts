/**
 * How the CLI prints problems: `file:line:col  /json/pointer  severity  message`, one per line,
 * the format editors and CI annotators understand.
 */
import { readFileSync } from 'node:fs';
import type { Problem } from '../core/types.ts';

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}  ${problem.pointer || '/'}  ${problem.severity}  ${problem.message}`;
}

export function summary(problems: Problem[]): string {
  const count = (severity: Problem['severity']) => problems.filter((p) => p.severity === severity).length;
  return `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`;
}

/** The file's text, or the problem line saying why it cannot be read (a missing file is an error, not a crash). */
export function readOrReport(file: string): { text: string } | { problem: string } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    return { problem: `${file}:1:1  /  error  cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}
