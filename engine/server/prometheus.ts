/**
 * The engine's metrics in Prometheus text format (prom-client), served at GET /metrics: process
 * metrics plus notifications, calls, Graph and HTTP requests, timers and failures. Each app gets
 * its own registry, so several engines in one process (tests) do not collide.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EngineMetrics } from '../session/metrics.ts';

export class PrometheusMetrics implements EngineMetrics {
  readonly registry = new Registry();
  private readonly notifications = new Counter({
    name: 'callflow_notifications_total',
    help: 'Graph notification POSTs by outcome.',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly callsStarted = new Counter({
    name: 'callflow_calls_started_total',
    help: 'Calls whose flow started, by flow and direction.',
    labelNames: ['flow', 'direction'],
    registers: [this.registry],
  });
  private readonly callsRejected = new Counter({
    name: 'callflow_calls_rejected_total',
    help: 'Incoming calls rejected before a flow ran, by reason.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly callsEnded = new Counter({
    name: 'callflow_calls_ended_total',
    help: 'Calls whose flow ended, by flow and final status.',
    labelNames: ['flow', 'status'],
    registers: [this.registry],
  });
  private readonly graphRequests = new Counter({
    name: 'callflow_graph_requests_total',
    help: 'Graph requests by effect and final HTTP status (0: no answer).',
    labelNames: ['effect', 'status'],
    registers: [this.registry],
  });
  private readonly graphRetries = new Counter({
    name: 'callflow_graph_retries_total',
    help: 'Graph request attempts beyond the first.',
    labelNames: ['effect'],
    registers: [this.registry],
  });
  private readonly graphSeconds = new Histogram({
    name: 'callflow_graph_request_seconds',
    help: 'Duration of Graph requests including retries.',
    labelNames: ['effect'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly httpRequests = new Histogram({
    name: 'callflow_http_request_seconds',
    help: 'Duration of http.request effects by outcome.',
    labelNames: ['outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly promptAudioSeconds = new Histogram({
    name: 'callflow_prompt_audio_seconds',
    help: "Time to make an effect's prompts playable (cache lookups and speech synthesis), by outcome.",
    labelNames: ['outcome'],
    buckets: [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly timers = new Counter({ name: 'callflow_timers_fired_total', help: 'Durable timers fired.', registers: [this.registry] });
  private readonly errors = new Counter({
    name: 'callflow_session_errors_total',
    help: 'Calls ended or disturbed by an engine error.',
    registers: [this.registry],
  });

  constructor(runningCalls?: () => Promise<number>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'callflow_process_' });
    if (runningCalls) {
      new Gauge({
        name: 'callflow_calls_running',
        help: 'Calls whose session has not ended.',
        registers: [this.registry],
        async collect() {
          this.set(await runningCalls());
        },
      });
    }
  }

  notification(outcome: Parameters<EngineMetrics['notification']>[0]): void {
    this.notifications.inc({ outcome });
  }
  callStarted(flowId: string, direction: 'incoming' | 'outgoing'): void {
    this.callsStarted.inc({ flow: flowId, direction });
  }
  callRejected(reason: 'unrouted' | 'flowUnavailable'): void {
    this.callsRejected.inc({ reason });
  }
  callEnded(flowId: string, status: string): void {
    this.callsEnded.inc({ flow: flowId, status });
  }
  graphRequest(effectType: string, status: number, seconds: number, attempts: number): void {
    this.graphRequests.inc({ effect: effectType, status: String(status) });
    if (attempts > 1) this.graphRetries.inc({ effect: effectType }, attempts - 1);
    this.graphSeconds.observe({ effect: effectType }, seconds);
  }
  httpRequest(outcome: 'completed' | 'failed', seconds: number): void {
    this.httpRequests.observe({ outcome }, seconds);
  }
  promptAudio(outcome: 'ready' | 'failed', seconds: number): void {
    this.promptAudioSeconds.observe({ outcome }, seconds);
  }
  timerFired(): void {
    this.timers.inc();
  }
  sessionError(): void {
    this.errors.inc();
  }
}
