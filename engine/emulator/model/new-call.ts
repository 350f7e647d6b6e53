/**
 * Creates call legs (incoming offers and the bot's own calls) with fresh ids, an empty log and
 * media queue, and the keepAlive window running from call start.
 */
import { CallLog } from '../call-log.ts';
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import type { EmulatorApp } from '../options.ts';
import type { CallKind, CallState, EmulatedCall } from './call.ts';
import { MediaQueue } from './media-queue.ts';
import { armKeepAlive } from './termination.ts';

/** What differs between new calls. */
export interface NewCall {
  /** An id allocated beforehand (the create handler draws by it); a fresh one otherwise. */
  id?: string;
  app: EmulatorApp;
  direction: 'incoming' | 'outgoing';
  kind: CallKind;
  state: CallState;
  callbackUri: string;
  apiVersion: 'v1.0' | 'beta';
  source: JsonObject;
  targets: JsonObject[];
  requestedModalities: string[];
  mediaConfig: JsonObject | null;
  tenantId?: string;
  scenarioId?: string;
  /** The chain id the bot sent on its create request (X-Microsoft-Skype-Chain-ID); a new one otherwise. */
  callChainId?: string;
  chatInfo?: JsonObject;
  meetingInfo?: JsonObject;
  subject?: string;
  incomingContext?: JsonObject;
  callOptions?: JsonObject;
}

/** A new, registered call leg. */
export function newCall(ctx: EmulatorContext, init: NewCall): EmulatedCall {
  const call: EmulatedCall = {
    ...init,
    id: init.id ?? ctx.ids.next('call'),
    tenantId: init.tenantId ?? init.app.tenantId,
    scenarioId: init.scenarioId ?? ctx.ids.next('scenario'),
    callChainId: init.callChainId ?? ctx.ids.next('chain'),
    myParticipantId: ctx.ids.next('participant'),
    mediaState: null,
    resultInfo: null,
    toneInfo: null,
    toneSubscribed: false,
    etag: 1,
    operations: new Map(),
    media: new MediaQueue(),
    timers: new Set(),
    log: new CallLog(() => ctx.clock.now()),
    createdAt: ctx.clock.now(),
  };
  ctx.calls.set(call.id, call);
  call.log.add({ kind: 'state', from: 'none', to: call.state, reason: `${init.direction} ${init.kind} call` });
  // What was drawn for this call where the sources disagree: a failing test shows it with the log.
  call.log.add({ kind: 'event', event: 'variations', detail: { seed: ctx.variations.seed, ...ctx.variations.drawn(call.id) } });
  armKeepAlive(ctx, call);
  return call;
}

/** True when the call uses service-hosted media (IVR actions are allowed only then). */
export function hasServiceHostedMedia(call: EmulatedCall): boolean {
  return call.mediaConfig?.['@odata.type'] === '#microsoft.graph.serviceHostedMediaConfig';
}
