/**
 * Notification payloads as documented (graph-calls.md §3) and the variants the documentation and
 * issue threads show real deliveries take, plus a helper that feeds a sequence through the
 * translator with its memory carried over, as the session does.
 */
import type { EngineEvent, Json } from '../../../engine/core/types.ts';
import { GraphNotificationTranslator } from '../../../engine/graph/notifications/translator.ts';
import type { PendingOperation } from '../../../engine/session/types.ts';

export const CALL_ID = '57DAB8B1894C409AB240BD8BEAE78896';
export const CALL_URL = `/communications/calls/${CALL_ID}`;
export const BOT_APP_ID = '0efc74f7-41c3-47a4-8775-7259bfef4241';
export const TENANT = '1fdd12d0-4620-44ed-baec-459b611f84b2';

export function notification(
  changeType: string,
  resourceUrl: string | undefined,
  resourceData: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.commsNotification', changeType, ...(resourceUrl ? { resourceUrl } : {}), resourceData, ...extra };
}

/** The incoming P2P call of graph-calls.md §3.3 (doc example + comms-samples#191). */
export function incomingCall(
  targetIdentity: Record<string, unknown> = { application: { '@odata.type': '#microsoft.graph.identity', id: BOT_APP_ID, displayName: 'Test BOT' } },
  source: Record<string, unknown> = { user: { '@odata.type': '#microsoft.graph.identity', id: 'caller-oid', displayName: 'Test User', tenantId: TENANT } },
) {
  return notification('created', CALL_URL, {
    '@odata.type': '#microsoft.graph.call',
    '@odata.id': CALL_URL,
    '@odata.etag': 'W/"5445"',
    state: 'incoming',
    direction: 'incoming',
    callbackUri: 'https://bot.contoso.com/api/calls',
    source: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: { '@odata.type': '#microsoft.graph.identitySet', ...source },
      endpointType: 'default',
      region: 'amer',
      languageId: 'en-us',
      id: 'caller-participant-id',
    },
    targets: [{ '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: { '@odata.type': '#microsoft.graph.identitySet', ...targetIdentity } }],
    requestedModalities: ['audio'],
    tenantId: TENANT,
    myParticipantId: 'bot-participant-id',
    callChainId: 'chain-guid',
    incomingContext: { '@odata.type': '#microsoft.graph.incomingContext', sourceParticipantId: 'caller-participant-id' },
    id: CALL_ID,
  });
}

export const callState = (state: string, extra: Record<string, unknown> = {}, changeType = 'updated') =>
  notification(changeType, CALL_URL, { '@odata.type': '#microsoft.graph.call', state, ...extra });

export const tone = (sequenceId: number | string, name: string) =>
  notification('updated', CALL_URL, {
    '@odata.type': '#microsoft.graph.call',
    state: 'established',
    toneInfo: { '@odata.type': '#microsoft.graph.toneInfo', sequenceId, tone: name },
  });

export const operation = (odataType: string | undefined, data: Record<string, unknown>, operationId = '0FE0623FD62842EDB4BD8AC290072CC5') =>
  notification('deleted', `${CALL_URL}/operations/${operationId}`, {
    ...(odataType ? { '@odata.type': `#microsoft.graph.${odataType}` } : {}),
    '@odata.id': `${CALL_URL}/operations/${operationId}`,
    ...data,
  });

export const roster = (participants: Array<Record<string, unknown>>) =>
  notification(
    'updated',
    `${CALL_URL}/participants`,
    participants.map((participant) => ({ '@odata.type': '#microsoft.graph.participant', isMuted: false, isInLobby: false, ...participant })),
  );

/** Translates a sequence of notifications for one call, carrying the memory over. */
export function translateAll(notifications: unknown[], pending: PendingOperation[] = []): { events: EngineEvent[]; notes: string[]; memory: Json } {
  const translator = new GraphNotificationTranslator();
  let memory: Json | undefined;
  const events: EngineEvent[] = [];
  const notes: string[] = [];
  for (const item of notifications) {
    const result = translator.translate(item, { memory, pending });
    memory = result.memory;
    events.push(...result.events);
    notes.push(...result.notes);
  }
  return { events, notes, memory: memory ?? null };
}
