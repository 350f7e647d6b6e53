import { hasErrors } from '../../core/validate.ts';
import { expandFlowPaths } from '../../node/flow-files.ts';
import { formatProblem, readOrReport } from '../report.ts';
import { validateText } from '../../blocks/language.ts';

/** Schema and reference problems of each file; exit code 1 when any is an error. */
export async function validateCommand(paths: string[]): Promise<number> {
  let failed = false;
  for (const file of expandFlowPaths(paths)) {
    const read = readOrReport(file);
    if ('problem' in read) {
      console.log(read.problem);
      failed = true;
      continue;
    }
    const { problems } = validateText(read.text, file);
    for (const problem of problems) console.log(formatProblem(problem));
    if (hasErrors(problems)) failed = true;
    else if (!problems.length) console.log(`${file}: valid`);
  }
  return failed ? 1 : 0;
}
