import { hasErrors } from '../../core/validate.ts';
import type { DiagramFormat } from '../../core/diagram.ts';
import { formatProblem, readOrReport } from '../report.ts';
import { diagram, validateText } from '../../blocks/language.ts';

export async function graphCommand(file: string, options: { format: string }): Promise<number> {
  if (options.format !== 'mermaid' && options.format !== 'dot') {
    console.error(`unknown format '${options.format}'; use mermaid or dot`);
    return 2;
  }
  const read = readOrReport(file);
  if ('problem' in read) {
    console.error(read.problem);
    return 1;
  }
  const { flow, problems } = validateText(read.text, file);
  if (!flow || hasErrors(problems)) {
    problems.forEach((problem) => console.error(formatProblem(problem)));
    return 1;
  }
  process.stdout.write(diagram(flow, options.format as DiagramFormat));
  return 0;
}
