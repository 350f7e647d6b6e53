import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { graphError, graphFor, msalFor, raw } from '../helpers/emulator-graph.ts';

let f: EmulatorFixture;
let callId: string;
beforeAll(async () => {
  // Real time, so the incoming call stays inside its 15 s answer window for the whole file.
  f = await startFixture({ speed: 1 });
  callId = (await f.emulator.people.placeCall({ from: { user: { id: 'carol' } } })).id;
  await f.bot.waitFor(callId, 'the incoming call', (n) => n.body.value[0].changeType === 'created');
});
afterAll(() => f.stop());

function parsed(body: string): { code: string; message: string; innerError: Record<string, string> } {
  return JSON.parse(body) as { code: string; message: string; innerError: Record<string, string> };
}

describe('Graph requires the tokens the emulated identity issued', () => {
  it('accepts a token from msal-node', async () => {
    const call = (await f.graph.api(`/communications/calls/${callId}`).get()) as { state: string };
    expect(call.state).toBe('incoming');
  });

  it('answers 401 with a Graph error body when graph-client sends no token (no customHosts)', async () => {
    const error = await graphError(graphFor(f.emulator, { customHosts: false }).api(`/communications/calls/${callId}`).get());
    expect(error.statusCode).toBe(401);
    const body = parsed(error.body);
    expect(body).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
    expect(Object.keys(body.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
  });

  it('refuses an expired token', async () => {
    const token = await f.emulator.issueAccessToken({ lifetimeSeconds: -60 });
    const error = await graphError(graphFor(f.emulator, { token }).api(`/communications/calls/${callId}`).get());
    expect([error.statusCode, parsed(error.body).message]).toEqual([401, 'Lifetime validation failed, the token is expired.']);
  });

  it('refuses a token for another audience, acquired with msal-node for another resource', async () => {
    const graph = graphFor(f.emulator, { msal: msalFor(f.emulator), scope: 'api://some-other-api/.default' });
    const error = await graphError(graph.api(`/communications/calls/${callId}`).get());
    expect([error.statusCode, parsed(error.body).message]).toEqual([401, 'Access token validation failure. Invalid audience.']);
  });

  it('refuses a token whose signature was tampered with, and a WWW-Authenticate header says where to get one', async () => {
    const token = await f.emulator.issueAccessToken();
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -4)}AAAA`;
    const res = await raw(graphFor(f.emulator, { token: forged }), 'get', `/communications/calls/${callId}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"');
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Access token validation failure. Invalid signature.');
  });
});

describe('notification tokens', () => {
  it('are RS256 JWTs from https://api.botframework.com for the app and tenant, verifiable with the published JWKS', async () => {
    const created = f.bot.forCall(callId)[0];
    expect(created.tokenError).toBeUndefined();
    expect(created.claims).toMatchObject({ iss: 'https://api.botframework.com', aud: f.emulator.appId, tid: f.emulator.tenantId });
    // The documented example's token lives 65 minutes (exp − iat = 3900 s).
    expect(created.claims!.exp! - created.claims!.iat!).toBe(3900);
    const token = String(created.headers.authorization).slice('Bearer '.length);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
  });

  it('are published behind an OpenID document like api.aps.skype.com, with x5c-backed keys', async () => {
    const config = (await (await fetch(f.emulator.openIdUrl)).json()) as { issuer: string; jwks_uri: string };
    expect(config.issuer).toBe('https://api.botframework.com');
    const jwks = (await (await fetch(config.jwks_uri)).json()) as JSONWebKeySet;
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', x5c: [expect.any(String)], x5t: jwks.keys[0].kid });
    const token = String(f.bot.forCall(callId)[0].headers.authorization).slice('Bearer '.length);
    await expect(jwtVerify(token, createLocalJWKSet(jwks), { issuer: 'https://api.botframework.com', audience: f.emulator.appId })).resolves.toBeDefined();
  });

  it('fail verification for another audience, another issuer or another key', async () => {
    const token = String(f.bot.forCall(callId)[0].headers.authorization).slice('Bearer '.length);
    const jwks = createRemoteJWKSet(new URL(`${f.emulator.urls.base}/v1/keys`));
    await expect(jwtVerify(token, jwks, { audience: 'another-app' })).rejects.toThrow(/aud/);
    await expect(jwtVerify(token, jwks, { issuer: 'https://graph.microsoft.com' })).rejects.toThrow(/iss/);
    const aadKeys = createRemoteJWKSet(new URL(`${f.emulator.urls.authority}/discovery/v2.0/keys`));
    await expect(jwtVerify(token, aadKeys)).rejects.toThrow();
  });

  it('come with the headers observed from the real service, and the bot answer is recorded', async () => {
    const { headers } = f.bot.forCall(callId)[0];
    expect(headers).toMatchObject({
      accept: 'application/json',
      'user-agent': 'Microsoft-Skype/3.0,(Calling/1.0)',
      'content-type': 'application/json; charset=utf-8',
      'x-microsoft-skype-chain-id': expect.any(String),
      'x-microsoft-skype-message-id': expect.any(String),
      'scenario-id': expect.any(String),
    });
    const [logged] = await f.emulator.people.notifications(callId);
    expect(logged).toMatchObject({ status: 202, messageId: headers['x-microsoft-skype-message-id'], format: 'graph', changeType: 'created' });
  });
});
