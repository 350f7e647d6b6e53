/**
 * How a call and its participants look on the wire: the full `call` entity (POST and GET
 * answers, incoming-call notifications) and the participant entities of rosters.
 */
import type { JsonObject } from '../json.ts';
import type { EmulatedCall } from './call.ts';
import type { ResultInfo } from '../../protocol/result-codes.ts';

/** resultInfo with its `@odata.type`, as notifications carry it. */
export function resultInfoJson(result: ResultInfo | null): JsonObject | null {
  return result ? { '@odata.type': '#microsoft.graph.resultInfo', code: result.code, subcode: result.subcode, message: result.message } : null;
}

/** The `@odata.id` of a call. */
export function callPath(call: EmulatedCall): string {
  return `/communications/calls/${call.id}`;
}

/** The full call entity. */
export function callResource(call: EmulatedCall): JsonObject {
  const resource: JsonObject = {
    '@odata.type': '#microsoft.graph.call',
    state: call.state,
    direction: call.direction,
    callbackUri: call.callbackUri,
    source: call.source,
    targets: call.targets,
    requestedModalities: call.requestedModalities,
    mediaConfig: call.mediaConfig,
    mediaState: call.mediaState ? { '@odata.type': '#microsoft.graph.callMediaState', audio: call.mediaState } : null,
    resultInfo: resultInfoJson(call.resultInfo),
    callChainId: call.callChainId,
    myParticipantId: call.myParticipantId,
    toneInfo: call.toneInfo ? { '@odata.type': '#microsoft.graph.toneInfo', ...call.toneInfo } : null,
    chatInfo: call.chatInfo ?? null,
    meetingInfo: call.meetingInfo ?? null,
    subject: call.subject ?? null,
    incomingContext: call.incomingContext ?? null,
    callRoutes: [],
    callOptions: call.callOptions ?? null,
    transcription: null,
    tenantId: call.tenantId,
    id: call.id,
  };
  return resource;
}

/** One roster entry as Graph serializes a participant. */
export interface ParticipantView {
  id: string;
  identity: JsonObject;
  /** Audio source id of the participant's stream. */
  sourceId: string;
  isMuted: boolean;
  isInLobby: boolean;
  languageId?: string;
  region?: string;
}

/** The participant entity. */
export function participantResource(p: ParticipantView): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.participant',
    id: p.id,
    info: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: p.identity,
      endpointType: 'default',
      languageId: p.languageId ?? 'en-US',
      region: p.region ?? 'amer',
    },
    mediaStreams: [{ '@odata.type': '#microsoft.graph.mediaStream', mediaType: 'audio', sourceId: p.sourceId, direction: 'sendReceive', serverMuted: false }],
    isMuted: p.isMuted,
    isInLobby: p.isInLobby,
  };
}
