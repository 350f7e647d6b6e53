/**
 * Graph URL → route. Paths are matched segment by segment, case-insensitively (Graph path
 * segments and action names are case-insensitive; ids are not), under /communications/calls or
 * the deprecated /app/calls, and actions may carry the `microsoft.graph.` namespace prefix.
 */
import { graphErrors } from './errors.ts';

/** A parsed Graph request target. */
export interface Route {
  /** Canonical action: create, get, delete, participants, participant, removeParticipant, operation, or an action name. */
  action: string;
  callId?: string;
  participantId?: string;
  operationId?: string;
}

/** Actions POSTed to /calls/{id}/{action}, by lower-case name. */
const CALL_ACTIONS = new Map(
  [
    'answer',
    'reject',
    'redirect',
    'transfer',
    'playPrompt',
    'recordResponse',
    'cancelMediaProcessing',
    'subscribeToTone',
    'sendDtmfTones',
    'keepAlive',
    'mute',
    'unmute',
    'updateRecordingStatus',
    'changeScreenSharingRole',
  ].map((a) => [a.toLowerCase(), a]),
);
// Beta names the record action `record`.
CALL_ACTIONS.set('record', 'recordResponse');

/** Actions POSTed to /calls/{id}/participants/{pid}/{action}. */
const PARTICIPANT_ACTIONS = new Map([
  ['mute', 'participantMute'],
  ['startholdmusic', 'startHoldMusic'],
  ['stopholdmusic', 'stopHoldMusic'],
]);

/** `microsoft.graph.playPrompt` → `playprompt`. */
function actionKey(segment: string): string {
  return segment.replace(/^microsoft\.graph\./i, '').toLowerCase();
}

function expect(method: string, allowed: string, route: Route): Route {
  if (method !== allowed) throw graphErrors.methodNotAllowed();
  return route;
}

/**
 * Parses the segments after /v1.0 or /beta.
 *
 * @example
 * parseRoute('POST', ['communications', 'calls', 'abc', 'microsoft.graph.PlayPrompt']); // { action: 'playPrompt', callId: 'abc' }
 */
export function parseRoute(method: string, segments: string[]): Route {
  const [root, calls, callId, second, third, fourth, ...extra] = segments;
  if (!root || !['communications', 'app'].includes(root.toLowerCase())) throw graphErrors.segmentNotFound(root ?? '');
  if (!calls || calls.toLowerCase() !== 'calls') throw graphErrors.segmentNotFound(calls ?? root);
  if (extra.length) throw graphErrors.segmentNotFound(extra[0]);
  if (callId === undefined) return expect(method, 'POST', { action: 'create' });
  if (second === undefined) {
    if (method === 'GET') return { action: 'get', callId };
    return expect(method, 'DELETE', { action: 'delete', callId });
  }
  const key = actionKey(second);
  if (third === undefined) {
    if (key === 'participants') return expect(method, 'GET', { action: 'participants', callId });
    const action = CALL_ACTIONS.get(key);
    if (!action) throw graphErrors.segmentNotFound(second);
    return expect(method, 'POST', { action, callId });
  }
  if (key === 'operations' && fourth === undefined) return expect(method, 'GET', { action: 'operation', callId, operationId: third });
  if (key !== 'participants') throw graphErrors.segmentNotFound(second);
  if (fourth === undefined) {
    if (actionKey(third) === 'invite') return expect(method, 'POST', { action: 'invite', callId });
    if (method === 'GET') return { action: 'participant', callId, participantId: third };
    return expect(method, 'DELETE', { action: 'removeParticipant', callId, participantId: third });
  }
  const action = PARTICIPANT_ACTIONS.get(actionKey(fourth));
  if (!action) throw graphErrors.segmentNotFound(fourth);
  return expect(method, 'POST', { action, callId, participantId: third });
}
