import { describe, expect, it } from 'vitest';
import { wallClockToInstant } from './start-time.ts';

describe('the time a simulated call starts', () => {
  it('reads a wall-clock time in the flow’s time zone, in winter and in summer', () => {
    expect(new Date(wallClockToInstant('2026-01-06T03:00', 'America/New_York')!).toISOString()).toBe('2026-01-06T08:00:00.000Z');
    expect(new Date(wallClockToInstant('2026-06-15T08:30', 'America/New_York')!).toISOString()).toBe('2026-06-15T12:30:00.000Z');
    expect(new Date(wallClockToInstant('2026-12-25T15:00', 'Europe/Paris')!).toISOString()).toBe('2026-12-25T14:00:00.000Z');
  });

  it('has no time for an empty or malformed value', () => {
    expect(wallClockToInstant('', 'UTC')).toBeUndefined();
    expect(wallClockToInstant('tomorrow')).toBeUndefined();
  });
});
