/**
 * What the session layer is built from. Everything outside the process (Graph, web services, the
 * store, time) comes in through these ports, so tests run sessions against fakes and a manual clock.
 */
import type { CompiledFlow } from '../core/compile.ts';
import type { PromptRef } from '../core/effects.ts';
import type { Effect } from '../core/types.ts';
import type { CallStore } from './call-store.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';
import type { EngineMetrics } from './metrics.ts';
import type { RouteSource } from './routes.ts';
import type { TraceRedactor } from './trace-redaction.ts';
import type { GraphPort, HttpPort, NotificationTranslator, RecordingPort } from './types.ts';

/** Deployed flows: the latest version for new calls, exact versions for running ones. */
export interface FlowSource {
  latest(flowId: string): CompiledFlow | undefined;
  version(flowId: string, version: string): CompiledFlow | undefined;
}

export interface SessionOptions {
  /** Interval of keepAlive requests while the call is up (Graph: at most 45 min, 15 recommended). */
  keepAliveMs: number;
  /** How long a flow may keep running after the call ended before it is stopped. */
  afterHangupMs: number;
  /** Lease of a claimed timer before another scheduler may take it. */
  timerLeaseMs: number;
  /** Lease on a call while a process works on it; a dead process's calls move on after it. */
  callLeaseMs: number;
  /** How often stored work no process works on is looked for (calls of a stopped process). */
  sweepMs: number;
  /** How long ended calls and their traces are kept. */
  retentionMs: number;
  /** This process's name in leases; a fresh UUID by default. */
  owner?: string;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  keepAliveMs: 15 * 60_000,
  afterHangupMs: 5 * 60_000,
  timerLeaseMs: 15_000,
  callLeaseMs: 5_000,
  sweepMs: 1_000,
  retentionMs: 7 * 24 * 60 * 60_000,
};

export interface SessionDeps {
  store: CallStore;
  flows: FlowSource;
  router: RouteSource;
  graph: GraphPort;
  http: HttpPort;
  /** Keeps what callers recorded (`recording.download`); without it such a download fails and the record block's error port runs. */
  recordings?: RecordingPort;
  translator: NotificationTranslator;
  clock: Clock;
  logger: Logger;
  metrics: EngineMetrics;
  options: SessionOptions;
  /** What is removed from traces and logs (trace-redaction.ts); by default credentials by key and JWTs. */
  redactor?: TraceRedactor;
  /** How long Graph takes to play an effect's prompts (ms), when known: the wait for an effect in doubt. */
  playLength?: (effect: Effect) => number | undefined;
  /** Makes the prompts of effects that speak playable (engine/node/prompt-audio.ts); without it prompts go by their recording's path. */
  promptAudio?: PromptAudioPort;
}

/** The audio of prompts: each prompt comes back with its `audio` set, or the promise rejects with the reason. */
export interface PromptAudioPort {
  prepare(prompts: PromptRef[], signal?: AbortSignal): Promise<PromptRef[]>;
}

/** Where a failure that belongs to one call goes: logged, traced and counted against that call only. */
export interface CallFailures {
  report(sessionId: string, error: unknown): void;
}
