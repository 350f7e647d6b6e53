/**
 * `callflow diff <old> <new>`: what changed between two versions of a flow, one change a line as
 * `<pointer>  <sentence>`, then how many. Either side may be /dev/null (a flow added or deleted).
 *
 * The same command is git's external diff driver (`diff.callflow.command`): git appends `path
 * old-file old-hex old-mode new-file new-hex new-mode` (two more, the new path and git's rename
 * lines, for a renamed file; only `path` for an unmerged one). Git stops the whole `git diff` or
 * `git log -p` when a driver exits non-zero, so as a driver a file that is not a flow is reported
 * in the output and the command still exits 0; called directly it exits 1.
 */
import type { FlowDocument } from '../../core/types.ts';
import { diffFlows, validateText } from '../../blocks/language.ts';
import { formatProblem, readOrReport } from '../report.ts';

const NO_FILE = '/dev/null';

interface Side {
  file: string;
  /** How the file is named in messages (git's temporary copies get the repository path). */
  label: string;
}

type Read = { flow: FlowDocument | undefined } | { problems: string[] };

function readFlow(side: Side): Read {
  if (side.file === NO_FILE) return { flow: undefined };
  const read = readOrReport(side.file);
  if ('problem' in read) return { problems: [read.problem.replace(side.file, side.label)] };
  const { flow, problems } = validateText(read.text, side.label);
  // Reference mistakes (an unknown target) are lint's business; the diff shows them as they are.
  if (!flow) return { problems: problems.filter((problem) => problem.severity === 'error').map(formatProblem) };
  return { flow };
}

/** Both sides read, then the lines to print (the changes, the summary last), or why they cannot be compared. */
function compare(old: Side, now: Side): { lines: string[] } | { problems: string[] } {
  const reads = [readFlow(old), readFlow(now)];
  const problems = reads.flatMap((read) => ('problems' in read ? read.problems : []));
  if (problems.length) return { problems };
  const [before, after] = reads.map((read) => ('flow' in read ? read.flow : undefined));
  const changes = diffFlows(before, after);
  const lines = changes.map((change) => `${change.pointer || '/'}  ${change.sentence}`);
  lines.push(changes.length === 0 ? 'no changes' : `${changes.length} change${changes.length === 1 ? '' : 's'}`);
  return { lines };
}

export async function diffCommand(args: string[]): Promise<number> {
  if (args.length === 2) {
    const result = compare({ file: args[0], label: args[0] }, { file: args[1], label: args[1] });
    if ('problems' in result) {
      result.problems.forEach((problem) => console.error(problem));
      return 1;
    }
    result.lines.forEach((line) => console.log(line));
    return 0;
  }
  if (args.length === 7 || args.length === 9) return gitDriver(args);
  if (args.length === 1 && process.env.GIT_DIFF_PATH_COUNTER !== undefined) {
    console.log(`* Unmerged path ${args[0]}`);
    return 0;
  }
  console.error('usage: callflow diff <old> <new>  (or, as a git diff driver, the 7 arguments git passes)');
  return 1;
}

/** git's calling convention: a header like git's own, the rename lines git gives, then the changes. */
function gitDriver([path, oldFile, , , newFile, , , newPath = path, renameLines = '']: string[]): number {
  console.log(`diff --callflow a/${path} b/${newPath}`);
  if (renameLines.trim()) console.log(renameLines.trimEnd());
  const result = compare({ file: oldFile, label: `a/${path}` }, { file: newFile, label: `b/${newPath}` });
  if ('problems' in result) {
    result.problems.forEach((problem) => console.log(problem));
    console.log('not compared: a side is not a valid flow');
  } else result.lines.forEach((line) => console.log(line));
  return 0;
}
