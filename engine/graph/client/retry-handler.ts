/**
 * Retries of Graph requests, as a graph-client middleware between authentication and the HTTP
 * handler. 429 and 5xx (except 501 and 505, which do not change) are retried, as are network
 * errors; the wait is Graph's `Retry-After` (seconds, possibly fractional, or an HTTP date) when
 * given, else exponential backoff with full jitter (graph-calls.md §5.5).
 *
 * Written here rather than using graph-client's RetryHandler, which retries only 429/503/504,
 * never a network error, waits in whole seconds with up to a second of added randomness, and
 * cannot report attempts; a call's trace needs each attempt, and tests need a clock they control.
 */
import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this ends the retries (the call cannot wait that long). */
  maxRetryAfterMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** One attempt's outcome, reported to the request's observer. */
export interface AttemptReport {
  attempt: number;
  status?: number;
  error?: string;
  durationMs: number;
  /** The wait before the next attempt, when there is one. */
  retryInMs?: number;
}

/** Per-request option: who hears about each attempt. */
export class AttemptObserver implements MiddlewareOptions {
  constructor(readonly onAttempt: (report: AttemptReport) => void) {}
}

const NOT_RETRIED_5XX = new Set([501, 505]);

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && !NOT_RETRIED_5XX.has(status));
}

/** Retry-After in milliseconds: delta-seconds (fractional allowed) or an HTTP date; undefined if absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class GraphRetryHandler implements Middleware {
  private next?: Middleware;

  constructor(private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const observer = context.middlewareControl?.getMiddlewareOptions(AttemptObserver) as AttemptObserver | undefined;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      let failure: unknown;
      try {
        await this.next!.execute(context);
      } catch (error) {
        failure = error;
      }
      const status = failure ? undefined : context.response?.status;
      const last = attempt >= this.policy.maxAttempts;
      const retryable = failure !== undefined || (status !== undefined && isRetryableStatus(status));
      const wait = retryable && !last ? this.delay(attempt, context.response?.headers.get('retry-after') ?? null, failure) : undefined;
      observer?.onAttempt({
        attempt,
        status,
        ...(failure ? { error: messageOf(failure) } : {}),
        durationMs: Date.now() - started,
        ...(wait !== undefined ? { retryInMs: wait } : {}),
      });
      if (wait === undefined) {
        if (failure) throw failure;
        return;
      }
      await context.response?.body?.cancel().catch(() => undefined);
      await this.policy.sleep(wait);
    }
  }

  /** The wait before the next attempt, or undefined when Graph asks for longer than the call can wait. */
  private delay(attempt: number, retryAfter: string | null, failure: unknown): number | undefined {
    const asked = failure ? undefined : retryAfterMs(retryAfter);
    if (asked !== undefined) return asked <= this.policy.maxRetryAfterMs ? asked : undefined;
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.policy.random() * ceiling);
  }
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const base = error instanceof Error ? error.message : String(error);
  // A message that already tells its cause (HttpsMessageHandler's do) is not repeated.
  return cause instanceof Error && !base.includes(cause.message) ? `${base}: ${cause.message}` : base;
}
