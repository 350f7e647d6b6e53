import type { BlockDefinition, JsonSchema, Port } from '../../core/block.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { target, expression } from '../common.ts';
import type { Json, StateConfig } from '../../core/types.ts';
import { test } from '../../core/expressions.ts';
import { scopeOf } from '../../core/compile-context.ts';

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];
export type HoursStatus = 'open' | 'closed' | 'holiday';

interface Range {
  from: string;
  to: string;
}
type Holiday = { date: string; name?: string } | { from: string; to: string; name?: string };

export interface ScheduleState extends StateConfig {
  type: 'schedule';
  timeZone?: string;
  weekly: Partial<Record<Day, Range[]>>;
  holidays?: Holiday[];
  override?: string;
  open?: string;
  closed?: string;
  holiday?: string;
  emergency?: string;
}

/** Wall-clock time in a zone, as the schedule compares it. */
export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  day: Day;
  /** HH:MM, 00:00–23:59 */
  time: string;
}

/**
 * The time an event happened. The stepper stamps `at` on every event; the first macrostep of a call
 * runs on `xstate.init`, whose input carries the start time instead.
 */
export function eventTime(event: { at?: unknown; input?: { now?: unknown } }): number | undefined {
  const at = event.at ?? event.input?.now;
  return typeof at === 'number' ? at : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local date, weekday and time in `timeZone`; Intl applies the zone's DST rules. */
export function localTime(at: number, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, day: parts.weekday.toLowerCase() as Day, time: `${parts.hour}:${parts.minute}` };
}

export function holidayOn(holidays: Holiday[] = [], date: string): Holiday | undefined {
  // YYYY-MM-DD strings compare like the dates they name.
  return holidays.find((h) => ('date' in h ? h.date === date : h.from <= date && date <= h.to));
}

/** Holiday first (a holiday closes even during weekly hours), then the weekly ranges [from, to). */
export function hoursStatus(state: Pick<ScheduleState, 'weekly' | 'holidays'>, local: LocalTime): HoursStatus {
  if (holidayOn(state.holidays, local.date)) return 'holiday';
  const ranges = state.weekly[local.day] ?? [];
  return ranges.some((r) => r.from <= local.time && local.time < r.to) ? 'open' : 'closed';
}

const HH_MM = '([01][0-9]|2[0-3]):[0-5][0-9]';
const DATE = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' };
const DAY_NAMES: Record<Day, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

function dayHours(day: Day): JsonSchema {
  return {
    type: 'array',
    description: `Open hours on ${DAY_NAMES[day]}, local time; an empty list or no entry means closed all day.`,
    maxItems: 12,
    items: {
      type: 'object',
      description: 'One open range; it must not cross midnight (split it over two days).',
      additionalProperties: false,
      required: ['from', 'to'],
      properties: {
        from: { type: 'string', pattern: `^${HH_MM}$`, description: 'Opening time, HH:MM (24-hour), included.' },
        to: {
          type: 'string',
          pattern: `^(${HH_MM}|24:00)$`,
          description: 'Closing time, HH:MM (24-hour), excluded; 24:00 means until midnight. Must be later than from.',
        },
      },
    },
  };
}

/** Routes on opening hours in a time zone, with holidays and an emergency closure switch. */
export const schedule: BlockDefinition<ScheduleState> = {
  type: 'schedule',
  title: 'Schedule',
  category: 'logic',
  description:
    'Checks the current local time against weekly opening hours and holidays and leaves through open, closed or holiday; an override condition can force an emergency closure.',
  properties: {
    timeZone: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: "IANA time zone of the hours, e.g. Europe/Paris. Default: the flow's settings.timeZone, else UTC.",
    },
    weekly: {
      type: 'object',
      description: 'Open hours per weekday (mon … sun). Days left out are closed.',
      additionalProperties: false,
      properties: Object.fromEntries(DAYS.map((day) => [day, dayHours(day)])),
    },
    holidays: {
      type: 'array',
      description: 'Closed days, each one date or an inclusive from–to date range (YYYY-MM-DD, local).',
      maxItems: 400,
      items: {
        type: 'object',
        description: 'A holiday: `date`, or `from` and `to`, with an optional name.',
        additionalProperties: false,
        properties: {
          date: { ...DATE, description: 'The closed day, YYYY-MM-DD.' },
          from: { ...DATE, description: 'First closed day, YYYY-MM-DD.' },
          to: { ...DATE, description: 'Last closed day, YYYY-MM-DD (included).' },
          name: { type: 'string', maxLength: 100, description: 'Name of the holiday; it is in lastResult.holiday.' },
        },
        oneOf: [{ required: ['date'] }, { required: ['from'] }],
        dependentRequired: { from: ['to'], to: ['from'] },
      },
    },
    override: expression('CEL condition for an emergency closure, e.g. "vars.emergency". When true, the emergency port is taken whatever the hours.'),
    open: target('Within the weekly hours and not a holiday.'),
    closed: target('Outside the weekly hours.'),
    holiday: target('On a holiday. Unconnected: holidays leave through closed.'),
    emergency: target('The override condition is true.'),
  },
  required: ['weekly', 'open', 'closed'],
  rules: { dependentRequired: { override: ['emergency'] } },
  outcomes(state) {
    const ports: Port[] = [
      { name: 'open', path: ['open'], description: 'Open now.', required: true },
      { name: 'closed', path: ['closed'], description: 'Closed now.', required: true },
      { name: 'holiday', path: ['holiday'], description: 'Today is a holiday (unconnected: closed).', fallback: "take 'closed'" },
    ];
    if (state.override !== undefined) ports.push({ name: 'emergency', path: ['emergency'], description: `\`${state.override}\` is true.`, required: true });
    return ports;
  },
  // The schema cannot compare two times; an empty or reversed range would silently never match.
  check(state) {
    const problems: Array<{ path: string[]; code: string; message: string }> = [];
    for (const day of DAYS) {
      (state.weekly?.[day] ?? []).forEach((range, index) => {
        if (range.from >= range.to)
          problems.push({
            path: ['weekly', day, String(index), 'to'],
            code: 'ref.time-range',
            message: `${day} closes at ${range.to}, not after it opens at ${range.from} — a range cannot cross midnight: split it over two days`,
          });
      });
    }
    (state.holidays ?? []).forEach((holiday, index) => {
      if ('from' in holiday && holiday.from > holiday.to)
        problems.push({
          path: ['holidays', String(index), 'to'],
          code: 'ref.date-range',
          message: `holiday ends on ${holiday.to}, before it starts on ${holiday.from} — swap the dates`,
        });
    });
    return problems;
  },
  compile(state, ctx) {
    const zone = state.timeZone ?? ctx.flow.settings?.timeZone ?? 'UTC';
    type Args = { context: FlowContext; event: Record<string, unknown> };
    // Eventless guards see the event that started the step, so the time is the event's, not the clock's.
    const local = (event: Record<string, unknown>, context: FlowContext) => localTime(eventTime(event) ?? context.startedAt, zone);
    const is =
      (status: HoursStatus) =>
      ({ context, event }: Args) =>
        hoursStatus(state, local(event, context)) === status;
    const result = (status: string) =>
      ctx.setResult((event, context) => {
        const now = local(event, context);
        const holiday = status === 'holiday' ? holidayOn(state.holidays, now.date)?.name : undefined;
        return { status, localTime: `${now.date}T${now.time}`, ...(holiday ? { holiday } : {}) } as Json;
      });
    const override = state.override;
    return {
      always: [
        ...(override !== undefined
          ? [ctx.go('emergency', state.emergency, { guard: ({ context }: Args) => test(override, scopeOf(context)), actions: [result('emergency')] })]
          : []),
        ctx.go('holiday', state.holiday ?? state.closed, { guard: is('holiday'), actions: [result('holiday')] }),
        ctx.go('open', state.open, { guard: is('open'), actions: [result('open')] }),
        ctx.go('closed', state.closed, { actions: [result('closed')] }),
      ],
    };
  },
  examples: [
    {
      type: 'schedule',
      timeZone: 'America/New_York',
      weekly: { mon: [{ from: '09:00', to: '17:00' }], tue: [{ from: '09:00', to: '17:00' }], sat: [{ from: '10:00', to: '14:00' }] },
      holidays: [
        { date: '2026-07-03', name: 'Independence Day (observed)' },
        { from: '2026-12-24', to: '2026-12-26', name: 'Christmas' },
      ],
      override: 'has(call.emergencyClosure) && call.emergencyClosure == true',
      open: 'next',
      closed: 'other',
      holiday: 'other',
      emergency: 'other',
    },
  ],
};
