/**
 * Both directions of authentication: the bot's Graph token (msal-node client credentials against a
 * local HTTPS authority: cached until near expiry, one acquisition for concurrent requests) and
 * the notification token check (key sources, rotation, unavailability).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphTokenProvider } from '../../engine/graph/auth/graph-token-provider.ts';
import { NotificationTokenError, NotificationTokenVerifier } from '../../engine/graph/auth/notification-token.ts';
import { NotificationSigner } from '../support/notification-signer.ts';
import { RecordingGraph, TEST_TENANT } from '../support/recording-graph.ts';

const APP = '0efc74f7-41c3-47a4-8775-7259bfef4241';
const graph = new RecordingGraph();
const signer = new NotificationSigner(APP, TEST_TENANT);

beforeAll(async () => {
  await Promise.all([graph.start(), signer.start()]);
});
afterAll(() => Promise.all([graph.stop(), signer.stop()]));

const provider = () => new GraphTokenProvider({ tenantId: TEST_TENANT, clientId: APP, clientSecret: 'secret', authorityHost: graph.origin });

describe('Graph token (msal-node, client credentials)', () => {
  it('acquires once for concurrent requests and reuses the token while it is fresh', async () => {
    graph.tokenLifetimeSeconds = 3599;
    const tokens = provider();
    const before = graph.tokenRequests.length;
    const results = await Promise.all([tokens.getAccessToken(), tokens.getAccessToken(), tokens.getAccessToken()]);
    expect(new Set(results).size).toBe(1);
    await tokens.getAccessToken();
    expect(graph.tokenRequests.length - before).toBe(1);
    expect(tokens.acquisitions).toBe(1);
  });

  it('acquires a new token when the cached one is within five minutes of expiring', async () => {
    graph.tokenLifetimeSeconds = 240;
    const tokens = provider();
    await tokens.getAccessToken();
    await tokens.getAccessToken();
    expect(tokens.acquisitions).toBe(2);
    graph.tokenLifetimeSeconds = 3599;
  });

  it('fails clearly when the authority is unreachable', async () => {
    const tokens = new GraphTokenProvider({ tenantId: TEST_TENANT, clientId: APP, clientSecret: 'secret', authorityHost: 'https://localhost:1' });
    await expect(tokens.getAccessToken()).rejects.toThrow();
  });
});

describe('notification token check', () => {
  it('accepts a Graph-signed token and returns its tenant; reads the OpenID document once', async () => {
    const verifier = new NotificationTokenVerifier({ openIdUrl: signer.openIdUrl, audience: APP });
    const fetches = signer.openIdFetches;
    expect(await verifier.verify(`Bearer ${await signer.token()}`)).toMatchObject({ tenantId: TEST_TENANT, issuer: 'https://api.botframework.com' });
    await verifier.verify(`Bearer ${await signer.token()}`);
    expect(signer.openIdFetches - fetches).toBe(1);
  });

  it('answers 503 (not 401) when the signing keys cannot be fetched', async () => {
    const verifier = new NotificationTokenVerifier({ openIdUrl: 'http://127.0.0.1:1/openid', audience: APP });
    const error = await verifier.verify(`Bearer ${await signer.token()}`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotificationTokenError);
    expect((error as NotificationTokenError).status).toBe(503);
  });

  it('tolerates small clock skew but not an expired token', async () => {
    const verifier = new NotificationTokenVerifier({ openIdUrl: signer.openIdUrl, audience: APP, clockToleranceSeconds: 60 });
    const now = Math.floor(Date.now() / 1000);
    await expect(verifier.verify(`Bearer ${await signer.token({ exp: now - 30 })}`)).resolves.toBeDefined();
    await expect(verifier.verify(`Bearer ${await signer.token({ exp: now - 120 })}`)).rejects.toMatchObject({ status: 401 });
  });

  it('remembers a verified token only until it expires, and only those exact bytes', async () => {
    let now = Date.now();
    const verifier = new NotificationTokenVerifier({ openIdUrl: signer.openIdUrl, audience: APP, clockToleranceSeconds: 0, now: () => now });
    const exp = Math.floor(now / 1000) + 60;
    const token = await signer.token({ exp });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ tenantId: TEST_TENANT });
    // The same claims with a signature changed in its last characters is another token: checked, refused.
    const forged = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    await expect(verifier.verify(`Bearer ${forged}`)).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ tenantId: TEST_TENANT });
    now += 61_000;
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ status: 401 });
  });
});
