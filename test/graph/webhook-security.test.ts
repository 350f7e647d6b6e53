/**
 * POST /api/calling against hostile and broken input: every bad token is refused before the body is
 * read (401 not authentic, 403 not for this bot) and changes no call; malformed, mistyped and
 * oversized bodies get a clear 4xx; unknown notifications are accepted and ignored; the server
 * stays up throughout. Real express, real jose-signed tokens, a JWKS served locally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { APP_ID, OTHER_APP_ID, asHarnessAdmin, startHarness, type Harness } from '../support/engine-harness.ts';
import { incomingCall } from './notifications/payloads.ts';

let harness: Harness;
const envelope = (...value: unknown[]) => ({ '@odata.type': '#microsoft.graph.commsNotifications', value });
const incoming = () => envelope(incomingCall({ application: { id: APP_ID } }));

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

async function callsNow(): Promise<number> {
  await harness.engine.sessions.idle();
  return (await harness.store.runningSessionIds()).length + ((await harness.store.get('57DAB8B1894C409AB240BD8BEAE78896')) ? 1 : 0);
}

describe('notification token check', () => {
  type Row = [name: string, authorization: () => Promise<string>, status: number];
  const rows: Row[] = [
    ['no token', async () => '', 401],
    ['not a bearer token', async () => 'Basic dXNlcjpwYXNz', 401],
    ['garbage', async () => 'Bearer not.a.jwt', 401],
    ['signed by another key', async () => `Bearer ${await harness.signer.token({}, { key: 'stranger' })}`, 401],
    ['alg none', async () => `Bearer ${harness.signer.unsignedToken()}`, 401],
    ['HS256 with the public key as secret', async () => `Bearer ${await harness.signer.confusedToken()}`, 401],
    ['wrong issuer', async () => `Bearer ${await harness.signer.token({ iss: 'https://evil.example.com' })}`, 401],
    [
      'expired',
      async () =>
        `Bearer ${await harness.signer.token({ exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200, nbf: Math.floor(Date.now() / 1000) - 7200 })}`,
      401,
    ],
    ['valid for ten years', async () => `Bearer ${await harness.signer.token({}, { expiresInSeconds: 10 * 365 * 24 * 3600 })}`, 401],
    [
      'issued long ago and valid for more than a day',
      async () => `Bearer ${await harness.signer.token({ iat: Math.floor(Date.now() / 1000) - 30 * 3600, nbf: Math.floor(Date.now() / 1000) - 30 * 3600 })}`,
      401,
    ],
    ['not yet valid', async () => `Bearer ${await harness.signer.token({ nbf: Math.floor(Date.now() / 1000) + 3600 })}`, 401],
    ['without exp', async () => `Bearer ${await harness.signer.token({ exp: undefined })}`, 401],
    ['wrong audience', async () => `Bearer ${await harness.signer.token({ aud: 'https://graph.microsoft.com' })}`, 403],
    ['replayed from another bot (its app id as audience)', async () => `Bearer ${await harness.signer.token({ aud: OTHER_APP_ID })}`, 403],
    ['missing tid', async () => `Bearer ${await harness.signer.token({ tid: undefined })}`, 403],
    ['empty tid', async () => `Bearer ${await harness.signer.token({ tid: '' })}`, 403],
  ];

  it.each(rows)('%s → %i and no call is created', async (_name, authorization, status) => {
    const response = await harness.post(incoming(), { authorization: await authorization() });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(status === 401 ? 'unauthorized' : 'forbidden');
    if (status === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await callsNow()).toBe(0);
    expect(harness.graph.requests).toHaveLength(0);
  });

  it('refuses before reading the body: an unauthenticated upload that never ends is answered at once', async () => {
    const url = new URL(`${harness.base}/api/calling`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) },
        },
        (res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write('{"value": [');
    });
    expect(status).toBe(401);
  });

  it('accepts the issuer https://graph.microsoft.com as well', async () => {
    const response = await harness.post(
      envelope({ changeType: 'updated', resourceUrl: '/communications/calls/unknown-call', resourceData: { state: 'established' } }),
      { authorization: `Bearer ${await harness.signer.token({ iss: 'https://graph.microsoft.com' })}` },
    );
    expect(response.status).toBe(202);
  });
});

describe('notification bodies', () => {
  it('answers 400 to malformed JSON', async () => {
    const response = await harness.post('{"value": [', {});
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/);
  });

  it.each([
    ['an array', []],
    ['no value', { notifications: [] }],
    ['an empty batch', { value: [] }],
    ['a number item', { value: [42] }],
  ])('answers 400 to a body that is not a notification batch: %s', async (_name, body) => {
    expect((await harness.post(body)).status).toBe(400);
  });

  it('answers 415 to another content type', async () => {
    const response = await harness.post(JSON.stringify(incoming()), { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
  });

  it('answers 413 to a 10 MB body', async () => {
    const big = JSON.stringify({
      value: [{ changeType: 'updated', resourceUrl: '/communications/calls/x', resourceData: { padding: 'x'.repeat(10 * 1024 * 1024) } }],
    });
    const response = await harness.post(big).catch((error: Error) => error);
    if (response instanceof Error) throw response;
    expect(response.status).toBe(413);
  });

  it('answers 204 to a legacy-format first notification, so Graph re-sends it', async () => {
    const response = await harness.post({
      value: [{ subscriptionId: 's-1', changeType: 'created', resource: '/app/calls/legacy-1', resourceData: { state: 'Incoming' } }],
    });
    expect(response.status).toBe(204);
    expect(await callsNow()).toBe(0);
  });

  it('accepts and ignores notifications it does not know (no call, other resources)', async () => {
    const response = await harness.post(
      envelope(
        { changeType: 'updated', resourceUrl: '/communications/onlineMeetings/m-1', resourceData: { '@odata.type': '#microsoft.graph.onlineMeeting' } },
        {
          changeType: 'updated',
          resourceUrl: '/communications/calls/not-ours/operations/op-1',
          resourceData: { '@odata.type': '#microsoft.graph.somethingNew', status: 'completed' },
        },
      ),
    );
    expect(response.status).toBe(202);
    expect(await callsNow()).toBe(0);
  });

  it('stays up and healthy after all of it, and counts the outcomes', async () => {
    expect((await fetch(`${harness.base}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${harness.base}/metrics`, { headers: asHarnessAdmin })).text();
    expect(metrics).toMatch(/callflow_notifications_total\{outcome="unauthorized"\} \d+/);
    expect(metrics).toMatch(/callflow_notifications_total\{outcome="forbidden"\} \d+/);
    expect(metrics).toMatch(/callflow_notifications_total\{outcome="legacy"\} 1/);
  });

  it('accepts a valid incoming call with 202 and answers it through Graph', async () => {
    const response = await harness.post(incoming());
    expect(response.status).toBe(202);
    await harness.engine.sessions.idle();
    const answer = harness.graph.requests.find((r) => r.path.endsWith('/answer'));
    expect(answer?.path).toBe('/v1.0/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/answer');
    expect((answer?.body as { callbackUri: string }).callbackUri).toBe('https://bot.contoso.com/api/calling?session=57DAB8B1894C409AB240BD8BEAE78896');
  });
});
