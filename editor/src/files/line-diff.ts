/**
 * A line diff (Myers' O((N+M)·D) algorithm) for showing the version on disk beside the user's
 * when a save conflicts. Common leading and trailing lines are trimmed first, so two versions of
 * a large flow that differ in a few places diff instantly.
 */

export interface DiffLine {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

function myers(a: string[], b: string[]): DiffLine[] {
  const max = a.length + b.length;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Array<Map<number, number>> = [];
  for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1)) ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= a.length && y >= b.length) return backtrack(trace, a, b, d);
    }
  }
  return [];
}

function backtrack(trace: Array<Map<number, number>>, a: string[], b: string[], depth: number): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = depth; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    const previousK = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1)) ? k + 1 : k - 1;
    const previousX = v.get(previousK) ?? 0;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      y--;
      out.push({ kind: 'same', text: a[--x] });
    }
    if (x === previousX) out.push({ kind: 'added', text: b[--y] });
    else out.push({ kind: 'removed', text: a[--x] });
  }
  while (x > 0 && y > 0) {
    y--;
    out.push({ kind: 'same', text: a[--x] });
  }
  return out.reverse();
}

/** Lines of `before` → `after`: removed lines are only in `before`, added only in `after`. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  return [
    ...a.slice(0, head).map((text): DiffLine => ({ kind: 'same', text })),
    ...middle,
    ...a.slice(a.length - tail).map((text): DiffLine => ({ kind: 'same', text })),
  ];
}
