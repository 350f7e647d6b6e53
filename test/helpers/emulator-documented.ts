/**
 * The notification payloads documented in graph-calls.md (§1.1, §3.3–§3.5), written as
 * functions of the ids a test run produces, and a field-by-field comparison: every field of the
 * documented payload must be in the emulator's payload with the same value (extra fields, which
 * real payloads also carry, are allowed). Placeholders of the docs (`<guid>`, `<tid>`, …) become
 * matchers.
 */
import { expect } from 'vitest';

const anyString = () => expect.any(String);
const etag = () => expect.stringMatching(/^W\/"\d+"$/);

/** Asserts that `actual` contains every field of `documented` with the same value. */
export function expectDocumented(actual: unknown, documented: unknown, path = '$'): void {
  if (Array.isArray(documented)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(documented.length);
    documented.forEach((item, i) => expectDocumented((actual as unknown[])[i], item, `${path}[${i}]`));
    return;
  }
  if (documented !== null && typeof documented === 'object' && !('asymmetricMatch' in documented)) {
    expect(actual !== null && typeof actual === 'object', `${path} is an object`).toBe(true);
    for (const [key, value] of Object.entries(documented)) {
      expect(Object.keys(actual as object), `${path} has "${key}"`).toContain(key);
      expectDocumented((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
    return;
  }
  expect(actual, path).toEqual(documented);
}

const call = (id: string) => `/communications/calls/${id}`;

/** §3.3: incoming P2P call (composite of the call-answer doc example and comms-samples#191). */
export const incomingCall = (ids: { callId: string; callerId: string; tenantId: string; appId: string; callbackUri: string }) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'created',
  resourceUrl: call(ids.callId),
  resourceData: {
    '@odata.type': '#microsoft.graph.call',
    '@odata.id': call(ids.callId),
    '@odata.etag': etag(),
    state: 'incoming',
    direction: 'incoming',
    callbackUri: ids.callbackUri,
    source: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: { '@odata.type': '#microsoft.graph.identity', id: ids.callerId, displayName: 'Test User', tenantId: ids.tenantId },
      },
      endpointType: 'default',
      region: 'amer',
      languageId: 'en-us',
      id: anyString(),
    },
    targets: [
      {
        '@odata.type': '#microsoft.graph.invitationParticipantInfo',
        identity: {
          '@odata.type': '#microsoft.graph.identitySet',
          application: { '@odata.type': '#microsoft.graph.identity', id: ids.appId, displayName: 'Test BOT' },
        },
      },
    ],
    requestedModalities: ['audio'],
    tenantId: ids.tenantId,
    myParticipantId: anyString(),
    callChainId: anyString(),
    incomingContext: { '@odata.type': '#microsoft.graph.incomingContext', sourceParticipantId: anyString() },
    id: ids.callId,
  },
});

/** §3.3 / call-answer example: establishing. */
export const establishing = (callId: string) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'updated',
  resourceUrl: call(callId),
  resourceData: { '@odata.type': '#microsoft.graph.call', '@odata.id': call(callId), '@odata.etag': etag(), state: 'establishing' },
});

/** §3.3: established (the outgoing example carries direction and id) with the media state of comms-samples#700. */
export const established = (callId: string, direction: 'incoming' | 'outgoing') => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'updated',
  resourceUrl: call(callId),
  resourceData: {
    '@odata.type': '#microsoft.graph.call',
    state: 'established',
    direction,
    id: callId,
    mediaState: { '@odata.type': '#microsoft.graph.callMediaState', audio: 'active' },
  },
});

/** §1.1: the `terminating` update after DELETE. */
export const terminating = (callId: string) => ({
  changeType: 'updated',
  resourceUrl: call(callId),
  resourceData: { '@odata.type': '#microsoft.graph.call', state: 'terminating' },
});

/** §3.3 (GC call-delete): terminated. */
export const terminated = (callId: string, code: number, subcode: number, message: string) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'deleted',
  resourceUrl: call(callId),
  resourceData: {
    '@odata.type': '#microsoft.graph.call',
    state: 'terminated',
    resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code, subcode, message },
  },
});

/** call-reject example: the bare deleted notification. */
export const rejected = (callId: string) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'deleted',
  resourceUrl: call(callId),
  resourceData: { '@odata.type': '#microsoft.graph.call', '@odata.id': call(callId) },
});

/** call-redirect example: deleted with the whole call. */
export const redirected = (ids: { callId: string; callerId: string; appId: string; callbackUri: string }) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'deleted',
  resourceUrl: call(ids.callId),
  resourceData: {
    '@odata.type': '#microsoft.graph.call',
    state: 'terminated',
    direction: 'incoming',
    callbackUri: ids.callbackUri,
    source: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: { '@odata.type': '#microsoft.graph.identitySet', user: { '@odata.type': '#microsoft.graph.identity', id: ids.callerId } },
      region: 'amer',
    },
    targets: [
      {
        identity: {
          '@odata.type': '#microsoft.graph.identitySet',
          application: { '@odata.type': '#microsoft.graph.identity', displayName: 'Test BOT', id: ids.appId },
        },
      },
    ],
    myParticipantId: anyString(),
    id: ids.callId,
  },
});

/** §3.3 / call-subscribetotone example: a tone. */
export const tone = (callId: string, sequenceId: number, toneName: string) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'updated',
  resourceUrl: call(callId),
  resourceData: {
    '@odata.type': '#microsoft.graph.call',
    state: 'established',
    toneInfo: { '@odata.type': '#microsoft.graph.toneInfo', sequenceId, tone: toneName },
  },
});

/** call-transfer examples: transferring, transferAccepted, completed, failed. */
export const transferring = (callId: string) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'updated',
  resourceUrl: call(callId),
  resourceData: { '@odata.type': '#microsoft.graph.call', state: 'transferring' },
});
export const transferAccepted = (callId: string) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'updated',
  resourceUrl: call(callId),
  resourceData: { '@odata.type': '#microsoft.graph.call', state: 'transferAccepted' },
});
export const transferCompleted = (callId: string) => terminated(callId, 0, 7015, 'GracefulTransferCompleted');
export const consultativeTransferCompleted = (callId: string) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'deleted',
  resourceUrl: call(callId),
  resourceData: { '@odata.type': '#microsoft.graph.call', state: 'terminated', terminationReason: 'AppTransferred' },
});
export const transferFailed = (callId: string, subCode: 7000 | 7700) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'updated',
  resourceUrl: call(callId),
  resourceData: {
    '@odata.type': '#microsoft.graph.call',
    state: 'established',
    resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 500, subCode, message: anyString() },
  },
});

/** §3.4: an operation's completion notification. */
export const operationDone = (callId: string, operationId: string, resourceData: Record<string, unknown>) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'deleted',
  resourceUrl: `${call(callId)}/operations/${operationId}`,
  resourceData: { '@odata.id': `${call(callId)}/operations/${operationId}`, '@odata.etag': etag(), id: operationId, ...resourceData },
});

/** §3.4 call-record example: completed at max duration with a location and token. */
export const recordCompleted = (callId: string, operationId: string, clientContext: string) =>
  operationDone(callId, operationId, {
    '@odata.type': '#microsoft.graph.recordOperation',
    clientContext,
    status: 'completed',
    resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 200, subcode: 8515, message: 'Action completed, max record duration reached.' },
    recordingLocation: expect.stringMatching(/^https:\/\//),
    recordingAccessToken: expect.stringMatching(/.{20,}/),
  });

/** §2.4: a cancelled record. */
export const recordCancelled = (callId: string, operationId: string) =>
  operationDone(callId, operationId, {
    '@odata.type': '#microsoft.graph.recordOperation',
    status: 'failed',
    resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 400, subcode: 8508, message: 'Action failed, the operation was cancelled.' },
    completionReason: 'operationCanceled',
    recordingLocation: '',
    recordingAccessToken: '',
  });

/** §3.4: playPrompt completed. */
export const promptCompleted = (callId: string, operationId: string) =>
  operationDone(callId, operationId, {
    '@odata.type': '#microsoft.graph.playPromptOperation',
    status: 'completed',
    resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 200, subcode: 0, message: 'Action completed successfully.' },
  });

/** §3.4 (GC send DTMF example). */
export const dtmfCompleted = (callId: string, operationId: string, clientContext: string) =>
  operationDone(callId, operationId, {
    '@odata.type': '#microsoft.graph.sendDtmfTonesOperation',
    status: 'completed',
    completionReason: 'completedSuccessfully',
    clientContext,
  });

/** §3.5: a roster update. */
export const roster = (callId: string, participants: Array<{ id: string; identity: Record<string, unknown> }>) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'updated',
  resourceUrl: `${call(callId)}/participants`,
  resourceData: participants.map((p) => ({
    '@odata.type': '#microsoft.graph.participant',
    id: p.id,
    info: { '@odata.type': '#microsoft.graph.participantInfo', identity: p.identity, languageId: 'en-US' },
    mediaStreams: [{ '@odata.type': '#microsoft.graph.mediaStream', mediaType: 'audio', sourceId: anyString(), direction: 'sendReceive', serverMuted: false }],
    isMuted: expect.any(Boolean),
    isInLobby: false,
  })),
});
