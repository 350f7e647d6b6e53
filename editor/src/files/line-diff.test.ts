import { describe, expect, it } from 'vitest';
import { diffLines } from './line-diff.ts';

const render = (before: string, after: string) => diffLines(before, after).map((line) => `${{ same: ' ', removed: '-', added: '+' }[line.kind]}${line.text}`);

describe('line diff', () => {
  it('shows changed, added and removed lines in order', () => {
    expect(render('a\nb\nc\nd', 'a\nB\nc\nd\ne')).toEqual([' a', '-b', '+B', ' c', ' d', '+e']);
    expect(render('a\nb\nc', 'a\nc')).toEqual([' a', '-b', ' c']);
    expect(render('x', 'x')).toEqual([' x']);
  });

  it('reconstructs both versions from the diff', () => {
    const before = Array.from({ length: 60 }, (_, i) => `line ${i % 7} ${i % 3}`).join('\n');
    const after = before
      .split('\n')
      .filter((_, i) => i % 5)
      .map((line, i) => (i % 9 ? line : `${line}!`))
      .join('\n');
    const diff = diffLines(before, after);
    expect(
      diff
        .filter((line) => line.kind !== 'added')
        .map((line) => line.text)
        .join('\n'),
    ).toBe(before);
    expect(
      diff
        .filter((line) => line.kind !== 'removed')
        .map((line) => line.text)
        .join('\n'),
    ).toBe(after);
  });
});
