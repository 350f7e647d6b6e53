/**
 * Routes on the call itself: create (201 + Location + the call), get (200), delete (204, then
 * `terminating`/`terminated` notifications), keepAlive (200, empty), the roster and operations.
 */
import { isJsonObject } from '../../json.ts';
import { callResource } from '../../model/call-resource.ts';
import { identityOf } from '../../model/people.ts';
import { createCall, kindOf, meetingFor } from '../../model/outgoing.ts';
import { joinFailureResult } from '../../model/meeting-joins.ts';
import { rosterOf } from '../../model/roster.ts';
import { armKeepAlive, hangUpByBot } from '../../model/termination.ts';
import { operationResource } from '../../model/operations.ts';
import { graphErrors } from '../errors.ts';
import { checkCallbackUri, liveCall, requireRole, resourceUrl, type GraphResult, type RequestContext } from '../request-context.ts';

/** POST /communications/calls. */
export function create(rc: RequestContext): GraphResult {
  const { body, ctx, app } = rc;
  checkCallbackUri(ctx, body.callbackUri);
  const kind = kindOf(body);
  const targets = Array.isArray(body.targets) ? body.targets : [];
  if (kind === 'meeting') {
    requireRole(app, ['Calls.JoinGroupCall.All', 'Calls.JoinGroupCallAsGuest.All']);
    const info = body.meetingInfo as Record<string, unknown> | undefined;
    if (info?.['@odata.type'] === '#microsoft.graph.organizerMeetingInfo' && !isJsonObject(body.chatInfo))
      throw graphErrors.badRequest("Missing required property 'chatInfo': joining with organizerMeetingInfo needs the meeting's chatInfo.");
  } else if (kind === 'group') requireRole(app, ['Calls.InitiateGroupCall.All']);
  else requireRole(app, ['Calls.Initiate.All']);
  const meeting = kind === 'meeting' ? meetingFor(ctx, body, typeof body.tenantId === 'string' ? body.tenantId : app.tenantId) : undefined;
  // An unknown meeting or a wrong passcode: refused now, or accepted and ended after establishing
  // (drawn per call; model/meeting-joins.ts). The draw is keyed by the id the call gets.
  const id = ctx.ids.next('call');
  // A phone number among a group call's targets: undocumented, so refused or rung, as drawn for the call.
  if (
    kind === 'group' &&
    targets.some((target) => identityOf(target?.identity)?.kind === 'phone') &&
    ctx.variations.of('groupCallPhoneTarget', id) === 'refused'
  )
    throw graphErrors.badRequest('A group call can only be created with user targets: a phone number cannot be a target of a group call.');
  // A call that rings a phone number, alone or (where accepted) in a group, comes from a number.
  if (kind !== 'meeting' && targets.some((target) => identityOf(target?.identity)?.kind === 'phone')) requirePhoneSource(body);
  const joinFailure = kind === 'meeting' && !meeting ? joinFailureResult(ctx, id) : undefined;
  if (kind === 'meeting' && !meeting && !joinFailure)
    throw graphErrors.badRequest('The meeting in chatInfo/meetingInfo does not exist, or its joinMeetingId and passcode do not match.');
  const call = createCall(ctx, app, body, { id, apiVersion: rc.version, scenarioId: rc.scenarioId, chainId: rc.chainId, meeting, joinFailure });
  const path = `/communications/calls/${call.id}`;
  return {
    status: 201,
    location: resourceUrl(rc, path),
    body: { '@odata.context': `${rc.origin}/${rc.version}/$metadata#communications/calls/$entity`, ...callResource(call) },
  };
}

/** Graph's conditions on a call to a phone number: an application instance with a number as its source, and the tenant. */
function requirePhoneSource(body: Record<string, unknown>): void {
  const source = isJsonObject(body.source) ? identityOf(body.source.identity) : undefined;
  if (source?.kind !== 'applicationInstance')
    throw graphErrors.badRequest("A call to a phone number needs 'source.identity.applicationInstance' (an application instance with a phone number).");
  if (typeof body.tenantId !== 'string') throw graphErrors.badRequest("Missing required property 'tenantId': a call to a phone number must name the tenant.");
}

/** GET /communications/calls/{id}. */
export function get(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  return { status: 200, body: { '@odata.context': `${rc.origin}/${rc.version}/$metadata#communications/calls/$entity`, ...callResource(call) } };
}

/** DELETE /communications/calls/{id}. */
export function remove(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  if (call.state === 'terminating') throw graphErrors.invalidState('delete', call.state, ['incoming', 'establishing', 'established']);
  hangUpByBot(rc.ctx, call);
  return { status: 204 };
}

/** POST …/keepAlive: 200 with an empty body; 404 once the call has ended. */
export function keepAlive(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  armKeepAlive(rc.ctx, call);
  call.log.add({ kind: 'event', event: 'keepAlive' });
  return { status: 200 };
}

/** GET …/participants. */
export function participants(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  return {
    status: 200,
    body: { '@odata.context': `${rc.origin}/${rc.version}/$metadata#communications/calls('${call.id}')/participants`, value: rosterOf(rc.ctx, call) },
  };
}

/** GET …/participants/{id}. */
export function participant(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  const found = rosterOf(rc.ctx, call).find((p) => p.id === rc.route.participantId);
  if (!found) throw graphErrors.participantNotFound(rc.route.participantId ?? '');
  return { status: 200, body: { '@odata.context': `${rc.origin}/${rc.version}/$metadata#communications/calls('${call.id}')/participants/$entity`, ...found } };
}

/**
 * GET …/operations/{id}: not in the API reference's route table (only a relationship), and
 * operation updates "come via the notification channel". Served, or 404 for calls drawn so
 * (variations.ts `operationLookup`): a bot must not depend on it.
 */
export function operation(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  const found = rc.ctx.variations.of('operationLookup', call.id) === 'served' ? call.operations.get(rc.route.operationId ?? '') : undefined;
  if (!found) throw graphErrors.operationNotFound(rc.route.operationId ?? '');
  return {
    status: 200,
    body: {
      '@odata.context': `${rc.origin}/${rc.version}/$metadata#communications/calls('${call.id}')/operations/$entity`,
      ...operationResource(rc.ctx, call, found),
    },
  };
}
