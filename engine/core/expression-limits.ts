/**
 * What one CEL evaluation may cost. CEL cannot loop forever, but it can still be made expensive:
 * comprehensions (`map`, `filter`, `all`, `exists`, `exists_one`) nest, so seven nested ones over
 * short lists took over 200 MB, and strings from callers reach string functions. The parse limits
 * bound the size of an expression; these bound what evaluating it may do, so an expression over
 * budget fails with an ExpressionError (which the flow's error handler receives) within milliseconds
 * instead of holding the event loop or the heap.
 */

/** Comprehensions inside the predicate or transform of another, at most (a chain `a.map().filter()` is not nesting). */
export const MAX_COMPREHENSION_NESTING = 3;
/** Comprehension steps per evaluation, all comprehensions together (about a millisecond of work). */
export const MAX_ITERATIONS = 10_000;
/**
 * Size of the values comprehension steps and `cel.bind` produce, and of the result, in characters
 * plus list and map entries, counted through nested values.
 */
export const MAX_VALUE_SIZE = 1_000_000;
/** Characters of a string given to `matches` or another string function. */
export const MAX_STRING_INPUT = 65_536;
/** Characters of a regular expression given to `matches`. */
export const MAX_PATTERN_LENGTH = 1_000;
/** Characters of a string that contains `{{` (a template), and of what one renders to. */
export const MAX_TEMPLATE_LENGTH = 65_536;
export const MAX_RENDERED_LENGTH = 1_000_000;

/** Thrown inside an evaluation over budget; expressions.ts turns it into an ExpressionError. */
export class BudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetError';
  }
}

/** The running totals of one evaluation. Evaluation is synchronous, so one is current at a time. */
export class Budget {
  private iterations = 0;
  private produced = 0;

  /** Entering a comprehension: refuse once the steps are spent, so an outer `exists` stops at once. */
  enter(): void {
    if (this.iterations >= MAX_ITERATIONS) throw this.overIterations();
  }

  /** One comprehension step that produced `value`. */
  step(value: unknown): void {
    if (++this.iterations > MAX_ITERATIONS) throw this.overIterations();
    this.charge(value, 'comprehension steps');
  }

  /** A value that may be reused (a `cel.bind` variable), counted against the size budget. */
  charge(value: unknown, what: string): void {
    this.produced += sizeOf(value, MAX_VALUE_SIZE - this.produced + 1);
    if (this.produced > MAX_VALUE_SIZE) throw new BudgetError(`${what} produced more than ${MAX_VALUE_SIZE.toLocaleString('en-US')} characters and entries`);
  }

  private overIterations(): BudgetError {
    return new BudgetError(`comprehensions ran more than ${MAX_ITERATIONS.toLocaleString('en-US')} steps`);
  }
}

/**
 * Characters of strings and bytes plus entries of lists and maps, through nested values, counting
 * shared values each time they appear; stops counting once past `limit`, so it costs at most that.
 */
export function sizeOf(value: unknown, limit = Infinity): number {
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length && total <= limit) {
    const item = pending.pop();
    if (typeof item === 'string') total += item.length;
    else if (item instanceof Uint8Array) total += item.length;
    else if (Array.isArray(item)) {
      total += item.length;
      for (const element of item)
        if (element !== null && typeof element === 'object') pending.push(element);
        else if (typeof element === 'string') total += element.length;
    } else if (item instanceof Map) {
      total += item.size;
      for (const entry of item) pending.push(entry[0], entry[1]);
    } else if (item !== null && typeof item === 'object') {
      for (const key of Object.keys(item)) {
        total += 1 + key.length;
        pending.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  return total;
}

/** A string argument over the input cap is an error naming the function, never a slow call. */
export function checkStringInput(value: unknown, fn: string): void {
  if (typeof value === 'string' && value.length > MAX_STRING_INPUT) {
    throw new BudgetError(
      `${fn} was given a string of ${value.length.toLocaleString('en-US')} characters; the limit is ${MAX_STRING_INPUT.toLocaleString('en-US')}`,
    );
  }
}
