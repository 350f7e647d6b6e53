import { writeFileSync } from 'node:fs';
import { formatFlow } from '../../blocks/language.ts';
import { parseSource } from '../../core/json-source.ts';
import { expandFlowPaths } from '../../node/flow-files.ts';
import { formatProblem, readOrReport } from '../report.ts';

/** Rewrites flows canonically, or with --check lists the ones that are not. */
export async function fmtCommand(paths: string[], options: { check?: boolean }): Promise<number> {
  let failed = false;
  for (const file of expandFlowPaths(paths)) {
    const read = readOrReport(file);
    if ('problem' in read) {
      console.log(read.problem);
      failed = true;
      continue;
    }
    const text = read.text;
    const source = parseSource(text, file);
    if (source.value === undefined) {
      source.problems.forEach((problem) => console.log(formatProblem(problem)));
      failed = true;
      continue;
    }
    const canonical = formatFlow(source.value);
    if (canonical === text) continue;
    if (options.check) {
      console.log(`${file}: not canonical — run callflow fmt ${file}`);
      failed = true;
    } else {
      writeFileSync(file, canonical);
      console.log(`${file}: formatted`);
    }
  }
  return failed ? 1 : 0;
}
