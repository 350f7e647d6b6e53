/**
 * Summarizes a V8 .cpuprofile: the functions with the most self time, overall or only inside calls
 * of one function (e.g. everything `step` spends, wherever it is). For finding what to fix when a
 * benchmark misses its aim:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/run.ts
 *   node --import tsx bench/profile.ts /tmp/prof/<file>.cpuprofile [--under step@step.ts] [--top 25]
 *
 * `--under name@file` keeps samples with a frame `name` from a file ending in `file` on their stack;
 * repeated, it intersects. `--exclude name@file` drops samples with such a frame (e.g. the baseline).
 * `--by-package` adds up self time per npm package, Node internal module and engine file: async
 * code has short stacks in a profile (each await resumes from the microtask queue), so where the
 * time goes is often clearer by owner than by caller.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Hot {
  name: string;
  selfMs: number;
  share: number;
}

type Matcher = (frame: CallFrame) => boolean;

export function frameMatcher(spec: string): Matcher {
  const [name, file] = spec.split('@');
  return (frame) => frame.functionName === name && (!file || frame.url.endsWith(file));
}

function where(frame: CallFrame): string {
  const file = frame.url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^\/work\/main\//, '');
  return `${file || '(native)'}:${frame.functionName || '(anonymous)'}`;
}

/** Self time per function (file:function) over the samples whose stack passes the filters. */
export function hotFunctions(profile: Profile, under: Matcher[] = [], exclude: Matcher[] = []): { totalMs: number; hot: Hot[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keep = new Map<number, boolean>();
  const kept = (id: number): boolean => {
    const cached = keep.get(id);
    if (cached !== undefined) return cached;
    const found = under.map(() => false);
    let excluded = false;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      under.forEach((match, index) => (found[index] ||= match(frame)));
      excluded ||= exclude.some((match) => match(frame));
    }
    const result = found.every(Boolean) && !excluded;
    keep.set(id, result);
    return result;
  };
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index + 1] ?? 0;
    if (!kept(id)) return;
    const name = where(byId.get(id)!.callFrame);
    self.set(name, (self.get(name) ?? 0) + micros);
    total += micros;
  });
  const hot = [...self].map(([name, micros]) => ({ name, selfMs: micros / 1000, share: micros / total })).sort((a, b) => b.selfMs - a.selfMs);
  return { totalMs: total / 1000, hot };
}

/** The owner of a `file:function` name: an npm package, a Node internal module, an engine file or a native bucket. */
export function packageOf(name: string): string {
  const file = name.slice(0, name.lastIndexOf(':'));
  if (file === '(native)') return `(native) ${name.slice(name.lastIndexOf(':') + 1)}`;
  if (file.startsWith('node:'))
    return file
      .split('/')
      .slice(0, 3)
      .join('/')
      .replace(/^(node:internal\/deps\/[^/]+).*/, '$1');
  if (file.startsWith('engine/') || file.startsWith('bench/') || file.startsWith('test/')) return file;
  const parts = file.split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

export function byPackage(hot: Hot[]): Hot[] {
  const total = hot.reduce((sum, item) => sum + item.selfMs, 0);
  const groups = new Map<string, number>();
  for (const item of hot) groups.set(packageOf(item.name), (groups.get(packageOf(item.name)) ?? 0) + item.selfMs);
  return [...groups].map(([name, selfMs]) => ({ name, selfMs, share: selfMs / total })).sort((a, b) => b.selfMs - a.selfMs);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const file = args.find((arg) => arg.endsWith('.cpuprofile'));
  if (!file) throw new Error('usage: bench/profile.ts <file.cpuprofile> [--under name@file] [--exclude name@file] [--top n] [--by-package]');
  const values = (flag: string) => args.flatMap((arg, index) => (arg === flag ? [args[index + 1]] : []));
  const top = Number(values('--top')[0] ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const found = hotFunctions(profile, values('--under').map(frameMatcher), values('--exclude').map(frameMatcher));
  const { totalMs } = found;
  const hot = args.includes('--by-package') ? byPackage(found.hot) : found.hot;
  console.log(`${totalMs.toFixed(0)} ms of samples${values('--under').length ? ` under ${values('--under').join(' & ')}` : ''}`);
  for (const item of hot.slice(0, top)) console.log(`${item.selfMs.toFixed(1).padStart(9)} ms  ${(item.share * 100).toFixed(1).padStart(5)}%  ${item.name}`);
}
