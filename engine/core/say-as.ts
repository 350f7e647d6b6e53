/**
 * Say-as helpers for prompt templates: values written the way a voice should read them in the
 * call's language (`{{ sayDate(vars.appointmentTime) }}` → "Tuesday, December 8, 2026" for en-US,
 * "martes, 8 de diciembre de 2026" for es-US). All of it is Intl, so it runs the same in Node and
 * in the editor's simulator. The locale and time zone are the call's, set around the rendering of
 * a prompt by `sayingIn` (rendering is synchronous, so one setting is in force at a time); outside
 * a prompt the flow's defaults apply: en-US and UTC.
 */

export interface SayingContext {
  locale: string;
  timeZone: string;
}

const DEFAULT: SayingContext = { locale: 'en-US', timeZone: 'UTC' };
let current: SayingContext = DEFAULT;

/** Runs `render` with the call's locale and time zone in force for the say-as helpers. */
export function sayingIn<T>(context: Partial<SayingContext>, render: () => T): T {
  const before = current;
  current = { locale: context.locale ?? DEFAULT.locale, timeZone: context.timeZone ?? DEFAULT.timeZone };
  try {
    return render();
  } finally {
    current = before;
  }
}

/** A numeric argument as a number: CEL ints arrive as bigints, JSON digits as strings. */
function numberOf(value: unknown, fn: string): number {
  const number = typeof value === 'bigint' ? Number(value) : typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw new Error(`${fn}() needs a number, got ${JSON.stringify(String(value))}`);
  return number;
}

/** An ISO 8601 date or date-time without an offset (`2026-01-12T09:30`): a time on the wall, read as written. */
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/**
 * A moment and the zone to say it in: a CEL timestamp, an ISO 8601 string with an offset or `Z`, or
 * milliseconds since 1970 are said in the flow's time zone; a date-time written without an offset
 * is a time on the wall and is said as written, whatever zone the engine runs in.
 */
function momentOf(value: unknown, fn: string): { date: Date; timeZone: string } {
  const wall = typeof value === 'string' && WALL_CLOCK.test(value);
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string'
        ? new Date(wall ? `${value.length === 10 ? `${value}T00:00` : value}Z` : value)
        : new Date(numberOf(value, fn));
  if (Number.isNaN(date.getTime())) throw new Error(`${fn}() needs a timestamp or an ISO 8601 date, got ${JSON.stringify(String(value))}`);
  return { date, timeZone: wall ? 'UTC' : current.timeZone };
}

/** Each digit on its own: "4 2 0 7" for a PIN or an account number, never "four thousand…". */
export function sayDigits(value: unknown): string {
  const text = typeof value === 'bigint' || typeof value === 'number' ? String(value) : String(value ?? '');
  return [...text.replace(/[^0-9A-Za-z]/g, '')].join(' ');
}

export function sayNumber(value: unknown): string {
  return new Intl.NumberFormat(current.locale, { maximumFractionDigits: 2 }).format(numberOf(value, 'sayNumber'));
}

/** An amount with its currency's name ("12.50 US dollars"), which a voice reads better than a symbol. */
export function sayCurrency(amount: unknown, currency: unknown): string {
  const code = String(currency ?? '').toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new Error(`sayCurrency() needs an ISO 4217 code such as 'USD', got ${JSON.stringify(String(currency))}`);
  return new Intl.NumberFormat(current.locale, { style: 'currency', currency: code, currencyDisplay: 'name' }).format(numberOf(amount, 'sayCurrency'));
}

export function sayDate(value: unknown): string {
  const { date, timeZone } = momentOf(value, 'sayDate');
  return new Intl.DateTimeFormat(current.locale, { dateStyle: 'full', timeZone }).format(date);
}

export function sayTime(value: unknown): string {
  const { date, timeZone } = momentOf(value, 'sayTime');
  return new Intl.DateTimeFormat(current.locale, { timeStyle: 'short', timeZone }).format(date);
}

/** The helpers as CEL overloads, for both expression environments. */
export const SAY_AS_FUNCTIONS: Array<[signature: string, implementation: (...args: never[]) => string]> = [
  ['sayDigits(dyn): string', sayDigits],
  ['sayNumber(dyn): string', sayNumber],
  ['sayCurrency(dyn, string): string', sayCurrency],
  ['sayDate(dyn): string', sayDate],
  ['sayTime(dyn): string', sayTime],
];
