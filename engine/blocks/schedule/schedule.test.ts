import { describe, expect, it } from 'vitest';
import { schedule, localTime, hoursStatus, eventTime } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';
import type { FlowDocument } from '../../core/types.ts';

const nineToFive = [{ from: '09:00', to: '17:00' }];
const base = {
  type: 'schedule',
  timeZone: 'America/New_York',
  weekly: { mon: nineToFive, sun: nineToFive, sat: [{ from: '20:00', to: '24:00' }] },
  holidays: [
    { date: '2026-07-03', name: 'Independence Day' },
    { from: '2026-12-24', to: '2026-12-26' },
  ],
  open: 'next',
  closed: 'other',
  holiday: 'other',
};
const codes = (flow: FlowDocument) => problemsOf(flow).map((p) => [p.pointer, p.code]);

/** Answers, then checks the schedule at `at` (the time stamped on call.established). */
function routeAt(state: object, at: number, extra: Partial<FlowDocument> = {}) {
  const d = drive(flowWith({ a: { type: 'answer', next: 's' }, s: state as never }, extra));
  d.send({ type: 'call.established', at });
  return d;
}

describe('schedule block', () => {
  it('offers open, closed and holiday, and emergency only with an override', () => {
    expect(schedule.outcomes(base as never).map((p) => p.name)).toEqual(['open', 'closed', 'holiday']);
    expect(schedule.outcomes({ ...base, override: 'true', emergency: 'other' } as never).map((p) => p.name)).toEqual([
      'open',
      'closed',
      'holiday',
      'emergency',
    ]);
  });

  it("reports a time zone that is not an IANA name at the state's timeZone", () => {
    expect(codes(flowWith({ s: { ...base, timeZone: 'Mars/Olympus_Mons' } }))).toEqual([['/states/s/timeZone', 'ref.time-zone']]);
  });

  it('rejects malformed hours and holidays and an override without an emergency port', () => {
    const problems = codes(
      flowWith({
        s: {
          ...base,
          weekly: { mon: [{ from: '9:00', to: '24:00' }], funday: [] },
          holidays: [{ date: '2026-07-03', from: '2026-07-01', to: '2026-07-05' }, { from: '2026-12-24' }],
          override: 'true',
        },
      }),
    );
    expect(problems).toEqual([
      ['/states/s', 'schema.dependentRequired'],
      ['/states/s/weekly/mon/0/from', 'schema.pattern'],
      ['/states/s/weekly/funday', 'schema.additionalProperties'],
      ['/states/s/holidays/0', 'schema.oneOf'],
      ['/states/s/holidays/1', 'schema.dependentRequired'],
    ]);
  });

  it('reports ranges that end before they start, which would never match', () => {
    const problems = problemsOf(
      flowWith({
        s: {
          ...base,
          weekly: { fri: [{ from: '22:00', to: '02:00' }], sat: [{ from: '10:00', to: '10:00' }] },
          holidays: [{ from: '2026-12-26', to: '2026-12-24' }],
        },
      }),
    );
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/states/s/weekly/fri/0/to', 'ref.time-range'],
      ['/states/s/weekly/sat/0/to', 'ref.time-range'],
      ['/states/s/holidays/0/to', 'ref.date-range'],
    ]);
    expect(problems[0].message).toContain('split it over two days');
  });

  it('reads the time from the event, or from the start input in the first step', () => {
    expect(eventTime({ at: 5 })).toBe(5);
    expect(eventTime({ input: { now: 7 } })).toBe(7);
    expect(eventTime({})).toBeUndefined();
  });

  it('follows the March DST change in America/New_York', () => {
    // 2026-03-08 02:00 EST jumps to 03:00 EDT.
    expect(localTime(Date.UTC(2026, 2, 8, 6, 30), 'America/New_York')).toEqual({ date: '2026-03-08', day: 'sun', time: '01:30' });
    expect(localTime(Date.UTC(2026, 2, 8, 7, 30), 'America/New_York')).toEqual({ date: '2026-03-08', day: 'sun', time: '03:30' });
  });

  it('is open at 09:30 EDT on the first Sunday of summer time although the same UTC time was 08:30 a week earlier', () => {
    const before = routeAt(base, Date.UTC(2026, 2, 1, 13, 30));
    expect(before.ports.at(-1)).toBe('s:closed');
    expect(before.lastResult()).toEqual({ status: 'closed', localTime: '2026-03-01T08:30' });

    const after = routeAt(base, Date.UTC(2026, 2, 8, 13, 30));
    expect(after.ports.at(-1)).toBe('s:open');
    expect(after.lastResult()).toEqual({ status: 'open', localTime: '2026-03-08T09:30' });
  });

  it('decides in the first step of a call from the start time', () => {
    // The harness starts calls on Monday 2026-01-05 10:00 UTC, 05:00 in New York.
    expect(drive(flowWith({ s: base })).ports).toEqual(['s:closed']);
    expect(drive(flowWith({ s: { ...base, timeZone: undefined } })).ports).toEqual(['s:open']);
  });

  it("falls back to the flow's settings.timeZone, then UTC", () => {
    const d = drive(flowWith({ s: { ...base, timeZone: undefined } }, { settings: { timeZone: 'Asia/Tokyo' } }));
    expect(d.lastResult()).toEqual({ status: 'closed', localTime: '2026-01-05T19:00' });
  });

  it('closes the open range at its end time and treats 24:00 as midnight', () => {
    const week = { weekly: base.weekly };
    expect(hoursStatus(week, { date: '2026-01-05', day: 'mon', time: '16:59' })).toBe('open');
    expect(hoursStatus(week, { date: '2026-01-05', day: 'mon', time: '17:00' })).toBe('closed');
    expect(hoursStatus(week, { date: '2026-01-10', day: 'sat', time: '23:59' })).toBe('open');
    expect(hoursStatus(week, { date: '2026-01-06', day: 'tue', time: '10:00' })).toBe('closed');
  });

  it('routes a holiday during opening hours to holiday with its name', () => {
    // Memorial Day 2026 is a Monday, inside the weekly hours.
    const d = routeAt({ ...base, holidays: [{ date: '2026-05-25', name: 'Memorial Day' }] }, Date.UTC(2026, 4, 25, 14, 0));
    expect(d.ports.at(-1)).toBe('s:holiday');
    expect(d.lastResult()).toEqual({ status: 'holiday', localTime: '2026-05-25T10:00', holiday: 'Memorial Day' });
  });

  it('matches every day of a holiday range and leaves through closed when holiday is not connected', () => {
    const d = routeAt({ ...base, holiday: undefined }, Date.UTC(2026, 11, 25, 15, 0));
    expect(d.ports.at(-1)).toBe('s:holiday');
    expect(d.value()).toBe('other');
    expect(d.lastResult()).toEqual({ status: 'holiday', localTime: '2026-12-25T10:00' });
  });

  it('takes emergency when the override holds, whatever the hours', () => {
    const flow = { variables: { emergency: { type: 'boolean' as const, default: true } } };
    const state = { ...base, override: 'vars.emergency', emergency: 'next', open: 'other' };
    const d = routeAt(state, Date.UTC(2026, 2, 8, 13, 30), flow);
    expect(d.ports.at(-1)).toBe('s:emergency');
    expect(d.lastResult()).toEqual({ status: 'emergency', localTime: '2026-03-08T09:30' });

    const calm = routeAt(state, Date.UTC(2026, 2, 8, 13, 30), { variables: { emergency: { type: 'boolean', default: false } } });
    expect(calm.ports.at(-1)).toBe('s:open');
  });
});
