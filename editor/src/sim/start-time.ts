/**
 * When a simulated call starts. An analyst asks "what happens at 3 am" in the office's own time, so
 * the time is typed as a wall-clock time in the flow's time zone (its schedule's, else its
 * settings'), and turned into an instant here with the browser's time zone database (Intl).
 */
import type { FlowDocument } from '../../../engine/core/types.ts';

/** The time zone the flow's hours are written in, if it names one. */
export function flowTimeZone(flow: FlowDocument | undefined): string | undefined {
  const schedule = Object.values(flow?.states ?? {}).find((state) => state.type === 'schedule' && typeof state.timeZone === 'string');
  return (schedule?.timeZone as string | undefined) ?? (flow?.settings as { timeZone?: string } | undefined)?.timeZone;
}

/** How far `zone` is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(instant / 1000) * 1000;
}

/** "2026-01-06T03:00" in `zone` (or the browser's zone) → ms since the epoch; undefined for an empty or invalid value. */
export function wallClockToInstant(value: string, zone?: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  if (!zone) return new Date(year, month - 1, day, hour, minute).getTime();
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const first = asUtc - offsetAt(asUtc, zone);
  return asUtc - offsetAt(first, zone);
}
