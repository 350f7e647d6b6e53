import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseType } from '@microsoft/microsoft-graph-client';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { graphError, graphFor, msalFor, raw } from '../helpers/emulator-graph.ts';
import { SERVICE_HOSTED, data, establishedIncomingCall, first, prompt, wav } from '../helpers/emulator-calls.ts';

let f: EmulatorFixture;
beforeAll(async () => {
  f = await startFixture({ apps: [{ displayName: 'Test BOT' }, { displayName: 'Other BOT' }], bot: { prompts: { 'short.wav': wav(0.5) } } });
});
afterAll(() => f.stop());

const user = (id: string) => ({ '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: { user: { id } } });

async function groupCall(mediaConfig: Record<string, unknown> = SERVICE_HOSTED): Promise<{ id: string; members: string[] }> {
  const { id } = (await f.graph
    .api('/communications/calls')
    .post({ callbackUri: f.bot.callbackUri, targets: [user('g1'), user('g2')], requestedModalities: ['audio'], mediaConfig })) as { id: string };
  const rosterUpdate = await f.bot.waitFor(
    id,
    'both members',
    (n) => Array.isArray(first(n).resourceData) && (first(n).resourceData as unknown[]).length === 3,
  );
  const members = (first(rosterUpdate).resourceData as Array<{ id: string; info: { identity: { user?: unknown } } }>)
    .filter((p) => p.info.identity.user)
    .map((p) => p.id);
  return { id, members };
}

describe('every documented route answers its documented status (graph-calls.md §2 rows 1–23)', () => {
  it('call-level routes of a P2P call', async () => {
    const created = await raw(f.graph, 'post', '/communications/calls', {
      callbackUri: f.bot.callbackUri,
      targets: [user('routes-peer')],
      requestedModalities: ['audio'],
      mediaConfig: SERVICE_HOSTED,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
    const call = (path: string) => `/communications/calls/${id}${path}`;
    const statuses: Array<[string, number]> = [];
    const post = async (path: string, body: unknown) => statuses.push([path, (await raw(f.graph, 'post', call(path), body)).status]);
    statuses.push(['GET', (await raw(f.graph, 'get', call(''))).status]);
    await post('/playPrompt', { prompts: [prompt(`${f.bot.base}/prompts/short.wav`)] });
    await post('/recordResponse', { maxRecordDurationInSeconds: 1 });
    await post('/cancelMediaProcessing', {});
    await post('/subscribeToTone', {});
    await post('/sendDtmfTones', { tones: ['tone5'] });
    await post('/keepAlive', {});
    await post('/updateRecordingStatus', { status: 'recording', clientContext: 'rec' });
    // List participants "does not support peer-to-peer calls": the list is empty, the peer not found.
    const participants = (await (await raw(f.graph, 'get', call('/participants'))).json()) as { value: Array<{ id: string }> };
    statuses.push(['GET /participants', participants.value.length]);
    const peer = f.emulator.context.calls.get(id)!.peer!.participantId;
    statuses.push(['GET /participants/{id}', (await raw(f.graph, 'get', call(`/participants/${peer}`))).status]);
    await post(`/participants/${peer}/startHoldMusic`, { customPrompt: prompt(`${f.bot.base}/prompts/short.wav`) });
    await post(`/participants/${peer}/stopHoldMusic`, {});
    await post('/transfer', { transferTarget: user('routes-target') });
    await f.bot.waitFor(id, 'the transfer to complete', (n) => first(n).changeType === 'deleted');
    expect(statuses).toEqual([
      ['GET', 200],
      ['/playPrompt', 200],
      ['/recordResponse', 200],
      ['/cancelMediaProcessing', 200],
      ['/subscribeToTone', 200],
      ['/sendDtmfTones', 200],
      ['/keepAlive', 200],
      ['/updateRecordingStatus', 200],
      ['GET /participants', 0],
      ['GET /participants/{id}', 404],
      [`/participants/${peer}/startHoldMusic`, 202],
      [`/participants/${peer}/stopHoldMusic`, 202],
      ['/transfer', 202],
    ]);
  });

  it('roster routes of a group call, and DELETE', async () => {
    const { id, members } = await groupCall();
    const call = (path: string) => `/communications/calls/${id}${path}`;
    expect((await raw(f.graph, 'post', call('/mute'), { clientContext: 'm' })).status).toBe(200);
    expect((await raw(f.graph, 'post', call('/unmute'), {})).status).toBe(200);
    expect((await raw(f.graph, 'post', call('/participants/invite'), { participants: [user('g3')] })).status).toBe(200);
    expect((await raw(f.graph, 'post', call(`/participants/${members[0]}/mute`), {})).status).toBe(200);
    expect((await raw(f.graph, 'delete', call(`/participants/${members[0]}`))).status).toBe(204);
    expect((await raw(f.graph, 'delete', call(''))).status).toBe(204);
  });

  it('changeScreenSharingRole: 202 on an app-hosted-media group call, 400 with service-hosted media', async () => {
    const { id } = await groupCall({ '@odata.type': '#microsoft.graph.appHostedMediaConfig', blob: '<blob>' });
    expect((await raw(f.graph, 'post', `/communications/calls/${id}/changeScreenSharingRole`, { role: 'sharer' })).status).toBe(202);
    const serviceHosted = await groupCall();
    const error = await graphError(f.graph.api(`/communications/calls/${serviceHosted.id}/changeScreenSharingRole`).post({ role: 'viewer' }));
    expect([error.statusCode, error.message]).toEqual([400, expect.stringContaining('application-hosted media')]);
  });
});

describe('addressing', () => {
  it('accepts actions with and without the microsoft.graph. prefix, in any case; segments are case-insensitive, ids are not', async () => {
    const id = await establishedIncomingCall(f);
    for (const action of ['subscribeToTone', 'microsoft.graph.subscribeToTone', 'Microsoft.Graph.SubscribeToTone', 'SUBSCRIBETOTONE']) {
      expect([action, (await raw(f.graph, 'post', `/communications/calls/${id}/${action}`, {})).status]).toEqual([action, 200]);
    }
    expect((await raw(f.graph, 'get', `/Communications/CALLS/${id}`)).status).toBe(200);
    expect((await graphError(f.graph.api(`/communications/calls/${id.toUpperCase()}`).get())).statusCode).toBe(404);
  });

  it('serves /beta and the deprecated /app/calls alias', async () => {
    const id = await establishedIncomingCall(f);
    expect(((await f.graph.api(`/communications/calls/${id}`).version('beta').get()) as { id: string }).id).toBe(id);
    expect(((await f.graph.api(`/app/calls/${id}`).get()) as { id: string }).id).toBe(id);
    expect((await raw(f.graph, 'post', `/communications/calls/${id}/record`, { maxRecordDurationInSeconds: 1 })).status).toBe(200);
  });

  it('answers an unknown segment with 400 and a wrong method with 405', async () => {
    const id = await establishedIncomingCall(f);
    const unknown = await graphError(f.graph.api(`/communications/calls/${id}/dance`).post({}));
    expect([unknown.statusCode, unknown.message]).toEqual([400, "Resource not found for the segment 'dance'."]);
    const wrongMethod = await graphError(f.graph.api(`/communications/calls/${id}/answer`).get());
    expect(wrongMethod.statusCode).toBe(405);
  });

  it("hides another app's calls (404)", async () => {
    const id = await establishedIncomingCall(f);
    const other = f.emulator.apps[1];
    const otherGraph = graphFor(f.emulator, { msal: msalFor(f.emulator, { appId: other.appId, secret: other.secret, tenantId: other.tenantId }) });
    expect((await graphError(otherGraph.api(`/communications/calls/${id}`).get())).statusCode).toBe(404);
  });

  it('echoes client-request-id, sets request-id, and the operation Location can be read back', async () => {
    const id = await establishedIncomingCall(f);
    const res = (await f.graph
      .api(`/communications/calls/${id}/subscribeToTone`)
      .header('client-request-id', 'req-1')
      .responseType(ResponseType.RAW)
      .post({ clientContext: 'c' })) as Response;
    expect([res.headers.get('client-request-id'), res.headers.get('request-id')]).toEqual(['req-1', expect.any(String)]);
    const operation = (await f.graph.api(res.headers.get('location')!.slice(f.emulator.urls.graph.length)).get()) as Record<string, unknown>;
    expect(operation).toMatchObject({ '@odata.type': '#microsoft.graph.subscribeToToneOperation', status: 'completed', clientContext: 'c' });
  });
});

describe('request bodies are validated against the documented shapes', () => {
  const cases: Array<[string, string, unknown, string]> = [
    ['answer without mediaConfig', 'answer', { acceptedModalities: ['audio'] }, "Missing required property 'mediaConfig'."],
    [
      'answer with a misspelt property',
      'answer',
      { acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED, callbackUrl: 'https://x' },
      "The property 'callbackUrl' does not exist on type 'microsoft.graph.answer'. Make sure to only use property names that are defined by the type.",
    ],
    [
      'answer with an unknown modality',
      'answer',
      { acceptedModalities: ['smell'], mediaConfig: SERVICE_HOSTED },
      "Invalid value for 'acceptedModalities[0]': 'smell' is not one of audio, video, videobasedscreensharing.",
    ],
    [
      'answer with a mediaConfig without type',
      'answer',
      { acceptedModalities: ['audio'], mediaConfig: {} },
      "Missing required property 'mediaConfig.@odata.type'.",
    ],
    [
      'answer with a plain http webhook',
      'answer',
      { acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED, callbackUri: 'http://bot.contoso.com/api/calls' },
      "Invalid value for 'callbackUri': it must be https (http is accepted only for loopback hosts).",
    ],
    ['reject with an unknown reason', 'reject', { reason: 'maybe' }, "Invalid value for 'reason': 'maybe' is not one of none, busy, forbidden."],
    [
      'redirect to an empty identity',
      'redirect',
      { targets: [{ identity: {} }] },
      "Invalid value for 'targets[0].identity': an identity set must contain one identity (user, application, applicationInstance, phone, guest, …).",
    ],
    [
      'playPrompt without @odata.type on a prompt',
      'playPrompt',
      { prompts: [{ mediaInfo: { uri: 'https://x/a.wav' } }] },
      "Missing required property 'prompts[0].@odata.type'.",
    ],
    [
      'a clientContext over 256 characters',
      'subscribeToTone',
      { clientContext: 'x'.repeat(257) },
      "Invalid value for 'clientContext': at most 256 characters are allowed.",
    ],
    [
      'sendDtmfTones with a key symbol',
      'sendDtmfTones',
      { tones: ['1'] },
      "Invalid value for 'tones[0]': '1' is not one of tone0, tone1, tone2, tone3, tone4, tone5, tone6, tone7, tone8, tone9, star, pound, a, b, c, d, flash.",
    ],
    [
      'redirect to 26 targets (simultaneous ring: at most 25)',
      'redirect',
      { targets: Array.from({ length: 26 }, (_, i) => user(`t${i}`)) },
      "Invalid value for 'targets': at most 25 items are allowed.",
    ],
    [
      'invite of 6 participants (at most 5)',
      'participants/invite',
      { participants: Array.from({ length: 6 }, (_, i) => user(`p${i}`)) },
      "Invalid value for 'participants': at most 5 items are allowed.",
    ],
    [
      'record with an initial silence of 0 s (1–120)',
      'recordResponse',
      { initialSilenceTimeoutInSeconds: 0 },
      "Invalid value for 'initialSilenceTimeoutInSeconds': 0 is out of range; it must be at least 1.",
    ],
    [
      'record with a silence timeout of 121 s (1–120)',
      'recordResponse',
      { maxSilenceTimeoutInSeconds: 121 },
      "Invalid value for 'maxSilenceTimeoutInSeconds': 121 is out of range; it must be at most 120.",
    ],
    [
      'updateRecordingStatus with an unknown status',
      'updateRecordingStatus',
      { status: 'paused' },
      "Invalid value for 'status': 'paused' is not one of notrecording, recording, failed.",
    ],
  ];

  it.each(cases)('%s → 400', async (_name, action, body, message) => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'validation' } } });
    const error = await graphError(f.graph.api(`/communications/calls/${id}/${action}`).post(body));
    expect([error.statusCode, error.code, error.message]).toEqual([400, 'BadRequest', message]);
  });

  const createCases: Array<[string, Record<string, unknown>, 'v1.0' | 'beta', string]> = [
    [
      'a group call to 6 users (at most 5)',
      { targets: Array.from({ length: 6 }, (_, i) => user(`u${i}`)) },
      'v1.0',
      "Invalid value for 'targets': at most 5 items are allowed.",
    ],
    [
      'a ringing timeout of 116 s on beta (at most 115)',
      { targets: [user('u')], ringingTimeoutInSeconds: 116 },
      'beta',
      "Invalid value for 'ringingTimeoutInSeconds': 116 is out of range; it must be at most 115.",
    ],
    [
      'the beta-only ringingTimeoutInSeconds on v1.0',
      { targets: [user('u')], ringingTimeoutInSeconds: 30 },
      'v1.0',
      "The property 'ringingTimeoutInSeconds' does not exist on type 'microsoft.graph.call'. Make sure to only use property names that are defined by the type.",
    ],
    [
      'organizerMeetingInfo without an organizer',
      { meetingInfo: { '@odata.type': '#microsoft.graph.organizerMeetingInfo' }, chatInfo: { threadId: 't' } },
      'v1.0',
      "Missing required property 'meetingInfo.organizer'.",
    ],
  ];

  it.each(createCases)('create: %s → 400', async (_name, extra, version, message) => {
    const body = { callbackUri: f.bot.callbackUri, requestedModalities: ['audio'], mediaConfig: SERVICE_HOSTED, ...extra };
    const error = await graphError(f.graph.api('/communications/calls').version(version).post(body));
    expect([error.statusCode, error.message]).toEqual([400, message]);
  });

  it('a transfer out of a group call must name the transferee', async () => {
    const { id } = await groupCall();
    const error = await graphError(f.graph.api(`/communications/calls/${id}/transfer`).post({ transferTarget: user('somebody') }));
    expect([error.statusCode, error.message]).toEqual([400, expect.stringContaining("'transferee'")]);
  });

  it('create without targets nor meeting, and a body that is not JSON', async () => {
    const missing = await graphError(
      f.graph.api('/communications/calls').post({ callbackUri: f.bot.callbackUri, requestedModalities: ['audio'], mediaConfig: SERVICE_HOSTED }),
    );
    expect([missing.statusCode, missing.message]).toEqual([400, "Missing required property 'targets'."]);
    const unreadable = await graphError(f.graph.api('/communications/calls').header('Content-Type', 'application/json').post('{"callbackUri":'));
    expect([unreadable.statusCode, unreadable.message]).toEqual([400, expect.stringContaining('Unable to read JSON request payload')]);
  });
});
