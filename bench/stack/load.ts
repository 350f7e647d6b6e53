/**
 * The load generator: autocannon (in the bench process, loopback) POSTing tone notifications,
 * signed, round-robin over many established calls — each request is one key press of one caller.
 * Sequence ids grow across runs, so the engine never drops a tone as a repeat. The same requests go
 * to the engine and to the bare baseline. Latencies are taken per response (hrtime, sub-ms) from
 * autocannon's `response` event rather than its 1-ms-resolution histogram.
 */
import autocannon from 'autocannon';
import type { EventEmitter } from 'node:events';
import { toneText } from './payloads.ts';
import { wallMs } from './rpc.ts';

export interface LoadOptions {
  url: string;
  token: string;
  calls: string[];
  connections: number;
  durationS: number;
  /** Requests per second over all connections (autocannon overallRate); unlimited when absent. */
  rate?: number;
}

export interface LoadResult {
  connections: number;
  rate?: number;
  /** Responses 202 (accepted notifications). */
  accepted: number;
  /** Requests built and handed to a connection (some may be unanswered when the run stops). */
  sent: number;
  /** Other statuses, errors and timeouts. */
  failed: number;
  startedAt: number;
  endedAt: number;
  /** Accepted per second over the run. */
  acceptRate: number;
  /** Response times of accepted requests, ms. */
  latencies: Float64Array;
}

let sequence = 0;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { calls } = options;
  const latencies: number[] = [];
  let sent = 0;
  const startedAt = wallMs();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    ...(options.rate ? { overallRate: options.rate } : {}),
    timeout: 20,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const seq = ++sequence;
          sent++;
          request.body = toneText(calls[seq % calls.length], seq);
          return request;
        },
      },
    ],
  });
  (instance as unknown as EventEmitter).on('response', (...args: unknown[]) => {
    if (args[1] === 202) latencies.push(args[3] as number);
  });
  const result = await instance;
  const endedAt = wallMs();
  const accepted = result.statusCodeStats?.['202' as never]?.count ?? 0;
  const failed = result.non2xx + result.errors + result.timeouts + (result['2xx'] - accepted);
  return {
    connections: options.connections,
    rate: options.rate,
    accepted,
    sent,
    failed,
    startedAt,
    endedAt,
    acceptRate: accepted / ((endedAt - startedAt) / 1000),
    latencies: Float64Array.from(latencies),
  };
}

/** Nearest-rank percentile of samples (any unit). */
export function percentile(samples: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(samples).sort();
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
