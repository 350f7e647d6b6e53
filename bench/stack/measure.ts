/**
 * One load run against the engine or the baseline, with what the bench reports about it: accepted
 * and end-to-end rates, response-time percentiles, CPU of the server process per request, and for
 * the engine the Graph requests each notification caused. The end-to-end rate counts a
 * notification only once its playPrompt has reached the Graph sink (the webhook answers 202 before
 * it applies the notification), so a backlog the engine has not worked off is never counted.
 */
import type { Child } from './rpc.ts';
import { percentile, runLoad, type LoadOptions } from './load.ts';

export interface Target {
  child: Child;
  url: string;
}

export interface Measured {
  connections: number;
  rate?: number;
  accepted: number;
  /** Requests written, including those still unanswered when the load stopped. */
  sent: number;
  failed: number;
  /**
   * Engine: playPrompts per second arriving at the sink while the load ran (after its first quarter,
   * so the steady state); baseline: accepted per second.
   */
  rate_e2e: number;
  acceptRate: number;
  p50: number;
  p99: number;
  /** CPU time of the server process per accepted request, µs. */
  cpuUs: number;
  /** Graph requests per notification sent, by action (engine only). */
  graphPerNotification?: Record<string, number>;
  /** CallStore calls per notification sent, by method (engine only). */
  storeCalls?: Record<string, number>;
  /** Notifications whose playPrompt had not reached the sink when the bench stopped waiting. */
  undrained: number;
  /** Seconds from the end of the load until the last playPrompt arrived. */
  drainS: number;
}

interface Usage {
  cpu: { user: number; system: number };
  /** CallStore calls by method so far (engine only). */
  storeCalls?: Record<string, number>;
}
interface Counts {
  byAction: Record<string, number>;
  playPrompts: number;
}

const cpuOf = (usage: Usage) => usage.cpu.user + usage.cpu.system;

/** Runs the load on `target`; with `sink`, waits until each accepted notification's playPrompt arrived. */
export async function measure(target: Target, load: Omit<LoadOptions, 'url'>, sink?: Child): Promise<Measured> {
  const before = sink && (await sink.call<Counts>('counts'));
  const usage0 = await target.child.call<Usage>('usage');
  const result = await runLoad({ ...load, url: target.url });
  let rate_e2e = result.acceptRate;
  let undrained = 0;
  let drainS = 0;
  let graphPerNotification: Record<string, number> | undefined;
  if (sink && before) {
    const waited = await sink.call<{ reachedAt: number | null; count: number }>('waitPlayPrompts', {
      target: before.playPrompts + result.accepted,
      timeoutMs: 60_000,
    });
    undrained = Math.max(0, before.playPrompts + result.accepted - waited.count);
    drainS = waited.reachedAt === null ? NaN : Math.max(0, (waited.reachedAt - result.endedAt) / 1000);
    const from = result.startedAt + (result.endedAt - result.startedAt) / 4;
    rate_e2e = (await sink.call<number>('playPromptsBetween', { from, to: result.endedAt })) / ((result.endedAt - from) / 1000);
    await target.child.call('idle');
    const after = await sink.call<Counts>('counts');
    graphPerNotification = {};
    for (const [action, count] of Object.entries(after.byAction)) {
      const delta = count - (before.byAction[action] ?? 0);
      if (delta) graphPerNotification[action] = delta / Math.max(1, result.sent);
    }
  }
  const usage1 = await target.child.call<Usage>('usage');
  const storeCalls =
    usage1.storeCalls &&
    Object.fromEntries(
      Object.entries(usage1.storeCalls)
        .map(([name, count]) => [name, (count - (usage0.storeCalls?.[name] ?? 0)) / Math.max(1, result.sent)])
        .filter(([, per]) => (per as number) > 0),
    );
  return {
    connections: load.connections,
    rate: load.rate,
    accepted: result.accepted,
    sent: result.sent,
    failed: result.failed,
    rate_e2e,
    acceptRate: result.acceptRate,
    p50: percentile(result.latencies, 0.5),
    p99: percentile(result.latencies, 0.99),
    cpuUs: (cpuOf(usage1) - cpuOf(usage0)) / Math.max(1, result.accepted),
    graphPerNotification,
    storeCalls,
    undrained,
    drainS,
  };
}

export interface ProbeResult {
  samples: number[];
  lost: number;
  skipped: number;
  refused: number;
}

/** Tone → playPrompt times measured by the sink (its own clock), at `rate` tones/s over `calls`. */
export function probe(sink: Child, url: string, calls: string[], rate: number, durationMs: number): Promise<ProbeResult> {
  return sink.call<ProbeResult>('probe', { url, calls, rate, durationMs });
}
