import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CryptoProvider, type AuthenticationResult, type ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { DEFAULT_USERS, startEmulator, type RunningEmulator } from '../../engine/emulator/index.ts';
import { EMULATOR_TEST_DATA_DIR } from '../helpers/emulator-global-setup.ts';
import { msalFor } from '../helpers/emulator-graph.ts';
import { signIn } from '../helpers/emulator-sign-in.ts';

const TENANT = '3f0c6d2a-5b8e-4c1f-9a7d-0e2b4c6d8f10';
const SECOND_APP = '5d9e1f3a-7b2c-4d8e-a1f0-2c4b6d8e0f12';
const REDIRECT_URI = 'http://localhost:3000/auth/callback';
const avery = DEFAULT_USERS.find((u) => u.displayName === 'Avery Analyst')!;

let emulator: RunningEmulator;
const log: string[] = [];
beforeAll(async () => {
  emulator = await startEmulator({
    dataDir: EMULATOR_TEST_DATA_DIR,
    apps: [
      { displayName: 'Callflow Studio', tenantId: TENANT },
      { displayName: 'Another app', tenantId: TENANT, appId: SECOND_APP },
    ],
    log: (line) => log.push(line),
  });
});
afterAll(() => emulator.stop());

/** The whole interactive sign-in with msal-node: PKCE, the login page, the code redemption. */
async function signInWithMsal(
  label: string,
  options: { msal?: ConfidentialClientApplication; scopes?: string[] } = {},
): Promise<{ result: AuthenticationResult; redirect: URL; nonce: string }> {
  const msal = options.msal ?? msalFor(emulator);
  const scopes = options.scopes ?? ['User.Read'];
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const state = randomUUID();
  const nonce = randomUUID();
  const url = await msal.getAuthCodeUrl({ scopes, redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: 'S256', state, nonce });
  const redirect = await signIn(url, label);
  expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
  const code = redirect.searchParams.get('code')!;
  const result = await msal.acquireTokenByCode(
    { code, scopes, redirectUri: REDIRECT_URI, codeVerifier: verifier, nonce, state },
    { code, state: redirect.searchParams.get('state')! },
  );
  return { result, redirect, nonce };
}

describe('interactive sign-in with msal-node (authorization code flow with PKCE)', () => {
  let signedIn: Awaited<ReturnType<typeof signInWithMsal>>;
  beforeAll(async () => {
    signedIn = await signInWithMsal('Avery Analyst');
  });

  it('redirects with code, client_info, state and session_state', () => {
    const { redirect } = signedIn;
    expect([...redirect.searchParams.keys()]).toEqual(['code', 'client_info', 'state', 'session_state']);
    expect(JSON.parse(Buffer.from(redirect.searchParams.get('client_info')!, 'base64url').toString())).toEqual({ uid: avery.id, utid: TENANT });
  });

  it('gives msal-node an ID token naming Avery with her app roles, and the account it caches', () => {
    const { result, nonce, redirect } = signedIn;
    expect(result.idTokenClaims).toMatchObject({
      aud: emulator.appId,
      name: 'Avery Analyst',
      preferred_username: 'avery@contoso.example',
      oid: avery.id,
      tid: TENANT,
      nonce,
      roles: ['Flows.Read', 'Flows.Edit'],
      ver: '2.0',
      sid: redirect.searchParams.get('session_state'),
    });
    expect(result.account).toMatchObject({
      homeAccountId: `${avery.id}.${TENANT}`,
      tenantId: TENANT,
      username: 'avery@contoso.example',
      name: 'Avery Analyst',
    });
    expect(result.scopes).toEqual(expect.arrayContaining(['User.Read', 'openid', 'profile']));
  });

  it('issues an ID token that verifies against the JWKS and issuer of the OpenID configuration', async () => {
    const config = (await (await fetch(`${emulator.urls.authority}/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(config.issuer).toBe(`${emulator.urls.base}/${TENANT}/v2.0`);
    const { payload, protectedHeader } = await jwtVerify(signedIn.result.idToken, createRemoteJWKSet(new URL(config.jwks_uri)), {
      issuer: config.issuer,
      audience: emulator.appId,
      algorithms: ['RS256'],
    });
    expect(protectedHeader).toEqual({ typ: 'JWT', alg: 'RS256', kid: expect.any(String) });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(payload.sub).not.toBe(avery.id);
    // Another audience's keys or issuer do not verify it.
    await expect(jwtVerify(signedIn.result.idToken, createRemoteJWKSet(new URL(`${emulator.urls.base}/v1/keys`)))).rejects.toThrow();
    await expect(
      jwtVerify(signedIn.result.idToken, createRemoteJWKSet(new URL(config.jwks_uri)), { issuer: `https://sts.windows.net/${TENANT}/` }),
    ).rejects.toThrow(/iss/);
  });

  it('issues a delegated Graph access token (scp, the user, no roles), which the calls API refuses', async () => {
    const claims = decodeJwt(signedIn.result.accessToken);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${TENANT}/`,
      appid: emulator.appId,
      idtyp: 'user',
      scp: 'User.Read',
      oid: avery.id,
      upn: 'avery@contoso.example',
      tid: TENANT,
    });
    expect(claims.roles).toBeUndefined();
    expect(decodeProtectedHeader(signedIn.result.accessToken).alg).toBe('RS256');
    const res = await fetch(`${emulator.urls.graph}/communications/calls`, { headers: { Authorization: `Bearer ${signedIn.result.accessToken}` } });
    expect(res.status).toBe(403);
  });

  it('refreshes the tokens with the refresh token msal-node cached (offline_access)', async () => {
    const msal = msalFor(emulator);
    const first = await signInWithMsal('Pat Publisher', { msal });
    const refreshed = await msal.acquireTokenSilent({ account: first.result.account!, scopes: ['User.Read'], forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(first.result.accessToken);
    expect(refreshed.idTokenClaims).toMatchObject({ name: 'Pat Publisher', roles: ['Flows.Read', 'Flows.Edit', 'Flows.Publish'] });
    expect(refreshed.idTokenClaims).not.toHaveProperty('nonce');
  });
});

describe('simulated users', () => {
  it("keeps a user's oid across the apps of the tenant while sub is pairwise, per app", async () => {
    const other = msalFor(emulator, { appId: SECOND_APP, secret: emulator.apps[1].secret, tenantId: TENANT });
    const { result } = await signInWithMsal('Avery Analyst', { msal: other });
    expect(result.idTokenClaims).toMatchObject({ aud: SECOND_APP, oid: avery.id, roles: ['Flows.Read', 'Flows.Edit'] });
    const own = await signInWithMsal('Avery Analyst');
    const sub = (r: AuthenticationResult) => (r.idTokenClaims as { sub: string }).sub;
    expect(sub(own.result)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sub(own.result)).not.toBe(sub(result));
  });

  it('lists the default users with stable object ids over the people API', async () => {
    const users = await emulator.people.users();
    expect(users.map((u) => [u.displayName, u.userPrincipalName, u.roles])).toEqual([
      ['Rey Reader', 'rey@contoso.example', ['Flows.Read']],
      ['Avery Analyst', 'avery@contoso.example', ['Flows.Read', 'Flows.Edit']],
      ['Pat Publisher', 'pat@contoso.example', ['Flows.Read', 'Flows.Edit', 'Flows.Publish']],
      ['Olivia Operator', 'olivia@contoso.example', ['Calls.Operate']],
      ['Ada Admin', 'ada@contoso.example', ['Admin']],
    ]);
    expect(users.map((u) => u.id)).toEqual(DEFAULT_USERS.map((u) => u.id));
    expect(users.every((u) => u.tenantId === TENANT)).toBe(true);
  });
});

describe('the emulator log', () => {
  it('records sign-ins and code redemptions without codes, states, nonces, tokens or secrets', async () => {
    const { result, redirect, nonce } = await signInWithMsal('Rey Reader');
    const text = log.join('\n');
    expect(text).toContain(`sign-in ${emulator.appId}@${TENANT} as rey@contoso.example: code issued`);
    expect(text).toContain(`token request ${emulator.appId}@${TENANT} (authorization_code): 200`);
    for (const secret of [redirect.searchParams.get('code')!, redirect.searchParams.get('state')!, nonce, result.accessToken, result.idToken, emulator.secret])
      expect(text).not.toContain(secret);
  });
});
