import { existsSync } from 'node:fs';
import { hasErrors } from '../../core/validate.ts';
import { checkFile, expandFlowPaths } from '../../node/flow-files.ts';
import { formatProblem, summary } from '../report.ts';

/** Validation plus static checks for each flow; exit 1 on errors (or warnings with --strict). */
export async function lintCommand(paths: string[], options: { strict?: boolean }): Promise<number> {
  let failed = false;
  const all = [];
  for (const file of expandFlowPaths(paths)) {
    if (!existsSync(file)) {
      console.log(`${file}:1:1  /  error  no such file`);
      failed = true;
      continue;
    }
    const { problems } = checkFile(file);
    all.push(...problems);
    for (const problem of problems) console.log(formatProblem(problem));
    if (hasErrors(problems) || (options.strict && problems.some((p) => p.severity === 'warning'))) failed = true;
  }
  console.log(summary(all));
  return failed ? 1 : 0;
}
