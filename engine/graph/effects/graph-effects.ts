/**
 * Executes Graph effects for the session layer (its GraphPort): builds the request, sends it,
 * and turns Graph's answer into engine terms — an operation completed in the response becomes
 * `operation.completed` at once (Graph sends no notification for it, graph-calls.md §3.4), a
 * request that fails after retries becomes `operation.failed {kind, clientContext, result}` so the
 * block's error port runs, and a created call's id links the call to its session.
 */
import { effectSpec, type BackendSupport, type EffectSpec, type PromptAudioRef } from '../../core/effects.ts';
import type { Effect, EngineEvent, FlowDocument } from '../../core/types.ts';
import type { EngineMetrics } from '../../session/metrics.ts';
import type { GraphEffectContext, GraphOutcome, GraphPort, SessionTraceEntry } from '../../session/types.ts';
import type { GraphResponse, GraphTransport } from '../client/graph-transport.ts';
import { enumValue, isObject, resultInfo, text } from '../notifications/lenient.ts';
import { wireClientContext } from '../requests/client-context.ts';
import { requestBuilder } from '../requests/index.ts';
import { audioMediaInfo, promptMediaInfo } from '../requests/media.ts';
import type { PromptLinks } from '../requests/prompt-links.ts';
import { BuildError, type BuildContext, type GraphRequestSpec } from '../requests/types.ts';

export interface GraphEffectsOptions {
  publicUrl: string;
  /** Signs prompt URIs so Graph can fetch them without credentials. */
  promptLinks?: PromptLinks;
  /** Audio ready for a flow's prompts (recordings, words synthesized at publish), for preFetchMedia. */
  promptAudio?: { ready(flow: FlowDocument | undefined, keys: unknown): PromptAudioRef[] };
  clientId: string;
  /** The bot's home tenant, for calls the engine places. */
  tenantId: string;
  appInstanceId?: string;
  now?: () => number;
}

/** Query parameter of our callback URL that names the session (routes notifications before Graph's id is known). */
export const SESSION_PARAM = 'session';

export class GraphEffects implements GraphPort {
  private readonly now: () => number;

  constructor(
    private readonly transport: GraphTransport,
    private readonly options: GraphEffectsOptions,
    private readonly metrics?: EngineMetrics,
  ) {
    this.now = options.now ?? Date.now;
  }

  async execute(effect: Effect, context: GraphEffectContext): Promise<GraphOutcome> {
    const spec = effectSpec(effect.type);
    const support = spec?.backends.graph;
    const build = requestBuilder(effect);
    const clientContext = typeof effect.clientContext === 'string' ? effect.clientContext : undefined;
    const kind = spec?.operation ?? effect.type.replace(/^graph\./, '');
    const at = this.now();
    if (!spec || !support || !build) return this.refused(kind, clientContext, `no Graph request is known for effect '${effect.type}'`, at);
    let request: GraphRequestSpec;
    try {
      request = build(effect, this.buildContext(context));
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      return this.refused(kind, clientContext, error.message, at);
    }
    const response = await this.transport.send(request, correlationHeaders(context));
    this.metrics?.graphRequest(effect.type, response.status, response.durationMs / 1000, response.attempts.length);
    const trace: SessionTraceEntry[] = [
      {
        at,
        kind: 'graph.request',
        effect: effect.type,
        method: request.method,
        path: request.path,
        ...(request.body ? { body: request.body } : {}),
        clientContext,
      },
      {
        at: this.now(),
        kind: 'graph.response',
        effect: effect.type,
        status: response.status,
        durationMs: response.durationMs,
        ...(response.requestId ? { requestId: response.requestId } : {}),
        ...(response.clientRequestId ? { clientRequestId: response.clientRequestId } : {}),
        attempts: response.attempts,
        ...(response.error ? { error: response.error } : {}),
        ...(response.body !== undefined ? { body: response.body } : {}),
      },
    ];
    if (support.settles === 'query') return { events: settledBy(effect, response), trace };
    // Only a created call's answer sets its chain id: the call's `callChainId`, else the header. Other
    // answers echo the chain id the request sent (Azure's calling services answer every request with
    // an X-Microsoft-Skype-Chain-ID, a fresh one when none was sent).
    const chainId = spec.createsCall ? ((isObject(response.body) ? text(response.body.callChainId) : undefined) ?? response.chainId) : undefined;
    return { ...this.interpret({ kind, spec, support }, response, clientContext), trace, ...(chainId ? { chainId } : {}) };
  }

  /** Graph's answer in engine terms, from what the catalogue says about the effect. */
  private interpret(
    { kind, spec, support }: { kind: string; spec: EffectSpec; support: BackendSupport },
    response: GraphResponse,
    clientContext: string | undefined,
  ): Omit<GraphOutcome, 'trace'> {
    const ok = response.status >= 200 && response.status < 300;
    if (!ok) {
      if (response.status === 404 && support.on404) return { events: [], callGone: support.on404 === 'callGone' };
      // Nothing in the flow waits for housekeeping: its failure is traced, not delivered.
      if (support.settles === 'none') return { events: [] };
      return { events: [failed(kind, clientContext, response.status, errorMessage(response))] };
    }
    if (spec.opensConsultCall) {
      const consultCallId = (isObject(response.body) ? text(response.body.id) : undefined) ?? lastSegment(response.location);
      return consultCallId
        ? { events: [], consultCallId }
        : { events: [failed(kind, clientContext, response.status, 'Graph created the consult call but gave no call id')] };
    }
    if (spec.createsCall) {
      const graphCallId = (isObject(response.body) ? text(response.body.id) : undefined) ?? lastSegment(response.location);
      const myParticipantId = isObject(response.body) ? text(response.body.myParticipantId) : undefined;
      return graphCallId
        ? { events: [], graphCallId, ...(myParticipantId ? { myParticipantId } : {}) }
        : { events: [failed(kind, clientContext, response.status, 'Graph created the call but gave no call id')] };
    }
    const operation = isObject(response.body) ? response.body : undefined;
    const status = enumValue(operation?.status);
    if (status === 'completed' || status === 'failed' || (support.settles === 'response' && clientContext)) {
      const result = resultInfo(operation?.resultInfo);
      const code = result?.code ?? (status === 'failed' ? 500 : 200);
      const outcome = { code, subcode: result?.subcode ?? 0, ...(result?.message ? { message: result.message } : {}) };
      const type = status === 'failed' ? 'operation.failed' : 'operation.completed';
      return { events: [{ type, kind, clientContext: clientContext ?? null, result: outcome }] };
    }
    if (support.settles === 'operation' && clientContext) {
      const wire = wireClientContext(clientContext);
      const operationId = text(operation?.id) ?? lastSegment(response.location);
      return {
        events: [],
        pending: {
          clientContext,
          kind,
          sentAt: this.now(),
          ...(wire !== clientContext ? { wireContext: wire } : {}),
          ...(operationId ? { operationId } : {}),
        },
      };
    }
    return { events: [] };
  }

  private refused(kind: string, clientContext: string | undefined, message: string, at: number): GraphOutcome {
    return { events: [failed(kind, clientContext, 0, message)], trace: [{ at, kind: 'error', message: `graph.${kind} not sent: ${message}`, clientContext }] };
  }

  private buildContext(context: GraphEffectContext): BuildContext {
    const callback = new URL(`${this.options.publicUrl}/api/calling`);
    callback.searchParams.set(SESSION_PARAM, context.sessionId);
    return {
      callId: context.graphCallId,
      ...(context.consultCallId ? { consultCallId: context.consultCallId } : {}),
      sessionId: context.sessionId,
      tenantId: context.tenantId ?? this.options.tenantId,
      callbackUri: callback.toString(),
      clientId: this.options.clientId,
      appInstanceId: this.options.appInstanceId,
      flow: context.flow,
      promptMedia: (file) => promptMediaInfo(this.options.publicUrl, file, this.options.promptLinks),
      audioMedia: (audio) => audioMediaInfo(this.options.publicUrl, audio, this.options.promptLinks),
      ...(this.options.promptAudio
        ? {
            preFetch: (keys) =>
              this.options.promptAudio!.ready(context.flow, keys).map((audio) => audioMediaInfo(this.options.publicUrl, audio, this.options.promptLinks)),
          }
        : {}),
    };
  }
}

/**
 * The call's correlation as request headers. The comms samples send `Scenario-Id` on every request of
 * a call and a bot may set `X-Microsoft-Skype-Chain-ID` itself (graph-calls.md §0; the RealTimeMedia
 * sample sets it on its create-call request); Graph echoes both and uses the chain id on the call's
 * notifications, so one id finds the call in Microsoft's logs and in ours. The per-request
 * `client-request-id` comes from graph-client's TelemetryHandler.
 */
function correlationHeaders(context: GraphEffectContext): Record<string, string> {
  const headers: Record<string, string> = {};
  if (context.correlation?.chainId) headers['X-Microsoft-Skype-Chain-ID'] = context.correlation.chainId;
  if (context.correlation?.scenarioId) headers['Scenario-Id'] = context.correlation.scenarioId;
  return headers;
}

/** The earlier operation's outcome when Graph reports it finished; nothing while it runs or when Graph forgot it. */
function settledBy(query: Effect, response: GraphResponse): EngineEvent[] {
  const operation = response.status === 200 && isObject(response.body) ? response.body : undefined;
  const status = enumValue(operation?.status);
  if (status !== 'completed' && status !== 'failed') return [];
  const result = resultInfo(operation?.resultInfo);
  const outcome = {
    code: result?.code ?? (status === 'failed' ? 500 : 200),
    subcode: result?.subcode ?? 0,
    ...(result?.message ? { message: result.message } : {}),
  };
  return [
    {
      type: status === 'failed' ? 'operation.failed' : 'operation.completed',
      kind: String(query.operationKind),
      clientContext: String(query.clientContext),
      result: outcome,
    },
  ];
}

function failed(kind: string, clientContext: string | undefined, code: number, message: string): EngineEvent {
  return { type: 'operation.failed', kind, clientContext: clientContext ?? null, result: { code, subcode: 0, message } };
}

/** Graph's error body `{error: {code, message}}`, or why no answer came. */
function errorMessage(response: GraphResponse): string {
  if (response.status === 0) return `no answer from Graph: ${response.error ?? 'request failed'}`;
  const error = isObject(response.body) && isObject(response.body.error) ? response.body.error : undefined;
  const detail = error ? [text(error.code), text(error.message)].filter(Boolean).join(': ') : '';
  return `Graph answered ${response.status}${detail ? ` (${detail})` : ''}${response.attempts.length > 1 ? ` after ${response.attempts.length} attempts` : ''}`;
}

function lastSegment(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const segment = location.split('?')[0].split('/').filter(Boolean).pop();
  return segment ? decodeURIComponent(segment) : undefined;
}
