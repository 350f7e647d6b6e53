/**
 * JSON Schemas of every request body the Graph routes accept, from the documented shapes
 * (graph-calls.md §2, the resource pages it cites). Unknown properties are refused the way OData
 * refuses them, so a misspelt field in a bot's request fails here instead of being ignored.
 * Properties documented only in beta are listed per schema and accepted only on /beta.
 */

type Schema = Record<string, unknown>;

/** Shared definitions, registered once with ajv and referenced by `$ref: '<name>'`. */
export const SHARED_SCHEMAS: Record<string, Schema> = {};
const shared = (name: string, schema: Schema): Schema => {
  SHARED_SCHEMAS[name] = { $id: name, ...schema };
  return { $ref: name };
};

/** A body schema and the properties only /beta accepts. */
export interface BodySchema {
  schema: Schema;
  betaOnly?: string[];
}

const odataType = (...names: string[]): Schema => ({ type: 'string', enum: names.map((n) => `#microsoft.graph.${n}`) });
const string: Schema = { type: 'string' };
const boolean: Schema = { type: 'boolean' };
const clientContext: Schema = { type: 'string', maxLength: 256 };
const object = (properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  ...extra,
});

const identity: Schema = shared('identity', {
  type: 'object',
  properties: {
    '@odata.type': odataType(
      'identity',
      'communicationsUserIdentity',
      'communicationsApplicationIdentity',
      'communicationsApplicationInstanceIdentity',
      'communicationsPhoneIdentity',
      'communicationsGuestIdentity',
      'communicationsEncryptedIdentity',
    ),
    id: string,
    displayName: { type: ['string', 'null'] },
    tenantId: string,
  },
});
const IDENTITY_KINDS = [
  'user',
  'application',
  'applicationInstance',
  'phone',
  'guest',
  'device',
  'encrypted',
  'onPremises',
  'azureCommunicationServicesUser',
  'assertedIdentity',
];
const identitySet = shared(
  'identitySet',
  object(
    {
      '@odata.type': odataType('identitySet', 'communicationsIdentitySet'),
      ...Object.fromEntries(IDENTITY_KINDS.map((k) => [k, identity])),
      endpointType: string,
    },
    [],
    { anyOf: IDENTITY_KINDS.map((k) => ({ required: [k] })) },
  ),
);
const invitationParticipantInfo = shared(
  'invitationParticipantInfo',
  object(
    {
      '@odata.type': odataType('invitationParticipantInfo'),
      identity: identitySet,
      endpointType: string,
      hidden: boolean,
      participantId: string,
      removeFromDefaultAudioRoutingGroup: boolean,
      replacesCallId: string,
    },
    ['identity'],
  ),
);
const participantInfo = shared(
  'participantInfo',
  object(
    {
      '@odata.type': odataType('participantInfo'),
      identity: identitySet,
      endpointType: string,
      region: { type: ['string', 'null'] },
      languageId: { type: ['string', 'null'] },
      countryCode: { type: ['string', 'null'] },
      id: string,
      participantId: string,
      platformId: string,
    },
    ['identity'],
  ),
);
const mediaInfo = shared('mediaInfo', object({ '@odata.type': odataType('mediaInfo'), uri: { type: 'string', minLength: 1 }, resourceId: string }, ['uri']));
const mediaPrompt = shared('mediaPrompt', object({ '@odata.type': odataType('mediaPrompt'), mediaInfo }, ['@odata.type', 'mediaInfo']));
const modality: Schema = { type: 'string', enumIgnoreCase: ['unknown', 'audio', 'video', 'videobasedscreensharing', 'data'] };
const mediaConfig: Schema = shared('mediaConfig', {
  ...object(
    {
      '@odata.type': odataType('serviceHostedMediaConfig', 'appHostedMediaConfig'),
      preFetchMedia: { type: 'array', items: mediaInfo },
      removeFromDefaultAudioGroup: boolean,
      blob: string,
    },
    ['@odata.type'],
  ),
  if: { properties: { '@odata.type': { const: '#microsoft.graph.appHostedMediaConfig' } }, required: ['@odata.type'] },
  then: { required: ['blob'] },
});
const chatInfo = object({ '@odata.type': odataType('chatInfo'), threadId: string, messageId: string, replyChainMessageId: { type: ['string', 'null'] } }, [
  'threadId',
]);
const meetingInfo: Schema = shared('meetingInfo', {
  ...object(
    {
      '@odata.type': odataType('organizerMeetingInfo', 'tokenMeetingInfo', 'joinMeetingIdMeetingInfo'),
      organizer: identitySet,
      allowConversationWithoutHost: boolean,
      token: string,
      joinMeetingId: string,
      passcode: { type: ['string', 'null'] },
    },
    ['@odata.type'],
  ),
  allOf: [
    { if: { properties: { '@odata.type': { const: '#microsoft.graph.organizerMeetingInfo' } }, required: ['@odata.type'] }, then: { required: ['organizer'] } },
    { if: { properties: { '@odata.type': { const: '#microsoft.graph.tokenMeetingInfo' } }, required: ['@odata.type'] }, then: { required: ['token'] } },
    {
      if: { properties: { '@odata.type': { const: '#microsoft.graph.joinMeetingIdMeetingInfo' } }, required: ['@odata.type'] },
      then: { required: ['joinMeetingId'] },
    },
  ],
});
const seconds120: Schema = { type: 'integer', minimum: 1, maximum: 120 };
const TONE_NAMES = ['tone0', 'tone1', 'tone2', 'tone3', 'tone4', 'tone5', 'tone6', 'tone7', 'tone8', 'tone9', 'star', 'pound', 'a', 'b', 'c', 'd', 'flash'];
const STOP_TONES = [...'0123456789*#abcd', ...TONE_NAMES];
const READ_ONLY_CALL_PROPERTIES = [
  'id',
  'state',
  'direction',
  'myParticipantId',
  'callChainId',
  'resultInfo',
  'mediaState',
  'toneInfo',
  'incomingContext',
  'transcription',
  'callRoutes',
];

/** Body schemas by action (canonical names; `create` is POST /communications/calls). */
export const BODY_SCHEMAS: Record<string, BodySchema> = {
  create: {
    schema: {
      ...object(
        {
          '@odata.type': odataType('call'),
          callbackUri: string,
          source: participantInfo,
          targets: { type: 'array', minItems: 1, maxItems: 5, items: invitationParticipantInfo },
          requestedModalities: { type: 'array', minItems: 1, items: modality },
          mediaConfig,
          chatInfo,
          meetingInfo,
          tenantId: string,
          subject: string,
          callOptions: object({
            '@odata.type': odataType('outgoingCallOptions'),
            hideBotAfterEscalation: boolean,
            isContentSharingNotificationEnabled: boolean,
            isDeltaRosterEnabled: boolean,
          }),
          ringingTimeoutInSeconds: { type: 'integer', minimum: 1, maximum: 115 },
          routingPolicies: { type: 'array', items: string },
          activeModalities: { type: 'array', items: modality },
          ...Object.fromEntries(READ_ONLY_CALL_PROPERTIES.map((p) => [p, {}])),
        },
        ['callbackUri', 'requestedModalities', 'mediaConfig'],
      ),
      if: { not: { anyOf: [{ required: ['meetingInfo'] }, { required: ['chatInfo'] }] } },
      then: { required: ['targets'] },
    },
    betaOnly: ['ringingTimeoutInSeconds', 'routingPolicies', 'activeModalities'],
  },
  answer: {
    schema: object(
      {
        callbackUri: string,
        acceptedModalities: { type: 'array', minItems: 1, items: { type: 'string', enumIgnoreCase: ['audio', 'video', 'videobasedscreensharing'] } },
        mediaConfig,
        participantCapacity: { type: 'integer', minimum: 0 },
        callOptions: object({ '@odata.type': odataType('incomingCallOptions'), isContentSharingNotificationEnabled: boolean, isDeltaRosterEnabled: boolean }),
      },
      ['acceptedModalities', 'mediaConfig'],
    ),
  },
  reject: { schema: object({ reason: { type: 'string', enumIgnoreCase: ['none', 'busy', 'forbidden'] }, callbackUri: string }) },
  redirect: {
    schema: object(
      {
        targets: { type: 'array', minItems: 1, maxItems: 25, items: invitationParticipantInfo },
        timeout: { type: 'integer', minimum: 15, maximum: 90 },
        callbackUri: string,
        maskCallee: boolean,
        maskCaller: boolean,
        targetDisposition: string,
      },
      ['targets'],
    ),
    betaOnly: ['maskCallee', 'maskCaller', 'targetDisposition'],
  },
  transfer: { schema: object({ transferTarget: invitationParticipantInfo, transferee: participantInfo, clientContext }, ['transferTarget']) },
  playPrompt: {
    schema: object({ prompts: { type: 'array', minItems: 1, maxItems: 20, items: mediaPrompt }, clientContext, loop: boolean }, ['prompts']),
    betaOnly: ['loop'],
  },
  recordResponse: {
    schema: object({
      prompts: { type: 'array', maxItems: 1, items: mediaPrompt },
      bargeInAllowed: boolean,
      initialSilenceTimeoutInSeconds: seconds120,
      maxSilenceTimeoutInSeconds: seconds120,
      maxRecordDurationInSeconds: seconds120,
      playBeep: boolean,
      stopTones: { type: 'array', items: { type: 'string', enumIgnoreCase: STOP_TONES } },
      clientContext,
    }),
  },
  cancelMediaProcessing: { schema: object({ clientContext }) },
  subscribeToTone: { schema: object({ clientContext }) },
  sendDtmfTones: {
    schema: object(
      {
        tones: { type: 'array', minItems: 1, items: { type: 'string', enumIgnoreCase: TONE_NAMES } },
        delayBetweenTonesMs: { type: 'integer', minimum: 0 },
        clientContext,
      },
      ['tones'],
    ),
  },
  keepAlive: { schema: object({}) },
  mute: { schema: object({ clientContext }) },
  unmute: { schema: object({ clientContext }) },
  updateRecordingStatus: { schema: object({ status: { type: 'string', enumIgnoreCase: ['notrecording', 'recording', 'failed'] }, clientContext }, ['status']) },
  changeScreenSharingRole: { schema: object({ role: { type: 'string', enumIgnoreCase: ['viewer', 'sharer'] } }, ['role']) },
  invite: { schema: object({ participants: { type: 'array', minItems: 1, maxItems: 5, items: invitationParticipantInfo }, clientContext }, ['participants']) },
  participantMute: { schema: object({ clientContext }) },
  startHoldMusic: { schema: object({ customPrompt: mediaPrompt, clientContext }) },
  stopHoldMusic: { schema: object({ clientContext }) },
};
