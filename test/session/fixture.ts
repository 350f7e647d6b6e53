/**
 * Sessions under test: real stepper, store, translator and scheduler; a fake Graph that records
 * the effects it is given and answers the way Graph does (synchronous completions, running
 * operations, created call ids), optionally slowly; a manual clock.
 */
import { type CompiledFlow } from '../../engine/core/compile.ts';
import { contentHash } from '../../engine/core/hash.ts';
import type { Effect, EngineEvent, FlowDocument } from '../../engine/core/types.ts';
import { GraphNotificationTranslator } from '../../engine/graph/notifications/translator.ts';
import { CallSessions } from '../../engine/session/call-sessions.ts';
import { ManualClock } from '../../engine/session/clock.ts';
import { silentLogger } from '../../engine/session/logger.ts';
import { MemoryCallStore } from '../../engine/store/memory-store.ts';
import { noMetrics, type EngineMetrics } from '../../engine/session/metrics.ts';
import { CallRouter } from '../../engine/session/routes.ts';
import { DEFAULT_SESSION_OPTIONS, type FlowSource, type PromptAudioPort, type SessionOptions } from '../../engine/session/session-deps.ts';
import type { GraphEffectContext, GraphOutcome, GraphPort, HttpPort, NotificationTranslator } from '../../engine/session/types.ts';
import { compile } from '../../engine/blocks/language.ts';

export const APP = 'bot-app-id';

export function compiled(flow: FlowDocument): CompiledFlow {
  return compile({ flow, hash: contentHash(JSON.stringify(flow)) });
}

export class FlowShelf implements FlowSource {
  private flows = new Map<string, CompiledFlow>();
  gone = false;
  add(flow: FlowDocument): CompiledFlow {
    const result = compiled(flow);
    this.flows.set(flow.id, result);
    return result;
  }
  latest = (flowId: string) => this.flows.get(flowId);
  version = (flowId: string, version: string) => {
    const flow = this.flows.get(flowId);
    return !this.gone && flow?.version === version ? flow : undefined;
  };
}

const SYNC = new Set(['graph.subscribeToTone', 'graph.mute', 'graph.unmute', 'graph.cancelMediaProcessing']);

export class FakeGraph implements GraphPort {
  readonly calls: Array<{ effect: Effect; context: GraphEffectContext }> = [];
  /** Per effect type: replace the default answer. */
  answers = new Map<string, (effect: Effect, context: GraphEffectContext) => GraphOutcome | Promise<GraphOutcome>>();
  delayMs = 0;
  /** The time operations are sent at: the rig's clock, as GraphEffects uses the engine's. */
  now: () => number = () => 0;
  private created = 0;

  async execute(effect: Effect, context: GraphEffectContext): Promise<GraphOutcome> {
    this.calls.push({ effect, context });
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, Math.random() * this.delayMs));
    const custom = this.answers.get(effect.type);
    if (custom) return custom(effect, context);
    const kind = effect.type.slice('graph.'.length);
    const clientContext = effect.clientContext as string;
    if (SYNC.has(effect.type)) return { events: [{ type: 'operation.completed', kind, clientContext, result: { code: 200, subcode: 0 } }], trace: [] };
    if (effect.type === 'graph.createCall' || effect.type === 'graph.joinMeeting')
      return { events: [], graphCallId: `graph-call-${++this.created}`, trace: [] };
    if (['graph.playPrompt', 'graph.recordResponse', 'graph.sendDtmfTones', 'graph.invite'].includes(effect.type)) {
      return { events: [], pending: { clientContext, kind, sentAt: this.now(), operationId: `op-${this.calls.length}` }, trace: [] };
    }
    return { events: [], trace: [] };
  }

  types(callId?: string): string[] {
    return this.calls.filter((call) => !callId || call.context.sessionId === callId).map((call) => call.effect.type);
  }

  last(type: string, callId?: string): Effect | undefined {
    return this.calls.filter((call) => call.effect.type === type && (!callId || call.context.sessionId === callId)).at(-1)?.effect;
  }
}

export class FakeHttp implements HttpPort {
  readonly effects: Effect[] = [];
  async execute(effect: Effect): Promise<{ event: EngineEvent; trace: [] }> {
    this.effects.push(effect);
    return { event: { type: 'http.completed', clientContext: effect.clientContext, status: 200, body: { ok: true } }, trace: [] };
  }
}

export interface SessionRig {
  sessions: CallSessions;
  store: MemoryCallStore;
  graph: FakeGraph;
  http: FakeHttp;
  clock: ManualClock;
  flows: FlowShelf;
  /** Advances the clock and waits until everything that came due has been processed. */
  advance(ms: number): Promise<void>;
  settle(): Promise<void>;
}

export function rig(
  options: {
    routes?: CallRouter;
    translator?: NotificationTranslator;
    metrics?: EngineMetrics;
    sessionOptions?: Partial<SessionOptions>;
    store?: MemoryCallStore;
    clock?: ManualClock;
    playLength?: (effect: Effect) => number | undefined;
    promptAudio?: PromptAudioPort;
  } = {},
): SessionRig {
  const store = options.store ?? new MemoryCallStore();
  const graph = new FakeGraph();
  const http = new FakeHttp();
  const clock = options.clock ?? new ManualClock();
  graph.now = () => clock.now();
  const flows = new FlowShelf();
  const sessions = new CallSessions({
    store,
    flows,
    router: options.routes ?? new CallRouter([], undefined),
    graph,
    http,
    translator: options.translator ?? new GraphNotificationTranslator(),
    clock,
    logger: silentLogger,
    metrics: options.metrics ?? noMetrics,
    options: { ...DEFAULT_SESSION_OPTIONS, ...options.sessionOptions },
    playLength: options.playLength,
    ...(options.promptAudio ? { promptAudio: options.promptAudio } : {}),
  }).start();
  const settle = () => sessions.idle();
  return {
    sessions,
    store,
    graph,
    http,
    clock,
    flows,
    settle,
    async advance(ms: number) {
      await settle();
      const step = 1000;
      for (let passed = 0; passed < ms; passed += step) {
        clock.advance(Math.min(step, ms - passed));
        await settle();
      }
    },
  };
}
