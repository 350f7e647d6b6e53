import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseType, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { graphError } from '../helpers/emulator-graph.ts';
import { SERVICE_HOSTED, data, establishedIncomingCall, first } from '../helpers/emulator-calls.ts';
import type { ReceivedNotification } from '../helpers/emulator-bot.ts';
import { atLeast } from '../helpers/emulator-timing.ts';

let f: EmulatorFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.stop());

const answer = (callId: string) => f.graph.api(`/communications/calls/${callId}/answer`).post({ acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED });
const isLegacy = (n: ReceivedNotification) => n.body['@odata.type'] === undefined;

describe('HTTP faults', () => {
  it('429 with Retry-After and the Graph throttling body; graph-client retries after it and succeeds', async () => {
    const callId = await establishedIncomingCall(f);
    await f.emulator.people.setCallFaults(callId, { http: [{ status: 429, retryAfterSeconds: 0.2, match: { action: 'subscribeToTone' }, times: 2 }] });
    const res = (await f.graph
      .api(`/communications/calls/${callId}/subscribeToTone`)
      .header('client-request-id', 'abc')
      .middlewareOptions([new RetryHandlerOptions(0, 0)])
      .responseType(ResponseType.RAW)
      .post({})) as Response;
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '0.2']);
    expect(await res.json()).toEqual({
      error: {
        code: 'TooManyRequests',
        message: 'Please retry again later.',
        innerError: { code: '429', date: expect.any(String), 'request-id': expect.any(String), 'client-request-id': 'abc' },
      },
    });

    const operation = (await f.graph.api(`/communications/calls/${callId}/subscribeToTone`).post({})) as { status: string };
    expect(operation.status).toBe('completed');
    const statuses = (await f.emulator.people.requests(callId, 'subscribeToTone')).map((r) => r.status);
    expect(statuses).toEqual([429, 429, 200]);
  });

  it('500 and 503 (graph-client retries 503 and gives up after its retries)', async () => {
    const callId = await establishedIncomingCall(f);
    await f.emulator.people.setCallFaults(callId, {
      http: [
        { status: 500, match: { action: 'playPrompt' } },
        { status: 503, retryAfterSeconds: 0.01, match: { action: 'keepAlive' }, times: 'always' },
      ],
    });
    const failed = await graphError(
      f.graph
        .api(`/communications/calls/${callId}/playPrompt`)
        .post({ prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: { uri: 'https://example.com/a.wav' } }] }),
    );
    expect([failed.statusCode, failed.code]).toEqual([500, 'InternalServerError']);
    const unavailable = await graphError(f.graph.api(`/communications/calls/${callId}/keepAlive`).post({}));
    expect([unavailable.statusCode, unavailable.code]).toEqual([503, 'ServiceUnavailable']);
    expect((await f.emulator.people.requests(callId, 'keepAlive')).length).toBe(4);
    expect((await f.emulator.people.call(callId)).operations).toEqual([]);
  });

  it('global faults apply to every call until used up', async () => {
    await f.emulator.people.setFaults({ http: [{ status: 503, retryAfterSeconds: 0.01, match: { method: 'GET' }, times: 1 }] });
    const callId = await establishedIncomingCall(f);
    expect(((await f.graph.api(`/communications/calls/${callId}`).get()) as { state: string }).state).toBe('established');
    expect((await f.emulator.people.requests(callId, 'get')).map((r) => r.status)).toEqual([503, 200]);
    expect(await (await fetch(`${f.emulator.urls.people}/faults`)).json()).toMatchObject({ http: [{ status: 503, times: 0 }] });
    await f.emulator.people.setFaults({});
  });
});

describe('notification faults', () => {
  it('delays notifications', async () => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'delayed' } }, faults: { notifications: { delayMs: 3000 } } });
    await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
    const log = await f.emulator.people.log(id);
    const sent = log.find((e) => e.kind === 'notification')!;
    expect(sent.t - log[0].t).toBeGreaterThanOrEqual(atLeast(3000, f.emulator.context.clock.speed));
  });

  it('duplicates notifications (new message id, same content)', async () => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'duplicated' } }, faults: { notifications: { duplicate: true } } });
    await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
    await answer(id);
    await f.bot.waitFor(id, 'two established', () => f.bot.forCall(id).filter((n) => data(n).state === 'established').length === 2);
    const states = f.bot.forCall(id).map((n) => data(n).state);
    expect(states).toEqual(['incoming', 'incoming', 'establishing', 'establishing', 'established', 'established']);
    expect(f.bot.forCall(id)[0].headers['x-microsoft-skype-message-id']).not.toBe(f.bot.forCall(id)[1].headers['x-microsoft-skype-message-id']);
    expect(JSON.stringify(f.bot.forCall(id)[0].body)).toBe(JSON.stringify(f.bot.forCall(id)[1].body));
  });

  it('reorders notifications (established before establishing)', async () => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'reordered' } }, faults: { notifications: { reorder: true } } });
    await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
    await answer(id);
    await f.bot.waitFor(id, 'establishing', (n) => data(n).state === 'establishing');
    expect(f.bot.forCall(id).map((n) => data(n).state)).toEqual(['incoming', 'established', 'establishing']);
  });

  it('PascalCase enums and string result codes, as some real payloads have them', async () => {
    const { id } = await f.emulator.people.placeCall({
      from: { user: { id: 'pascal' } },
      faults: { notifications: { pascalCaseEnums: true, stringResultCodes: true } },
    });
    const created = await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'Created');
    expect(data(created)).toMatchObject({ state: 'Incoming', direction: 'Incoming' });
    await answer(id);
    await f.bot.waitFor(id, 'Established', (n) => data(n).state === 'Established');
    expect(data(f.bot.forCall(id).at(-1)!).mediaState).toMatchObject({ audio: 'Active' });
    await f.emulator.people.hangUp(id);
    const deleted = await f.bot.waitFor(id, 'Terminated', (n) => first(n).changeType === 'Deleted');
    expect(data(deleted)).toMatchObject({ state: 'Terminated', resultInfo: { code: '200', subcode: '4521' } });
  });

  it('resourceData without id: the call id is only in resourceUrl', async () => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'no-id' } }, faults: { notifications: { omitResourceDataId: true } } });
    const created = await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
    expect(data(created).id).toBeUndefined();
    expect(first(created).resourceUrl).toBe(`/communications/calls/${id}`);
  });
});

describe('the legacy-format first notification (graph-calls.md §4.3)', () => {
  it('is re-sent in the Graph format when the bot answers 204', async () => {
    f.bot.respond = (n) => (isLegacy(n) ? 204 : 202);
    try {
      const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'legacy' } }, faults: { notifications: { legacyFirstNotification: true } } });
      await f.bot.waitFor(id, 'the Graph-format notification', (n) => !isLegacy(n));
      const [legacy, graph] = f.bot.forCall(id);
      expect(legacy.body).toEqual({
        value: [
          {
            subscriptionId: expect.stringMatching(/^[0-9A-F]{32}$/),
            subscriptionExpirationDateTime: expect.any(String),
            changeType: 'created',
            resource: `/app/calls/${id}`,
            resourceData: expect.objectContaining({ '@odata.type': '#microsoft.graph.call', state: 'Incoming' }),
          },
        ],
      });
      expect(legacy.status).toBe(204);
      expect(graph.body).toMatchObject({
        '@odata.type': '#microsoft.graph.commsNotifications',
        value: [{ changeType: 'created', resourceUrl: `/communications/calls/${id}`, resourceData: { state: 'incoming' } }],
      });
      expect((await f.emulator.people.notifications(id)).map((n) => [n.format, n.status])).toEqual([
        ['legacy', 204],
        ['graph', 202],
      ]);
    } finally {
      f.bot.respond = () => 202;
    }
  });

  it('is not converted when the bot answers anything else, and the call then runs out its answer window', async () => {
    const { id } = await f.emulator.people.placeCall({
      from: { user: { id: 'legacy-ignored' } },
      faults: { notifications: { legacyFirstNotification: true } },
    });
    await f.emulator.people.waitForLog(id, 'the unconverted legacy notification', (e) => e.kind === 'event' && e.event === 'legacyNotificationNotConverted');
    await f.emulator.people.waitForState(id, 'terminated');
    expect(
      f.bot
        .forCall(id)
        .filter((n) => first(n).changeType === 'created')
        .map(isLegacy),
    ).toEqual([true]);
  });
});

describe('delivery', () => {
  it('retries a notification the bot failed with 5xx when notificationRetries is set', async () => {
    const retrying = await startFixture({ notificationRetries: 1 });
    let answered = 0;
    retrying.bot.respond = () => (answered++ === 0 ? 500 : 202);
    try {
      const { id } = await retrying.emulator.people.placeCall({ from: { user: { id: 'retried' } } });
      await retrying.bot.waitFor(id, 'the second attempt', () => retrying.bot.forCall(id).length === 2);
      await retrying.emulator.people.waitFor('the log', async () => (await retrying.emulator.people.notifications(id)).length === 2);
      expect((await retrying.emulator.people.notifications(id)).map((n) => [n.attempt, n.status])).toEqual([
        [1, 500],
        [2, 202],
      ]);
    } finally {
      await retrying.stop();
    }
  });
});

describe('a notification the bot fails', () => {
  // Graph retries a change notification answered 5xx, with exponential backoff for up to 4 hours
  // (learn.microsoft.com/graph/change-notifications-delivery-webhooks); the emulator does so for
  // calling notifications, whose own policy is not documented.
  it('is sent again with a growing wait until the bot takes it, and the call goes on in order', async () => {
    let refusals = 0;
    f.bot.respond = (n) => (first(n).changeType === 'created' || refusals++ >= 2 ? 202 : 503);
    try {
      const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'draining-bot' } } });
      await f.bot.waitFor(id, 'the offer', (n) => first(n).changeType === 'created');
      await f.graph.api(`/communications/calls/${id}/answer`).post({ acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED });
      await f.emulator.people.waitForState(id, 'established');
      await f.emulator.people.waitFor(
        'the retried notification taken',
        async () => (await f.emulator.people.notifications(id)).some((n) => n.attempt === 3 && n.status === 202) || undefined,
      );
      const tries = (await f.emulator.people.notifications(id)).filter((n) => n.changeType !== 'created');
      expect(tries.slice(0, 3).map((n) => [n.attempt, n.status])).toEqual([
        [1, 503],
        [2, 503],
        [3, 202],
      ]);
      // 1 s, then 2 s (emulated) before the retries; the next notification only after the retried one.
      expect(tries[1]!.t - tries[0]!.t).toBeGreaterThanOrEqual(1000);
      expect(tries[2]!.t - tries[1]!.t).toBeGreaterThanOrEqual(2000);
      expect(tries.slice(3).every((n) => n.t >= tries[2]!.t)).toBe(true);
    } finally {
      f.bot.respond = () => 202;
    }
  });

  it('is not sent again when it is the incoming call, which must be acknowledged at once', async () => {
    f.bot.respond = (n) => (first(n).changeType === 'created' ? 503 : 202);
    try {
      const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'refused-offer' } } });
      await f.emulator.people.waitForState(id, 'terminated');
      expect((await f.emulator.people.notifications(id)).filter((n) => n.changeType === 'created').map((n) => [n.attempt, n.status])).toEqual([[1, 503]]);
    } finally {
      f.bot.respond = () => 202;
    }
  });
});

describe('region-affinity redirects', () => {
  it('re-delivers an incoming-call notification to the Location of a 302', async () => {
    f.bot.respond = (n) => (n.path === '/api/calling' ? { status: 302, location: `${f.bot.base}/api/calling/westeurope` } : 202);
    try {
      const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'roaming' } } });
      const moved = await f.bot.waitFor(id, 'the re-delivery', (n) => n.path === '/api/calling/westeurope');
      expect(first(moved).changeType).toBe('created');
      expect((await f.emulator.people.notifications(id)).map((n) => [n.url.replace(f.bot.base, ''), n.status])).toEqual([
        ['/api/calling', 302],
        ['/api/calling/westeurope', 202],
      ]);
    } finally {
      f.bot.respond = () => 202;
    }
  });
});
