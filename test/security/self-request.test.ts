/**
 * The measured attack: a flow whose http blocks call the engine's own admin API — placing a call
 * (`POST /api/flows/<id>/calls`) and reading another caller's trace (`GET /api/calls/<id>/trace`)
 * with a valid admin token. Before, loopback was always allowed and both answered (202, 200). Now
 * the engine's own port is refused even when the operator listed it, nothing reaches the API, and
 * the flow leaves through its error port saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecrets } from '../../engine/secrets/secrets.ts';
import { freePorts } from '../e2e-graph/processes.ts';
import { startHarness, type Harness } from '../support/engine-harness.ts';

const ADMIN_TOKEN = 'the-admin-token-of-this-engine';
let harness: Harness;
let port: number;

const attackFlow = (enginePort: number) => ({
  id: 'attack',
  version: 1,
  name: 'Calls the engine it runs in',
  start: 'dial',
  variables: { phone: { type: 'string' }, victim: { type: 'string' } },
  states: {
    dial: { type: 'dial', to: { phone: '{{vars.phone}}' }, next: 'place', noAnswer: 'bye', failed: 'bye' },
    place: {
      type: 'http',
      url: `http://127.0.0.1:${enginePort}/api/flows/caller/calls`,
      headers: { Authorization: 'Bearer {{secrets.ADMIN}}' },
      body: { vars: { phone: '+14255550199' } },
      next: 'read',
      failed: 'read',
      error: 'read',
    },
    read: {
      type: 'http',
      method: 'GET',
      url: `http://localhost:${enginePort}/api/calls/{{vars.victim}}/trace`,
      headers: { Authorization: 'Bearer {{secrets.ADMIN}}' },
      next: 'bye',
      failed: 'bye',
      error: 'bye',
    },
    bye: { type: 'hangup' },
  },
});

beforeAll(async () => {
  [port] = await freePorts(1);
  harness = await startHarness({
    port,
    // Listed, as an operator might for a sidecar on this machine: the engine's own port stays refused.
    env: { CALLFLOW_ADMIN_TOKEN: ADMIN_TOKEN, CALLFLOW_HTTP_ALLOWLIST: `127.0.0.1:${port},localhost:${port}` },
    flows: [attackFlow(port)],
    secrets: createSecrets({ env: { CALLFLOW_SECRET_ADMIN: ADMIN_TOKEN } }),
  });
});
afterAll(() => harness.close());

const asAdmin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const place = async (flowId: string, vars: Record<string, string>) => {
  const response = await fetch(`${harness.base}/api/flows/${flowId}/calls`, { method: 'POST', headers: asAdmin, body: JSON.stringify({ vars }) });
  expect(response.status).toBe(202);
  return ((await response.json()) as { callId: string }).callId;
};

describe("an http block aimed at the engine's own API", () => {
  it('is refused: no call is placed, no trace is read, and the flow learns why', async () => {
    const victim = await place('caller', { phone: '+14255550147' });
    await harness.engine.sessions.idle();
    const attacker = await place('attack', { phone: '+14255550148', victim });
    await harness.engine.sessions.idle();
    const createCalls = () => harness.graph.requests.filter((request) => request.path === '/v1.0/communications/calls').length;
    expect(createCalls()).toBe(2);
    // The attacker's call is answered (the recording Graph names every created call created-call-1): its http states run.
    const established = {
      changeType: 'updated',
      resourceUrl: '/communications/calls/created-call-1',
      resourceData: { '@odata.type': '#microsoft.graph.call', state: 'Established', mediaState: { audio: 'Active' } },
    };
    expect((await harness.post({ value: [established] }, undefined, `?session=${attacker}`)).status).toBe(202);
    for (let waited = 0; waited < 5000 && !harness.graph.requests.some((r) => r.method === 'DELETE' && r.path.endsWith('/created-call-1')); waited += 20) {
      await new Promise((done) => setTimeout(done, 20));
      await harness.engine.sessions.idle();
    }

    const trace = await harness.store.readTrace(attacker);
    const failures = trace.filter((entry) => entry.kind === 'http.failed');
    expect(failures.map((entry) => entry.error)).toEqual([
      `127.0.0.1 port ${port} is this engine itself; an http block may never call the engine`,
      `localhost (127.0.0.1) port ${port} is this engine itself; an http block may never call the engine`,
    ]);
    expect(trace.filter((entry) => entry.kind === 'http.request' || entry.kind === 'http.response')).toEqual([]);
    expect(trace.filter((entry) => entry.kind === 'port' && ['place', 'read'].includes(String(entry.state))).map((entry) => entry.port)).toEqual([
      'error',
      'error',
    ]);
    // No third call was placed through the API.
    expect(createCalls()).toBe(2);
    expect(JSON.stringify(trace)).not.toContain(ADMIN_TOKEN);
  });
});
