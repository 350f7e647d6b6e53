/**
 * What the engine counts, as an interface the session and Graph layers call; the Prometheus
 * implementation lives with the server (engine/server/prometheus.ts), tests use the no-op.
 */
export interface EngineMetrics {
  notification(outcome: 'accepted' | 'legacy' | 'unauthorized' | 'forbidden' | 'invalid' | 'unavailable'): void;
  callStarted(flowId: string, direction: 'incoming' | 'outgoing'): void;
  callRejected(reason: 'unrouted' | 'flowUnavailable'): void;
  callEnded(flowId: string, status: string): void;
  graphRequest(effectType: string, status: number, seconds: number, attempts: number): void;
  httpRequest(outcome: 'completed' | 'failed', seconds: number): void;
  /** Making an effect's prompts playable (cache lookups, synthesis), by outcome. */
  promptAudio(outcome: 'ready' | 'failed', seconds: number): void;
  timerFired(): void;
  sessionError(): void;
}

export const noMetrics: EngineMetrics = {
  notification() {},
  callStarted() {},
  callRejected() {},
  callEnded() {},
  graphRequest() {},
  httpRequest() {},
  promptAudio() {},
  timerFired() {},
  sessionError() {},
};
