/**
 * A path a flow or a request names, resolved inside one folder or not at all. `..` parts, absolute
 * paths and symbolic links that lead out of the folder are all "outside": prompt files are read from
 * the flows folder and served from its prompts folder, and nothing else on the machine may be read
 * through them, nor its existence learnt.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export type Contained = { path: string; root: string; relative: string } | { problem: 'missing' | 'outside' };

function inside(root: string, path: string): string | null {
  const rel = relative(root, path);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return null;
  return rel;
}

/** The real path of `name` under `root`, with the root's real path and the path relative to it. */
export function containedPath(root: string, name: string): Contained {
  if (name.includes('\0') || name.split(/[\\/]/).includes('..') || isAbsolute(name)) return { problem: 'outside' };
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { problem: 'missing' };
  }
  if (inside(realRoot, resolve(realRoot, name)) === null) return { problem: 'outside' };
  let real: string;
  try {
    real = realpathSync(resolve(realRoot, name));
  } catch {
    return { problem: 'missing' };
  }
  const rel = inside(realRoot, real);
  return rel === null ? { problem: 'outside' } : { path: real, root: realRoot, relative: rel };
}
