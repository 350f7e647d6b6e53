/**
 * POST /api/flows/:id/calls and GET /api/calls/:id/trace through the real app: the admin token
 * (an engine with Azure credentials and a public URL trusts no request without it), request checks, and a placed call running end to end over Graph's wire format — create call
 * (PSTN from the application instance), notifications addressed by our callback URL, play, hang-up.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALLER, startHarness, type Harness } from '../support/engine-harness.ts';

const ADMIN_TOKEN = 'a-long-admin-token-value';
const asAdmin = { authorization: `Bearer ${ADMIN_TOKEN}` };
let harness: Harness;
const place = (body: unknown, headers: Record<string, string> = asAdmin, flowId = 'caller') =>
  fetch(`${harness.base}/api/flows/${flowId}/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  harness = await startHarness({ env: { CALLFLOW_ADMIN_TOKEN: ADMIN_TOKEN } });
});
afterAll(() => harness.close());

describe('placing a call through the API', () => {
  it('runs a placed call over Graph: create, established, play, completion, hang-up; the trace shows it all', async () => {
    const response = await place({ vars: { phone: '+14255550147' } });
    expect(response.status).toBe(202);
    const placed = (await response.json()) as { callId: string; flowId: string; version: string; trace: string };
    expect(placed).toMatchObject({ flowId: 'caller', trace: `/api/calls/${placed.callId}/trace` });
    await harness.engine.sessions.idle();

    const create = harness.graph.requests.find((request) => request.path === '/v1.0/communications/calls')!;
    expect(create.body).toMatchObject({
      callbackUri: `https://bot.contoso.com/api/calling?session=${placed.callId}`,
      targets: [{ identity: { phone: { id: '+14255550147' } } }],
      source: { identity: { applicationInstance: { id: 'app-instance-oid' } } },
    });

    const notify = (value: unknown) => harness.post({ value: [value] }, undefined, `?session=${placed.callId}`);
    expect(
      (
        await notify({
          changeType: 'updated',
          resourceUrl: '/communications/calls/created-call-1',
          resourceData: { '@odata.type': '#microsoft.graph.call', state: 'Established', mediaState: { audio: 'Active' } },
        })
      ).status,
    ).toBe(202);
    await harness.engine.sessions.idle();
    const play = harness.graph.requests.find((request) => request.path.endsWith('/playPrompt'))!;
    expect(play.path).toBe('/v1.0/communications/calls/created-call-1/playPrompt');
    const clientContext = (play.body as { clientContext: string }).clientContext;
    await notify({
      changeType: 'deleted',
      resourceUrl: '/communications/calls/created-call-1/operations/op-9',
      resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation', status: 'completed', clientContext, resultInfo: { code: '200', subCode: '0' } },
    });
    await harness.engine.sessions.idle();
    expect(harness.graph.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/v1.0/communications/calls/created-call-1' });

    const trace = (await (await fetch(`${harness.base}${placed.trace}`, { headers: asAdmin })).json()) as {
      flowId: string;
      graphCallId: string;
      phase: string;
      entries: Array<{ kind: string }>;
    };
    expect(trace).toMatchObject({ flowId: 'caller', graphCallId: 'created-call-1', phase: 'ended' });
    const kinds = new Set(trace.entries.map((entry) => entry.kind));
    for (const kind of ['session', 'event', 'effect', 'transition', 'graph.request', 'graph.response', 'notification']) expect(kinds).toContain(kind);
  });

  it.each([
    [{ vars: { phone: 5 } }, /'vars.phone' must be of type string/],
    [{ vars: { nope: 1 } }, /'vars.nope' is not a variable of this flow/],
    [{ to: { phone: '0425' } }, /E.164/],
    [{ to: { phone: '+14255550100', user: 'u' } }, /exactly one of user, phone, application or applicationInstance/],
    [{ to: { applicationInstance: 'a', queue: 'q' } }, /exactly one of user, phone, application or applicationInstance/],
    [{ joinUrl: 'https://example.com/meeting' }, /not a Teams meeting link; expected .*meetup-join.*\/meet\//],
    [{ dial: 'now' }, /unknown field/],
    [{ vars: { constructor: null } }, /'vars.constructor' is not a variable of this flow/],
    [{ vars: JSON.parse('{"__proto__": null}') as unknown }, /'vars.__proto__' is not a variable of this flow/],
    [{ vars: { toString: 'x' } }, /'vars.toString' is not a variable of this flow/],
  ])('refuses a bad request %j with 400', async (body, message) => {
    const response = await place(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it('takes a call queue or auto attendant (an application instance) as the one called, given to the flow as call.to', async () => {
    const to = { applicationInstance: '2f1c7d4e-8a3b-4c5d-9e6f-0a1b2c3d4e5f', tenantId: 'f09c9430-7fff-43f5-9f2f-dfa7a3e0f995', displayName: 'Sales queue' };
    const response = await place({ to, vars: { phone: '+14255550147' } });
    expect(response.status).toBe(202);
    const { callId } = (await response.json()) as { callId: string };
    await harness.engine.sessions.idle();
    const session = await harness.engine.sessions.get(callId);
    const { context } = session?.record?.snapshot as { context: { call: unknown } };
    expect(context.call).toMatchObject({ to });
  });

  it('places no call and leaves none running for vars named constructor or __proto__', async () => {
    const running = async () => Number(/callflow_calls_running (\d+)/.exec(await (await fetch(`${harness.base}/metrics`, { headers: asAdmin })).text())?.[1]);
    const before = { running: await running(), requests: harness.graph.requests.length };
    for (const body of [
      '{"vars": {"constructor": null}}',
      '{"vars": {"__proto__": {"phone": "+14255550147"}}}',
      '{"vars": {"phone": "+14255550147", "constructor": "x"}}',
    ]) {
      const response = await fetch(`${harness.base}/api/flows/caller/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...asAdmin },
        body,
      });
      expect(response.status, body).toBe(400);
    }
    await harness.engine.sessions.idle();
    expect({ running: await running(), requests: harness.graph.requests.length }).toEqual(before);
  });

  it('refuses a flow that does not place calls (422) and an unknown flow (404)', async () => {
    expect((await place({}, asAdmin, 'greeter')).status).toBe(422);
    expect((await place({}, asAdmin, 'nope')).status).toBe(404);
  });

  it('needs the admin token CALLFLOW_ADMIN_TOKEN names', async () => {
    expect((await place({ vars: { phone: '+14255550147' } }, {})).status).toBe(401);
    expect((await place({ vars: { phone: '+14255550147' } }, { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
    expect((await fetch(`${harness.base}/api/calls/x/trace`)).status).toBe(401);
    expect((await place({ vars: { phone: '+14255550147' } }, asAdmin)).status).toBe(202);
  });

  it('ends and purges a call whose dial Graph refuses before giving it an id, though its error path would play to it', async () => {
    const apologiser = {
      ...CALLER,
      id: 'apologiser',
      name: 'Apologiser',
      states: { ...CALLER.states, dial: { ...CALLER.states.dial, error: 'sorry' }, sorry: { type: 'play', prompts: ['welcome'], next: 'bye' } },
    };
    writeFileSync(join(harness.dir, 'apologiser.flow.json'), JSON.stringify(apologiser, null, 2));
    await harness.deploy.disk.deployFile('apologiser');
    // Calls placed by earlier tests have made their requests: the refusal is this call's.
    await harness.engine.sessions.idle();
    harness.graph.script(/^POST \/v1\.0\/communications\/calls$/, {
      status: 403,
      body: { error: { code: 'Forbidden', message: 'Application is not allowed to call.' } },
    });
    const before = harness.graph.requests.length;
    const response = await place({ vars: { phone: '+14255550199' } }, asAdmin, 'apologiser');
    expect(response.status).toBe(202);
    const { callId } = (await response.json()) as { callId: string };
    // The refusal and the call's end arrive one after the other through the inbox.
    await vi.waitFor(async () => expect((await harness.store.get(callId))?.phase).toBe('ended'), { timeout: 5000 });
    await harness.engine.sessions.idle();
    const session = await harness.store.get(callId);
    expect([session?.phase, session?.record?.status]).toEqual(['ended', 'done']);
    expect(await harness.store.runningSessionIds()).not.toContain(callId);
    // Nothing was sent for a call Graph never created: no play, no hang-up.
    expect(harness.graph.requests.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1.0/communications/calls']);
    const trace = JSON.stringify(await (await fetch(`${harness.base}/api/calls/${callId}/trace`, { headers: asAdmin })).json());
    expect(trace).toContain('Graph did not create the call');
    expect(await harness.store.purge(Date.now() + 1, 10_000)).toBeGreaterThan(0);
    expect(await harness.store.get(callId)).toBeUndefined();
  });

  it('answers 404 for the trace of an unknown call', async () => {
    expect((await fetch(`${harness.base}/api/calls/nope/trace`, { headers: asAdmin })).status).toBe(404);
  });

  it('serves Prometheus metrics with the engine’s counters', async () => {
    const response = await fetch(`${harness.base}/metrics`, { headers: asAdmin });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/callflow_calls_started_total\{flow="caller",direction="outgoing"\} \d+/);
    expect(text).toMatch(/callflow_graph_requests_total\{effect="graph.createCall",status="201"\} \d+/);
    expect(text).toMatch(/callflow_calls_running \d+/);
    expect(text).toMatch(/callflow_process_/);
  });
});
