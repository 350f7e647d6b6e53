/**
 * Calls the bot places with POST /communications/calls (graph-calls.md §2.1): a P2P call to a
 * Teams user or (from an application instance) a phone number, a group call to several users, or
 * a meeting join by chatInfo + meetingInfo. The POST answers 201 with `state: establishing`; then
 * `establishing` and, once the callee answers (or at once for meetings and group calls),
 * `established` follow as notifications.
 */
import { ringAll } from './ring-all.ts';
import type { EmulatorContext } from '../context.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import type { EmulatorApp } from '../options.ts';
import type { CallKind, EmulatedCall } from './call.ts';
import type { Conversation } from './conversations.ts';
import { becomeEstablished, establishAfterDelay, notifyEstablishing } from './incoming.ts';
import { startMeetingJoin } from './meeting-joins.ts';
import type { ResultInfo } from '../../protocol/result-codes.ts';
import { ringFailure } from './callee-outcomes.ts';
import { newCall } from './new-call.ts';
import { identitySet } from './people.ts';
import { RESULT_CODES } from '../../protocol/result-codes.ts';
import { botJoins, personJoins } from './roster.ts';
import { terminate } from './termination.ts';

/** P2P, group or meeting, from a create-call body. */
export function kindOf(body: JsonObject): CallKind {
  if (body.meetingInfo !== undefined || body.chatInfo !== undefined) return 'meeting';
  return Array.isArray(body.targets) && body.targets.length > 1 ? 'group' : 'peerToPeer';
}

/** The meeting a join body addresses: found by thread, join meeting id and passcode, or token (or created, when autoCreateMeetings). */
export function meetingFor(ctx: EmulatorContext, body: JsonObject, tenantId: string): Conversation | undefined {
  const chat = isJsonObject(body.chatInfo) ? body.chatInfo : {};
  const info = isJsonObject(body.meetingInfo) ? body.meetingInfo : {};
  const query = {
    threadId: typeof chat.threadId === 'string' ? chat.threadId : undefined,
    joinMeetingId: typeof info.joinMeetingId === 'string' ? info.joinMeetingId : undefined,
    passcode: typeof info.passcode === 'string' ? info.passcode : undefined,
    token: typeof info.token === 'string' ? info.token : undefined,
  };
  const found = ctx.conversations.findMeeting(query);
  if (found || !ctx.choices.autoCreateMeetings) return found;
  const organizer = isJsonObject(info.organizer) && isJsonObject(info.organizer.user) ? info.organizer.user : {};
  return ctx.conversations.createMeeting({
    organizerId: typeof organizer.id === 'string' ? organizer.id : ctx.ids.next('person'),
    tenantId,
    threadId: query.threadId,
  });
}

/** Creates the bot's call (the handler validated the body and checked permissions). */
export function createCall(
  ctx: EmulatorContext,
  app: EmulatorApp,
  body: JsonObject,
  how: { id: string; apiVersion: 'v1.0' | 'beta'; scenarioId?: string; chainId?: string; meeting?: Conversation; joinFailure?: ResultInfo },
): EmulatedCall {
  const { apiVersion, scenarioId, chainId, meeting, joinFailure } = how;
  const kind = kindOf(body);
  const targets = (body.targets as JsonObject[] | undefined) ?? [];
  const call = newCall(ctx, {
    id: how.id,
    app,
    direction: 'outgoing',
    kind,
    state: 'establishing',
    callbackUri: body.callbackUri as string,
    apiVersion,
    scenarioId,
    callChainId: chainId,
    source: isJsonObject(body.source)
      ? body.source
      : { '@odata.type': '#microsoft.graph.participantInfo', identity: identitySet('application', app.appId, { displayName: app.displayName }) },
    targets,
    requestedModalities: body.requestedModalities as string[],
    mediaConfig: body.mediaConfig as JsonObject,
    tenantId: typeof body.tenantId === 'string' ? body.tenantId : undefined,
    chatInfo: isJsonObject(body.chatInfo) ? body.chatInfo : undefined,
    meetingInfo: isJsonObject(body.meetingInfo) ? body.meetingInfo : undefined,
    subject: typeof body.subject === 'string' ? body.subject : undefined,
    callOptions: isJsonObject(body.callOptions) ? body.callOptions : undefined,
  });
  ctx.prompts.prefetch(call.mediaConfig?.preFetchMedia, app.appId);
  if (kind === 'meeting') startMeetingJoin(ctx, call, meeting, joinFailure);
  else if (kind === 'group') startGroupCall(ctx, call, targets);
  else startPeerToPeerCall(ctx, call, targets[0], typeof body.ringingTimeoutInSeconds === 'number' ? body.ringingTimeoutInSeconds * 1000 : undefined);
  return call;
}

function startPeerToPeerCall(ctx: EmulatorContext, call: EmulatedCall, target: JsonObject, ringTimeoutMs: number | undefined): void {
  const person = ctx.people.fromIdentitySet(target.identity)!;
  call.peer = { person, participantId: ctx.ids.next('participant'), info: target, muted: false };
  notifyEstablishing(ctx, call, () =>
    ctx.rings.start({
      callId: call.id,
      purpose: 'outgoing',
      person,
      timeoutMs: ringTimeoutMs ?? ctx.timings.outgoingRingTimeoutMs,
      onOutcome: (outcome) => {
        if (outcome === 'accepted') return becomeEstablished(ctx, call);
        terminate(ctx, call, ringFailure(ctx, call.id, outcome, person), { reason: `callee ${outcome}` });
      },
    }),
  );
}

function startGroupCall(ctx: EmulatorContext, call: EmulatedCall, targets: JsonObject[]): void {
  const conversation = ctx.conversations.createGroup(call.tenantId);
  botJoins(ctx, call, conversation);
  establishAfterDelay(ctx, call);
  ringAll(ctx, {
    callId: call.id,
    purpose: 'groupCall',
    targets,
    timeoutMs: ctx.timings.outgoingRingTimeoutMs,
    accepted: (person) => personJoins(ctx, conversation, person),
    settled: (joined) => {
      if (joined === 0) terminate(ctx, call, RESULT_CODES.nobodyJoined, { reason: 'nobody joined the group call' });
    },
  });
}
