import { describe, expect, it } from 'vitest';
import { auditWords, formatWhen, shortCommit, versionTitle } from './history-words.ts';

describe('the History tab’s words', () => {
  it('says what each audit action did, with the numbers it recorded', () => {
    const entry = (action: string, target: string, detail?: Record<string, unknown>) => auditWords({ at: 0, who: 'ana', action, target, detail });
    expect(entry('flow.publish', 'menu', { number: 3, message: 'New hours' })).toBe('published version 3: New hours');
    expect(entry('flow.rollback', 'menu', { number: 4, rollbackOf: 1 })).toBe('rolled back to version 1 (published as version 4)');
    expect(entry('flow.rename', 'old', { to: 'menu' })).toBe('renamed old to menu');
    expect(entry('call.place', 'call-9', { flow: 'menu', version: 'abcdef0123456' })).toBe('placed call call-9 (flow version abcdef01)');
    expect(entry('draft.save', 'menu')).toBe('edited the draft');
    expect(entry('something.new', 'menu')).toBe('something.new menu');
  });

  it('names a version by its number and where it came from, and a commit by its short hash', () => {
    const version = { number: 4, version: 'v', author: 'ana', at: 0, message: 'm' };
    expect(versionTitle(version)).toBe('Version 4');
    expect(versionTitle({ ...version, rollbackOf: 2 })).toBe('Version 4 (rollback to 2)');
    expect(shortCommit('0123456789abcdef')).toBe('0123456');
    expect(shortCommit(undefined)).toBeUndefined();
  });

  it('writes a time as date and minutes', () => {
    expect(formatWhen(Date.UTC(2026, 11, 2, 13, 5))).toMatch(/^2026-12-0[12] \d\d:\d5$/);
  });
});
