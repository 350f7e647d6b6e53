/**
 * Effects → Graph requests through the real stack: msal-node gets a client-credentials token from
 * a local HTTPS authority, graph-client sends the request with it to a local HTTPS Graph that
 * records what arrives. Asserts the exact method, path and body per effect type, token caching,
 * retries (429 with Retry-After, 503) and how Graph's answers become engine events.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GraphTokenProvider } from '../../engine/graph/auth/graph-token-provider.ts';
import { createGraphClient } from '../../engine/graph/client/graph-client.ts';
import { GraphTransport } from '../../engine/graph/client/graph-transport.ts';
import { DEFAULT_RETRY_POLICY } from '../../engine/graph/client/retry-handler.ts';
import { GraphEffects } from '../../engine/graph/effects/graph-effects.ts';
import { uuidV5 } from '../../engine/graph/requests/media.ts';
import type { Effect, FlowDocument } from '../../engine/core/types.ts';
import type { GraphEffectContext } from '../../engine/session/types.ts';
import { RecordingGraph, TEST_TENANT } from '../support/recording-graph.ts';

const CLIENT_ID = '0efc74f7-41c3-47a4-8775-7259bfef4241';
const PUBLIC_URL = 'https://bot.contoso.com';
const CALL = 'call-1';
const CALLBACK = `${PUBLIC_URL}/api/calling?session=s-1`;

const flow: FlowDocument = {
  id: 'demo',
  version: 1,
  name: 'Demo',
  start: 'a',
  prompts: {
    welcome: { 'en-US': { file: 'prompts/en-US/welcome.wav', text: 'Welcome.' }, 'de-DE': { file: 'prompts/de-DE/welcome.wav', text: 'Willkommen.' } },
    menu: { 'en-US': { file: 'prompts/en-US/main menu.wav', text: 'Press 1.' } },
  },
  states: { a: { type: 'hangup' } },
};

const media = (file: string) => ({ uri: `${PUBLIC_URL}/prompts/${file.replace(/^prompts\//, '').replace(' ', '%20')}`, resourceId: uuidV5(file) });
const prompt = (file: string) => ({ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: media(file) });
const resolved = (key: string, file: string) => ({ key, locale: 'en-US', file, text: key });

const graph = new RecordingGraph();
let effects: GraphEffects;
let tokens: GraphTokenProvider;
const context: GraphEffectContext = { sessionId: 's-1', graphCallId: CALL, tenantId: TEST_TENANT, direction: 'incoming', flow };

function effectsWith(options: { appInstanceId?: string; graphBaseUrl?: string } = {}): GraphEffects {
  const client = createGraphClient({
    graphBaseUrl: options.graphBaseUrl ?? graph.graphBaseUrl,
    auth: tokens,
    retry: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 10, maxDelayMs: 40 },
  });
  return new GraphEffects(new GraphTransport(client, options.graphBaseUrl ?? graph.graphBaseUrl), {
    publicUrl: PUBLIC_URL,
    clientId: CLIENT_ID,
    tenantId: TEST_TENANT,
    appInstanceId: options.appInstanceId,
  });
}

beforeAll(async () => {
  await graph.start();
  tokens = new GraphTokenProvider({ tenantId: TEST_TENANT, clientId: CLIENT_ID, clientSecret: 'test-secret', authorityHost: graph.origin });
  effects = effectsWith({ appInstanceId: 'app-instance-oid' });
});
afterAll(() => graph.stop());
beforeEach(() => graph.clear());

const last = () => {
  const request = graph.requests.at(-1)!;
  return { method: request.method, path: request.path, body: request.body };
};

describe('Graph request builders (through msal-node and graph-client over HTTPS)', () => {
  type Row = [effect: Record<string, unknown>, method: string, path: string, body: unknown];
  const table: Row[] = [
    [
      { type: 'graph.answer', preFetch: ['welcome', 'menu'], clientContext: 'answer#1.0' },
      'POST',
      `/v1.0/communications/calls/${CALL}/answer`,
      {
        callbackUri: CALLBACK,
        acceptedModalities: ['audio'],
        mediaConfig: {
          '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
          preFetchMedia: [media('prompts/en-US/welcome.wav'), media('prompts/de-DE/welcome.wav'), media('prompts/en-US/main menu.wav')],
        },
      },
    ],
    [
      {
        type: 'graph.playPrompt',
        prompts: [resolved('welcome', 'prompts/en-US/welcome.wav'), resolved('menu', 'prompts/en-US/main menu.wav')],
        clientContext: 'greet#1.0',
      },
      'POST',
      `/v1.0/communications/calls/${CALL}/playPrompt`,
      { prompts: [prompt('prompts/en-US/welcome.wav'), prompt('prompts/en-US/main menu.wav')], clientContext: 'greet#1.0' },
    ],
    [
      { type: 'graph.playPrompt', prompts: [], recording: 'https://file.location/rec-1', clientContext: 'review#1.0' },
      'POST',
      `/v1.0/communications/calls/${CALL}/playPrompt`,
      { prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: { uri: 'https://file.location/rec-1' } }], clientContext: 'review#1.0' },
    ],
    [
      {
        type: 'graph.recordResponse',
        prompts: [resolved('welcome', 'prompts/en-US/welcome.wav')],
        playBeep: true,
        initialSilenceTimeoutInSeconds: 5,
        maxSilenceTimeoutInSeconds: 3,
        maxRecordDurationInSeconds: 90,
        stopTones: ['#', '*'],
        clientContext: 'record#1.0',
      },
      'POST',
      `/v1.0/communications/calls/${CALL}/recordResponse`,
      {
        prompts: [prompt('prompts/en-US/welcome.wav')],
        bargeInAllowed: false,
        initialSilenceTimeoutInSeconds: 5,
        maxSilenceTimeoutInSeconds: 3,
        maxRecordDurationInSeconds: 90,
        playBeep: true,
        stopTones: ['#', '*'],
        clientContext: 'record#1.0',
      },
    ],
    [
      { type: 'graph.cancelMediaProcessing', clientContext: 'menu.prompting#1.0' },
      'POST',
      `/v1.0/communications/calls/${CALL}/cancelMediaProcessing`,
      { clientContext: 'menu.prompting#1.0' },
    ],
    [
      { type: 'graph.subscribeToTone', clientContext: 'answer#1.0' },
      'POST',
      `/v1.0/communications/calls/${CALL}/subscribeToTone`,
      { clientContext: 'answer#1.0' },
    ],
    [
      { type: 'graph.sendDtmfTones', tones: ['tone1', 'tone2', 'pound'], delayBetweenTonesMs: 300, clientContext: 'dtmf#1.0' },
      'POST',
      `/v1.0/communications/calls/${CALL}/sendDtmfTones`,
      { tones: ['tone1', 'tone2', 'pound'], delayBetweenTonesMs: 300, clientContext: 'dtmf#1.0' },
    ],
    [
      { type: 'graph.transfer', to: { phone: '+14255550100', displayName: 'Sales' }, clientContext: 'sales#1.0' },
      'POST',
      `/v1.0/communications/calls/${CALL}/transfer`,
      {
        transferTarget: {
          '@odata.type': '#microsoft.graph.invitationParticipantInfo',
          identity: {
            '@odata.type': '#microsoft.graph.identitySet',
            phone: { '@odata.type': '#microsoft.graph.identity', id: '+14255550100', displayName: 'Sales' },
          },
        },
        clientContext: 'sales#1.0',
      },
    ],
    [
      { type: 'graph.redirect', targets: [{ user: 'u-1' }, { application: 'app-2' }], timeout: 30, clientContext: 'redirect#1.0' },
      'POST',
      `/v1.0/communications/calls/${CALL}/redirect`,
      {
        targets: [
          {
            '@odata.type': '#microsoft.graph.invitationParticipantInfo',
            identity: { '@odata.type': '#microsoft.graph.identitySet', user: { '@odata.type': '#microsoft.graph.identity', id: 'u-1', tenantId: TEST_TENANT } },
          },
          {
            '@odata.type': '#microsoft.graph.invitationParticipantInfo',
            identity: { '@odata.type': '#microsoft.graph.identitySet', application: { '@odata.type': '#microsoft.graph.identity', id: 'app-2' } },
          },
        ],
        timeout: 30,
        callbackUri: CALLBACK,
      },
    ],
    [{ type: 'graph.reject', reason: 'busy', clientContext: 'reject#1.0' }, 'POST', `/v1.0/communications/calls/${CALL}/reject`, { reason: 'busy' }],
    [
      { type: 'graph.invite', participants: [{ user: 'u-9', displayName: 'Duty manager' }], clientContext: 'invite#1.0' },
      'POST',
      `/v1.0/communications/calls/${CALL}/participants/invite`,
      {
        participants: [
          {
            '@odata.type': '#microsoft.graph.invitationParticipantInfo',
            identity: {
              '@odata.type': '#microsoft.graph.identitySet',
              user: { '@odata.type': '#microsoft.graph.identity', id: 'u-9', displayName: 'Duty manager', tenantId: TEST_TENANT },
            },
          },
        ],
        clientContext: 'invite#1.0',
      },
    ],
    // The one participant moved out of their one-to-one call with the bot (participant-invite; invitationParticipantInfo.replacesCallId).
    [
      { type: 'graph.invite', participants: [{ user: 'u-7' }], replacesCallId: 'leg-call-1', leg: 'meeting', clientContext: 'move#1.0' },
      'POST',
      `/v1.0/communications/calls/${CALL}/participants/invite`,
      {
        participants: [
          {
            '@odata.type': '#microsoft.graph.invitationParticipantInfo',
            identity: { '@odata.type': '#microsoft.graph.identitySet', user: { '@odata.type': '#microsoft.graph.identity', id: 'u-7', tenantId: TEST_TENANT } },
            replacesCallId: 'leg-call-1',
          },
        ],
        clientContext: 'move#1.0',
      },
    ],
    [{ type: 'graph.mute', clientContext: 'mute#1.0' }, 'POST', `/v1.0/communications/calls/${CALL}/mute`, { clientContext: 'mute#1.0' }],
    [{ type: 'graph.unmute', clientContext: 'unmute#1.0' }, 'POST', `/v1.0/communications/calls/${CALL}/unmute`, { clientContext: 'unmute#1.0' }],
    [{ type: 'graph.hangup', clientContext: 'bye#1.0' }, 'DELETE', `/v1.0/communications/calls/${CALL}`, undefined],
    [{ type: 'graph.keepAlive', clientContext: 'engine-keepalive' }, 'POST', `/v1.0/communications/calls/${CALL}/keepAlive`, undefined],
  ];

  it.each(table)('%j → %s %s', async (effect, method, path, body) => {
    await effects.execute(effect as never, context);
    expect(last()).toEqual({ method, path, body });
  });

  it('places a PSTN call from the application instance, with the tenant and every prompt pre-fetched', async () => {
    const outcome = await effects.execute(
      { type: 'graph.createCall', to: { phone: '+14255550147' }, clientContext: 'dial#1.0' },
      { ...context, graphCallId: undefined, direction: 'outgoing' },
    );
    expect(last()).toEqual({
      method: 'POST',
      path: '/v1.0/communications/calls',
      body: {
        '@odata.type': '#microsoft.graph.call',
        callbackUri: CALLBACK,
        targets: [
          {
            '@odata.type': '#microsoft.graph.invitationParticipantInfo',
            identity: { '@odata.type': '#microsoft.graph.identitySet', phone: { '@odata.type': '#microsoft.graph.identity', id: '+14255550147' } },
          },
        ],
        requestedModalities: ['audio'],
        mediaConfig: {
          '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
          preFetchMedia: [media('prompts/en-US/welcome.wav'), media('prompts/de-DE/welcome.wav'), media('prompts/en-US/main menu.wav')],
        },
        source: {
          '@odata.type': '#microsoft.graph.participantInfo',
          identity: {
            '@odata.type': '#microsoft.graph.identitySet',
            applicationInstance: { '@odata.type': '#microsoft.graph.identity', id: 'app-instance-oid' },
          },
        },
        tenantId: TEST_TENANT,
      },
    });
    expect(outcome.graphCallId).toBe('created-call-1');
    expect(outcome.events).toEqual([]);
  });

  it('places a peer-to-peer call to a Teams user without a source', async () => {
    await effects.execute(
      { type: 'graph.createCall', to: { user: 'u-5' }, clientContext: 'dial#1.0' },
      { ...context, graphCallId: undefined, direction: 'outgoing' },
    );
    const body = last().body as Record<string, unknown>;
    expect(body.targets).toEqual([
      {
        '@odata.type': '#microsoft.graph.invitationParticipantInfo',
        identity: { '@odata.type': '#microsoft.graph.identitySet', user: { '@odata.type': '#microsoft.graph.identity', id: 'u-5', tenantId: TEST_TENANT } },
      },
    ]);
    expect(body.source).toBeUndefined();
  });

  it('joins a meeting from its Teams join link', async () => {
    const joinUrl =
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_MjA5YjFkNzQtZWM2Ny00ZWQ4LWE2OWQtMmEzODI4NDZjNzYz%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22550fae72-d251-43ec-868c-373732c2704f%22%7d';
    const outcome = await effects.execute(
      { type: 'graph.joinMeeting', joinUrl, displayName: 'Incident bot', clientContext: 'join#1.0' },
      { ...context, graphCallId: undefined, tenantId: undefined, direction: 'outgoing' },
    );
    const body = last().body as Record<string, unknown>;
    expect(body.chatInfo).toEqual({
      '@odata.type': '#microsoft.graph.chatInfo',
      threadId: '19:meeting_MjA5YjFkNzQtZWM2Ny00ZWQ4LWE2OWQtMmEzODI4NDZjNzYz@thread.v2',
      messageId: '0',
    });
    expect(body.meetingInfo).toEqual({
      '@odata.type': '#microsoft.graph.organizerMeetingInfo',
      organizer: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: { '@odata.type': '#microsoft.graph.identity', id: '550fae72-d251-43ec-868c-373732c2704f', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
      },
      allowConversationWithoutHost: true,
    });
    expect(body.tenantId).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47');
    expect(body.source).toEqual({
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        application: { '@odata.type': '#microsoft.graph.identity', id: CLIENT_ID, displayName: 'Incident bot' },
      },
    });
    expect(outcome.graphCallId).toBe('created-call-1');
  });

  it.each([
    ['a /meet/ link', { joinUrl: 'https://teams.microsoft.com/meet/2345678901234?p=Xy7Ab2' }],
    ['a meeting ID as Teams shows it, with its passcode', { meetingId: '234 567 890 123 4', passcode: 'Xy7Ab2' }],
  ])("joins a meeting from %s with joinMeetingIdMeetingInfo, in the bot's tenant and without chatInfo", async (_name, meeting) => {
    await effects.execute(
      { type: 'graph.joinMeeting', ...meeting, clientContext: 'join#1.0' },
      { ...context, graphCallId: undefined, tenantId: undefined, direction: 'outgoing' },
    );
    expect(last().method).toBe('POST');
    expect(last().path).toBe('/v1.0/communications/calls');
    const body = last().body as Record<string, unknown>;
    // learn.microsoft.com/graph/api/resources/joinmeetingidmeetinginfo: joinMeetingId, passcode (if required).
    expect(body.meetingInfo).toEqual({ '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo', joinMeetingId: '2345678901234', passcode: 'Xy7Ab2' });
    expect(body.chatInfo).toBeUndefined();
    expect(body.tenantId).toBe(TEST_TENANT);
    expect(body.source).toBeUndefined();
  });

  it('joins by a meeting ID without a passcode, leaving the passcode out', async () => {
    await effects.execute(
      { type: 'graph.joinMeeting', meetingId: '234567890', clientContext: 'join#1.0' },
      { ...context, graphCallId: undefined, direction: 'outgoing' },
    );
    expect((last().body as Record<string, unknown>).meetingInfo).toEqual({
      '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo',
      joinMeetingId: '234567890',
    });
  });

  it('sends the token to the Graph host and asks the token endpoint once for many requests', async () => {
    await effects.execute({ type: 'graph.subscribeToTone', clientContext: 'a#1.0' }, context);
    await effects.execute({ type: 'graph.mute', clientContext: 'b#1.0' }, context);
    expect(graph.requests.map((request) => request.headers.authorization)).toEqual(['Bearer test-token-1', 'Bearer test-token-1']);
    expect(graph.requests[0].headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(graph.tokenRequests).toHaveLength(1);
    expect(graph.tokenRequests[0]).toMatchObject({
      client_id: CLIENT_ID,
      client_secret: 'test-secret',
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(tokens.acquisitions).toBe(1);
  });
});

describe('how Graph answers become events', () => {
  it('completes subscribeToTone, mute, unmute and cancelMediaProcessing from the response (no notification follows)', async () => {
    for (const type of ['subscribeToTone', 'mute', 'unmute', 'cancelMediaProcessing'] as const) {
      const outcome = await effects.execute({ type: `graph.${type}`, clientContext: `${type}#1.0` }, context);
      expect(outcome.events).toEqual([{ type: 'operation.completed', kind: type, clientContext: `${type}#1.0`, result: { code: 200, subcode: 0 } }]);
    }
  });

  it('completes a synchronous operation even when Graph answers without a body', async () => {
    graph.script(/subscribeToTone$/, { status: 202 });
    const outcome = await effects.execute({ type: 'graph.subscribeToTone', clientContext: 'answer#1.0' }, context);
    expect(outcome.events).toEqual([{ type: 'operation.completed', kind: 'subscribeToTone', clientContext: 'answer#1.0', result: { code: 200, subcode: 0 } }]);
  });

  it('remembers a running play as pending with Graph operation id, and sends no event', async () => {
    const outcome = await effects.execute(
      { type: 'graph.playPrompt', prompts: [resolved('welcome', 'prompts/en-US/welcome.wav')], clientContext: 'greet#1.0' },
      context,
    );
    expect(outcome.events).toEqual([]);
    expect(outcome.pending).toMatchObject({ clientContext: 'greet#1.0', kind: 'playPrompt', operationId: expect.stringMatching(/^op-/) });
  });

  it('retries a 429 after the Retry-After Graph asks for, then succeeds', async () => {
    graph.script(/playPrompt$/, {
      status: 429,
      headers: { 'Retry-After': '0.3' },
      body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
    });
    const started = Date.now();
    const outcome = await effects.execute(
      { type: 'graph.playPrompt', prompts: [resolved('welcome', 'prompts/en-US/welcome.wav')], clientContext: 'greet#1.0' },
      context,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(graph.requests.map((request) => request.path)).toEqual([
      `/v1.0/communications/calls/${CALL}/playPrompt`,
      `/v1.0/communications/calls/${CALL}/playPrompt`,
    ]);
    expect(graph.requests[1].rawBody).toBe(graph.requests[0].rawBody);
    expect(outcome.events).toEqual([]);
    const response = outcome.trace.find((entry) => entry.kind === 'graph.response')!;
    expect(response).toMatchObject({
      status: 200,
      attempts: [
        { attempt: 1, status: 429, retryInMs: 300 },
        { attempt: 2, status: 200 },
      ],
    });
  });

  it('retries 503 with backoff and succeeds on the third attempt', async () => {
    graph.script(/answer$/, { status: 503 }, { status: 503 });
    const outcome = await effects.execute({ type: 'graph.answer', clientContext: 'answer#1.0' }, context);
    expect(graph.requests).toHaveLength(3);
    expect(outcome.events).toEqual([]);
  });

  it('gives up after the attempts and fails the operation with the status and Graph message', async () => {
    const busy = { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Try later.' } } };
    graph.script(/transfer$/, busy, busy, busy, busy);
    const outcome = await effects.execute({ type: 'graph.transfer', to: { user: 'u-1' }, clientContext: 'sales#1.0' }, context);
    expect(graph.requests).toHaveLength(4);
    expect(outcome.events).toEqual([
      {
        type: 'operation.failed',
        kind: 'transfer',
        clientContext: 'sales#1.0',
        result: { code: 503, subcode: 0, message: 'Graph answered 503 (ServiceUnavailable: Try later.) after 4 attempts' },
      },
    ]);
  });

  it('does not wait for a Retry-After longer than a call can wait', async () => {
    graph.script(/playPrompt$/, { status: 429, headers: { 'Retry-After': '3600' } });
    const outcome = await effects.execute(
      { type: 'graph.playPrompt', prompts: [resolved('welcome', 'prompts/en-US/welcome.wav')], clientContext: 'greet#1.0' },
      context,
    );
    expect(graph.requests).toHaveLength(1);
    expect(outcome.events[0]).toMatchObject({ type: 'operation.failed', result: { code: 429 } });
  });

  it('does not retry a 400 and fails at once', async () => {
    graph.script(/recordResponse$/, { status: 400, body: { error: { code: 'BadRequest', message: 'prompts: at most 1' } } });
    const outcome = await effects.execute({ type: 'graph.recordResponse', prompts: [], clientContext: 'record#1.0' }, context);
    expect(graph.requests).toHaveLength(1);
    expect(outcome.events).toEqual([
      {
        type: 'operation.failed',
        kind: 'recordResponse',
        clientContext: 'record#1.0',
        result: { code: 400, subcode: 0, message: 'Graph answered 400 (BadRequest: prompts: at most 1)' },
      },
    ]);
  });

  it('treats 404 on hangup as the call already gone and 404 on keepAlive as the call ended', async () => {
    graph.script(/DELETE/, { status: 404 });
    expect((await effects.execute({ type: 'graph.hangup', clientContext: 'x' }, context)).events).toEqual([]);
    graph.script(/keepAlive$/, { status: 404 });
    expect(await effects.execute({ type: 'graph.keepAlive', clientContext: 'k' }, context)).toMatchObject({ events: [], callGone: true });
  });

  it('asks Graph how an earlier operation ended: a finished one settles it, a running or forgotten one settles nothing', async () => {
    const query = { type: 'graph.getOperation' as const, operationId: 'op-7', operationKind: 'playPrompt', clientContext: 'bye#1.0' };
    graph.script(/operations\/op-7$/, {
      status: 200,
      body: { id: 'op-7', status: 'completed', clientContext: 'bye#1.0', resultInfo: { code: 200, subcode: 0, message: 'ok' } },
    });
    expect((await effects.execute(query, context)).events).toEqual([
      { type: 'operation.completed', kind: 'playPrompt', clientContext: 'bye#1.0', result: { code: 200, subcode: 0, message: 'ok' } },
    ]);
    expect(last()).toEqual({ method: 'GET', path: `/v1.0/communications/calls/${CALL}/operations/op-7`, body: undefined });
    graph.script(/operations\/op-7$/, { status: 200, body: { id: 'op-7', status: 'Running' } });
    expect((await effects.execute(query, context)).events).toEqual([]);
    graph.script(/operations\/op-7$/, { status: 404 });
    expect((await effects.execute(query, context)).events).toEqual([]);
  });

  it('fails without sending when the request cannot be built (PSTN without an application instance)', async () => {
    const outcome = await effectsWith().execute(
      { type: 'graph.createCall', to: { phone: '+14255550147' }, clientContext: 'dial#1.0' },
      { ...context, graphCallId: undefined },
    );
    expect(graph.requests).toHaveLength(0);
    expect(outcome.events).toEqual([
      {
        type: 'operation.failed',
        kind: 'createCall',
        clientContext: 'dial#1.0',
        result: { code: 0, subcode: 0, message: expect.stringContaining('CALLFLOW_APP_INSTANCE_ID') },
      },
    ]);
  });

  it('fails an unknown effect type so the block does not wait forever', async () => {
    // An effect of a type this version does not know, as a store written by another version could hold.
    const outcome = await effects.execute({ type: 'graph.teleport', clientContext: 't#1.0' } as unknown as Effect, context);
    expect(outcome.events).toEqual([
      {
        type: 'operation.failed',
        kind: 'teleport',
        clientContext: 't#1.0',
        result: { code: 0, subcode: 0, message: "no Graph request is known for effect 'graph.teleport'" },
      },
    ]);
  });

  it('reports an unreachable Graph as a failed operation after retrying', async () => {
    const unreachable = effectsWith({ graphBaseUrl: 'https://localhost:1/v1.0' });
    const outcome = await unreachable.execute(
      { type: 'graph.playPrompt', prompts: [resolved('welcome', 'prompts/en-US/welcome.wav')], clientContext: 'greet#1.0' },
      context,
    );
    expect(outcome.events[0]).toMatchObject({
      type: 'operation.failed',
      kind: 'playPrompt',
      result: { code: 0, message: expect.stringContaining('no answer from Graph') },
    });
    expect(outcome.trace[1].attempts).toHaveLength(4);
  });

  it('shortens a clientContext longer than 256 characters and remembers both', async () => {
    const long = `${'sub.'.repeat(80)}play#1.0`;
    const outcome = await effects.execute(
      { type: 'graph.playPrompt', prompts: [resolved('welcome', 'prompts/en-US/welcome.wav')], clientContext: long },
      context,
    );
    const sent = (last().body as { clientContext: string }).clientContext;
    expect(sent.length).toBeLessThanOrEqual(256);
    expect(outcome.pending).toMatchObject({ clientContext: long, wireContext: sent });
  });
});
