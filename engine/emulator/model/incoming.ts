/**
 * Incoming calls: a simulated person (Teams user or phone) calls the bot, or the bot is invited
 * into a meeting. The bot gets a `created` notification with `state: incoming` and has 15 s
 * (documented) to answer, reject or redirect; answering leads to `establishing` and `established`
 * (with `mediaState.audio: active`), rejecting to a bare `deleted`, redirecting to a `deleted`
 * carrying the whole call once the redirect resolves.
 */
import { ringAll } from './ring-all.ts';
import { createHash } from 'node:crypto';
import type { EmulatorContext } from '../context.ts';
import { withoutNulls, type JsonObject } from '../json.ts';
import type { EmulatorApp } from '../options.ts';
import { moveTo, type EmulatedCall } from './call.ts';
import { callResource } from './call-resource.ts';
import { later } from './call-timers.ts';
import type { Conversation } from './conversations.ts';
import { newCall } from './new-call.ts';
import { callData, notifyCall } from './notify.ts';
import { identitySet, type Person } from './people.ts';
import { RESULT_CODES } from '../../protocol/result-codes.ts';
import { ringFailure } from './callee-outcomes.ts';
import { botJoins, publishRoster } from './roster.ts';
import { terminate } from './termination.ts';

/** participantInfo of a person. */
export function participantInfo(person: Person, participantId: string): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.participantInfo',
    identity: person.identity,
    endpointType: 'default',
    region: 'amer',
    languageId: 'en-us',
    id: participantId,
  };
}

/**
 * The identity a caller reached: the app, its application instance, or — dialling a number — the
 * resource account holding that number. The documentation shows only `applicationInstance` for
 * calls to a resource account; the emulator adds the dialled number as `phone` (choice), so a bot
 * can tell its numbers apart. A number other than the app's own belongs to another resource
 * account of the same bot, whose object id is derived from the number (stable across runs).
 */
export function calledIdentity(app: EmulatorApp, options: { toApplicationInstance?: boolean; toPhone?: string }): JsonObject {
  if (options.toPhone) {
    const instanceId = options.toPhone === app.phoneNumber ? app.applicationInstanceId : numberInstanceId(app.appId, options.toPhone);
    return { ...identitySet('applicationInstance', instanceId, { displayName: app.displayName }), phone: identitySet('phone', options.toPhone).phone };
  }
  if (options.toApplicationInstance) return identitySet('applicationInstance', app.applicationInstanceId, { displayName: app.displayName });
  return identitySet('application', app.appId, { displayName: app.displayName });
}

/** A GUID-shaped id derived from the app and a phone number. */
function numberInstanceId(appId: string, phone: string): string {
  const hex = createHash('sha1').update(`${appId}|${phone}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Offers a call from `caller` to the bot `app` (or invites the bot into `meeting`). */
export function offerIncomingCall(
  ctx: EmulatorContext,
  app: EmulatorApp,
  caller: Person,
  options: { toApplicationInstance?: boolean; toPhone?: string; meeting?: Conversation; answerWindowMs?: number } = {},
): EmulatedCall {
  const participantId = ctx.ids.next('participant');
  const botIdentity = calledIdentity(app, options);
  const meeting = options.meeting?.meeting;
  const call = newCall(ctx, {
    app,
    direction: 'incoming',
    kind: options.meeting ? 'meeting' : 'peerToPeer',
    state: 'incoming',
    callbackUri: app.callbackUri,
    apiVersion: 'v1.0',
    source: participantInfo(caller, participantId),
    targets: [{ '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: botIdentity }],
    requestedModalities: ['audio'],
    mediaConfig: null,
    incomingContext: { '@odata.type': '#microsoft.graph.incomingContext', sourceParticipantId: participantId },
    chatInfo: meeting ? { '@odata.type': '#microsoft.graph.chatInfo', threadId: meeting.threadId, messageId: meeting.messageId } : undefined,
    meetingInfo: meeting ? { '@odata.type': '#microsoft.graph.tokenMeetingInfo', token: meeting.token } : undefined,
  });
  if (options.meeting) call.conversationId = options.meeting.id;
  else call.peer = { person: caller, participantId, info: call.source, muted: false };
  call.log.add({
    kind: 'person',
    action: 'call',
    detail: { from: caller.key, toApplicationInstance: options.toApplicationInstance ?? false, ...(options.toPhone && { toPhone: options.toPhone }) },
  });
  notifyCall(ctx, call, 'created', callData(call, withoutNulls(callResource(call))));
  // Not answered, rejected or redirected within 15 s: 408/8544 "Callee could not be reached." (the
  // real payload of msteams-docs issue 9159; comms-samples issue 191 ties it to the 15 s window).
  call.answerWindow = ctx.clock.after(options.answerWindowMs ?? ctx.timings.answerWindowMs, () =>
    terminate(ctx, call, RESULT_CODES.botNotReached, { reason: 'not answered within the answer window' }),
  );
  return call;
}

/**
 * The bot did not acknowledge the incoming-call notification (no 2xx within the POST's deadline,
 * about 5 s): the service drops the offer. A real payload of this case is 408/8544 "Callee could not
 * be reached." (msteams-docs issue 9159; a maintainer ties it to not acknowledging within 5 s, comms-
 * samples issue 191); Graph's call-delete table has 408/1106 for an acknowledgement not received in
 * time. Drawn per call (variations.ts `unacknowledgedOffer`). A bot that answered anyway keeps its call.
 */
export function offerNotAcknowledged(ctx: EmulatorContext, call: EmulatedCall): void {
  if (call.state !== 'incoming') return;
  const result = ctx.variations.of('unacknowledgedOffer', call.id) === 'calleeNotReached8544' ? RESULT_CODES.botNotReached : RESULT_CODES.noAcknowledgement;
  terminate(ctx, call, result, { reason: 'the incoming-call notification was not acknowledged' });
}

/** Sends `establishing` after a short delay, then runs `next`. */
export function notifyEstablishing(ctx: EmulatorContext, call: EmulatedCall, next: () => void): void {
  later(ctx, call, ctx.timings.establishingDelayMs, () => {
    notifyCall(ctx, call, 'updated', callData(call, { state: 'establishing' }));
    next();
  });
}

/** `establishing`, then `established` (answered calls, meeting joins, group calls). */
export function establishAfterDelay(ctx: EmulatorContext, call: EmulatedCall): void {
  notifyEstablishing(ctx, call, () => later(ctx, call, ctx.timings.establishedDelayMs, () => becomeEstablished(ctx, call)));
}

/**
 * `established`, and — in a meeting — the bot's entry in the roster. Audio becomes active in the
 * same notification or in a later update, and `established` may come again (variations.ts):
 * Microsoft's answer example has no `mediaState` in its `established`, while the samples wait for
 * `Established && MediaState.Audio == Active` and warn that one call can see several `established`.
 */
export function becomeEstablished(ctx: EmulatorContext, call: EmulatedCall): void {
  moveTo(call, 'established');
  const audioLater = ctx.variations.of('mediaState', call.id) === 'laterUpdate';
  const established = (withAudio: boolean) =>
    callData(call, { state: 'established', direction: call.direction, ...(withAudio ? { mediaState: audioActive } : {}), id: call.id });
  if (!audioLater) call.mediaState = 'active';
  notifyCall(ctx, call, 'updated', established(!audioLater));
  if (audioLater)
    later(ctx, call, ctx.timings.establishingDelayMs, () => {
      if (call.state !== 'established') return;
      call.mediaState = 'active';
      notifyCall(ctx, call, 'updated', established(true));
    });
  if (ctx.variations.of('establishedRepeats', call.id) === 'repeated')
    later(ctx, call, ctx.timings.establishingDelayMs * 2, () => {
      if (call.state === 'established') notifyCall(ctx, call, 'updated', established(call.mediaState === 'active'));
    });
  const conversation = call.conversationId ? ctx.conversations.get(call.conversationId) : undefined;
  if (conversation) {
    botJoins(ctx, call, conversation);
    publishRoster(ctx, conversation);
  }
}

const audioActive = { '@odata.type': '#microsoft.graph.callMediaState', audio: 'active' };

/** POST …/answer (the handler checked the state and body). */
export function answer(ctx: EmulatorContext, call: EmulatedCall, body: JsonObject): void {
  call.answerWindow?.cancel();
  if (typeof body.callbackUri === 'string') call.callbackUri = body.callbackUri;
  call.mediaConfig = body.mediaConfig as JsonObject;
  call.requestedModalities = body.acceptedModalities as string[];
  ctx.prompts.prefetch(call.mediaConfig.preFetchMedia, call.app.appId);
  moveTo(call, 'establishing', 'answered');
  establishAfterDelay(ctx, call);
}

/** POST …/reject: the call leg is deleted (bare notification, as documented). */
export function reject(ctx: EmulatorContext, call: EmulatedCall, body: JsonObject): void {
  if (typeof body.callbackUri === 'string') call.callbackUri = body.callbackUri;
  terminate(ctx, call, null, { notice: 'bare', reason: `rejected (${String(body.reason ?? 'none')})` });
}

/**
 * POST …/redirect: rings every target at once; the first to accept takes the caller. The bot's
 * leg ends when the redirect resolves (choice): accepted → the documented `deleted` with the
 * whole call; nobody accepts within `timeout` → the same plus a failure resultInfo.
 */
export function redirect(ctx: EmulatorContext, call: EmulatedCall, body: JsonObject): void {
  call.answerWindow?.cancel();
  if (typeof body.callbackUri === 'string') call.callbackUri = body.callbackUri;
  const targets = body.targets as JsonObject[];
  const timeoutMs = (typeof body.timeout === 'number' ? body.timeout : targets.length > 1 ? 60 : 55) * 1000;
  moveTo(call, 'redirecting', 'redirected');
  ringAll(ctx, {
    callId: call.id,
    purpose: 'redirect',
    targets,
    timeoutMs,
    accepted: (person) => {
      call.log.add({ kind: 'event', event: 'redirected', detail: { to: person.key } });
      terminate(ctx, call, null, { notice: 'full', reason: `redirect accepted by ${person.key}` });
    },
    settled: (joined, lastFailure, refusedBy) => {
      if (joined === 0)
        terminate(ctx, call, ringFailure(ctx, call.id, lastFailure, refusedBy), { notice: 'full', reason: `redirect not accepted (${lastFailure})` });
    },
  });
}
