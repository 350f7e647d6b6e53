/**
 * Secrets and redaction through a whole engine (real app, sessions, store, Graph adapter, pino):
 * a call whose flow sends secrets in a header, the URL and the body to a service on this machine,
 * records a message, copies the recording's access token into a variable and sends it on, and asks
 * for a secret nobody configured. The service receives the real values; then the whole trace (as
 * the API serves it and as the store keeps it), every log line at debug level and every write to
 * the store are searched: no secret value anywhere, no recording token in the trace or the log,
 * phone numbers masked (CALLFLOW_TRACE_PII=mask).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../engine/session/logger.ts';
import { createSecrets } from '../../engine/secrets/secrets.ts';
import type { SessionCommit } from '../../engine/session/types.ts';
import { APP_ID, startHarness, type Harness } from '../support/engine-harness.ts';
import { CALL_ID, callState, incomingCall, operation } from '../graph/notifications/payloads.ts';

const CRM_KEY = 'crm-key-9f3b2a71c4d8e6';
const CRM_TOKEN = 'crm-token-5e8d1c0b7a2f94';
const FILE_SECRET = 'file-secret-3c6e9a1d4b7f';
const RECORDING_TOKEN = 'rec-token-Zq81vX02mLp4T';
const PHONE = '+14255550147';
const ADMIN_TOKEN = 'an-admin-token-for-this-test';

const FLOW = {
  id: 'vault',
  version: 1,
  name: 'Secrets and recordings',
  start: 'answer',
  variables: { recording: { type: 'string' } },
  prompts: { welcome: { 'en-US': { file: 'prompts/en-US/welcome.wav', text: 'Welcome.' } } },
  states: {
    answer: { type: 'answer', next: 'lookup' },
    lookup: {
      type: 'http',
      url: '{{vars.crm}}/lookup?key={{secrets.CRM_KEY}}&from={{caller.phone}}',
      headers: { Authorization: 'Bearer {{secrets.CRM_TOKEN}}', 'X-Signature': '{{secrets.FILE_KEY}}' },
      body: { caller: '{{caller}}', key: '{{secrets.CRM_KEY}}' },
      next: 'record',
      error: 'bye',
    },
    record: { type: 'record', prompts: ['welcome'], variable: 'recording', next: 'save', noInput: 'bye', error: 'bye' },
    save: {
      type: 'http',
      url: '{{vars.crm}}/save',
      body: { recording: '{{vars.recording}}' },
      next: 'missing',
      error: 'bye',
    },
    missing: { type: 'http', url: '{{vars.crm}}/x', headers: { 'X-Api-Key': '{{secrets.NOBODY_SET_THIS}}' }, next: 'bye', error: 'bye' },
    bye: { type: 'hangup' },
  },
};

let harness: Harness;
let crm: Server;
let crmUrl: string;
const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
const logLines: string[] = [];
const storeWrites: string[] = [];
let secretsDir: string;

beforeAll(async () => {
  crm = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      // A careless service echoing what it got: the answer reaches the flow's lastResult.
      res.end(JSON.stringify({ ok: true, echo: body }));
    });
  });
  await new Promise<void>((done) => crm.listen(0, '127.0.0.1', done));
  crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}`;
  secretsDir = mkdtempSync(join(tmpdir(), 'callflow-secrets-'));
  writeFileSync(join(secretsDir, 'FILE_KEY'), `${FILE_SECRET}\n`);
  const capture = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  harness = await startHarness({
    env: { CALLFLOW_HTTP_ALLOWLIST: new URL(crmUrl).host, CALLFLOW_TRACE_PII: 'mask', CALLFLOW_ADMIN_TOKEN: ADMIN_TOKEN },
    logger: createLogger('debug', capture),
    flows: [{ ...FLOW, variables: { ...FLOW.variables, crm: { type: 'string', default: crmUrl } } }],
    routeTo: 'vault',
    secrets: createSecrets({ env: { CALLFLOW_SECRET_CRM_KEY: CRM_KEY, CALLFLOW_SECRET_CRM_TOKEN: CRM_TOKEN }, file: secretsDir }),
  });
  // Every write to the store, as the store receives it.
  const store = harness.store;
  const commit = store.commit.bind(store);
  const create = store.create.bind(store);
  const appendTrace = store.appendTrace.bind(store);
  const enqueue = store.enqueue.bind(store);
  store.commit = (change: SessionCommit) => (storeWrites.push(JSON.stringify(change)), commit(change));
  store.create = (session, extras) => (storeWrites.push(JSON.stringify({ session, extras })), create(session, extras));
  store.appendTrace = (id, entries) => (storeWrites.push(JSON.stringify(entries)), appendTrace(id, entries));
  store.enqueue = (id, item) => (storeWrites.push(JSON.stringify(item)), enqueue(id, item));
});
afterAll(async () => {
  await harness.close();
  crm.closeAllConnections();
  await new Promise<void>((done) => crm.close(() => done()));
  rmSync(secretsDir, { recursive: true, force: true });
});

const envelope = (...value: unknown[]) => ({ value });
const settle = () => harness.engine.sessions.idle();

async function runCall(): Promise<void> {
  expect((await harness.post(envelope(incomingCall({ application: { id: APP_ID } }, { phone: { id: PHONE } })))).status).toBe(202);
  await settle();
  await harness.post(envelope(callState('established', { mediaState: { audio: 'active' } })));
  await settle();
  for (let waited = 0; !harness.graph.requests.some((r) => r.path.endsWith('/recordResponse')) && waited < 5000; waited += 20) {
    await new Promise((done) => setTimeout(done, 20));
    await settle();
  }
  const record = harness.graph.requests.find((r) => r.path.endsWith('/recordResponse'))!;
  expect(record).toBeDefined();
  const clientContext = (record.body as { clientContext: string }).clientContext;
  await harness.post(
    envelope(
      operation('recordOperation', {
        status: 'completed',
        clientContext,
        completionReason: 'stopToneDetected',
        // Graph's file host stands in as the same local server: the engine downloads from it with the token.
        recordingLocation: `${crmUrl}/recordings/r1`,
        recordingAccessToken: RECORDING_TOKEN,
        resultInfo: { code: 200, subcode: 8515 },
      }),
    ),
  );
  for (let waited = 0; !harness.graph.requests.some((r) => r.method === 'DELETE') && waited < 5000; waited += 20) {
    await new Promise((done) => setTimeout(done, 20));
    await settle();
  }
}

describe('a call with secrets and a recording', () => {
  it('sends the real values to the service and keeps them out of the trace, the log and the store', async () => {
    await runCall();

    // The service got the values: substitution happened at the edge.
    const lookup = received.find((r) => r.url.startsWith('/lookup'))!;
    expect(lookup.url).toBe(`/lookup?key=${CRM_KEY}&from=${encodeURIComponent(PHONE).replace('%2B', '+')}`);
    expect(lookup.headers.authorization).toBe(`Bearer ${CRM_TOKEN}`);
    expect(lookup.headers['x-signature']).toBe(FILE_SECRET);
    expect(JSON.parse(lookup.body)).toMatchObject({ key: CRM_KEY });
    // The engine fetched the recording with Graph's token; the service gets the bot's own link, never the token.
    expect(received.find((r) => r.url === '/recordings/r1')!.headers.authorization).toBe(`Bearer ${RECORDING_TOKEN}`);
    expect(JSON.parse(received.find((r) => r.url === '/save')!.body).recording).toMatch(
      /^https:\/\/bot\.contoso\.com\/recordings\/[^/]+\/record%23[0-9.]+\.wav\?sig=/,
    );
    expect(received.some((r) => r.url === '/x')).toBe(false);

    const apiTrace = await (await fetch(`${harness.base}/api/calls/${CALL_ID}/trace`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    const storedTrace = JSON.stringify(await harness.store.readTrace(CALL_ID));
    expect(apiTrace.length).toBeGreaterThan(1000);
    expect(logLines.length).toBeGreaterThan(20);
    const places = { 'the API trace': apiTrace, 'the stored trace': storedTrace, 'the log': logLines.join('\n') };
    for (const [where, text] of Object.entries(places)) {
      for (const value of [CRM_KEY, CRM_TOKEN, FILE_SECRET, RECORDING_TOKEN, PHONE]) expect(text.includes(value), `${value} in ${where}`).toBe(false);
    }
    // What the operator reads instead.
    expect(apiTrace).toContain('{{secrets.CRM_KEY}}');
    expect(apiTrace).toContain('Bearer {{secrets.CRM_TOKEN}}');
    expect(apiTrace).toContain('"recordingAccessToken":"[redacted]"');
    expect(apiTrace).toContain('+1425555****');
    expect(apiTrace).toContain('secret NOBODY_SET_THIS is not configured');

    // The store never receives a secret value. (Graph's recording token passes through the inbox and outbox rows of the download only.)
    const writes = storeWrites.join('\n');
    expect(storeWrites.length).toBeGreaterThan(10);
    for (const value of [CRM_KEY, CRM_TOKEN, FILE_SECRET]) expect(writes.includes(value), `${value} written to the store`).toBe(false);
    expect(writes).toContain('{{secrets.CRM_KEY}}');
    const session = JSON.stringify(await harness.store.get(CALL_ID));
    for (const value of [CRM_KEY, CRM_TOKEN, FILE_SECRET]) expect(session.includes(value)).toBe(false);
  });
});
