import { readFileSync } from 'node:fs';
import { hasErrors } from '../../core/validate.ts';
import { expandFlowPaths } from '../../node/flow-files.ts';
import { formatProblem } from '../report.ts';
import { validateText } from '../../blocks/language.ts';

/** Schema and reference problems of each file; exit code 1 when any is an error. */
export async function validateCommand(paths: string[]): Promise<number> {
  let failed = false;
  for (const file of expandFlowPaths(paths)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      console.log(`${file}:1:1  /  error  cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      failed = true;
      continue;
    }
    const { problems } = validateText(text, file);
    for (const problem of problems) console.log(formatProblem(problem));
    if (hasErrors(problems)) failed = true;
    else if (!problems.length) console.log(`${file}: valid`);
  }
  return failed ? 1 : 0;
}
