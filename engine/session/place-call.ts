/**
 * Starts a flow for a call the engine places (POST /api/flows/:id/calls, `callflow call`): a new
 * session on the flow's latest version, pinned, opened with the flow's first step. The flow's first
 * effects place the call (dial) or join the meeting (joinMeeting).
 */
import { randomUUID } from 'node:crypto';
import { start } from '../core/step.ts';
import type { Json } from '../core/types.ts';
import { newSession, type InboxWorker } from './inbox-worker.ts';
import type { KeyedQueue } from './keyed-queue.ts';
import type { PinnedFlows } from './pinned-flows.ts';
import type { SessionDeps } from './session-deps.ts';

export interface PlaceCallRequest {
  /** Who to call; given to the flow as `call.to`. */
  to?: Record<string, string>;
  /** A Teams meeting join link; given to the flow as `call.joinUrl`. */
  joinUrl?: string;
  vars?: Record<string, Json>;
}

/** A call could not be placed; `status` is the HTTP status to answer with. */
export class PlaceCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'PlaceCallError';
  }
}

export interface PlacedCall {
  callId: string;
  flowId: string;
  version: string;
}

export class CallPlacer {
  constructor(
    private readonly deps: SessionDeps,
    private readonly flows: PinnedFlows,
    private readonly events: KeyedQueue,
    private readonly worker: InboxWorker,
  ) {}

  async place(flowId: string, request: PlaceCallRequest): Promise<PlacedCall> {
    const compiled = this.flows.latest(flowId);
    if (!compiled) throw new PlaceCallError(404, `flow '${flowId}' is not deployed (missing or has errors)`);
    const sessionId = randomUUID();
    const now = this.deps.clock.now();
    const call = {
      id: sessionId,
      direction: 'outgoing' as const,
      ...(request.to ? { to: request.to } : {}),
      ...(request.joinUrl ? { joinUrl: request.joinUrl } : {}),
    };
    await this.flows.pin(compiled, now);
    let opened = false;
    await this.events.run(sessionId, async () => {
      const result = start(compiled, { call, caller: {}, vars: request.vars ?? {} }, { now });
      // The bot chooses the chain id of a call it places and sends it on the create request
      // (X-Microsoft-Skype-Chain-ID, as the comms samples do); Graph's answer may replace it.
      const session = newSession(sessionId, 'outgoing', now, { leg: 'connecting', correlation: { chainId: randomUUID(), scenarioId: randomUUID() } });
      opened = await this.worker.open(session, result, [
        { at: now, kind: 'session', action: 'started', flowId, version: compiled.version, direction: 'outgoing' },
      ]);
    });
    if (!opened) throw new PlaceCallError(503, 'the call could not be stored');
    this.deps.metrics.callStarted(flowId, 'outgoing');
    return { callId: sessionId, flowId, version: compiled.version };
  }
}
