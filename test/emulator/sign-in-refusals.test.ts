import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CryptoProvider, type ConfidentialClientApplication } from '@azure/msal-node';
import { startEmulator, type RunningEmulator } from '../../engine/emulator/index.ts';
import { EMULATOR_TEST_DATA_DIR } from '../helpers/emulator-global-setup.ts';
import { msalFor } from '../helpers/emulator-graph.ts';
import { openLoginPage, press, redirectOf, signIn } from '../helpers/emulator-sign-in.ts';

const REDIRECT_URI = 'http://localhost:3000/auth/callback';
const WEB_APP = '6a1b3c5d-7e9f-4a2b-8c4d-6e8f0a2b4c16';
const TENANT = '8c2d4e6f-0a1b-4c3d-9e5f-7a9b1c3d5e17';

let emulator: RunningEmulator;
let authorize: string;
beforeAll(async () => {
  emulator = await startEmulator({
    dataDir: EMULATOR_TEST_DATA_DIR,
    apps: [
      { displayName: 'Callflow Studio', tenantId: TENANT },
      { displayName: 'Hosted web app', tenantId: TENANT, appId: WEB_APP, redirectUris: ['https://app.contoso.example:8443/signin-oidc'] },
    ],
    users: [
      { displayName: 'Sam Support', userPrincipalName: 'sam@fabrikam.example', roles: ['Flows.Read'], appRoles: { [WEB_APP]: ['Flows.Publish'] } },
      { displayName: 'Nina Noroles', userPrincipalName: 'nina@fabrikam.example' },
    ],
  });
  authorize = `${emulator.urls.authority}/oauth2/v2.0/authorize`;
});
afterAll(() => emulator.stop());

/** An authorize URL of the first app with `params` on top of a valid code request. */
function authorizeUrl(params: Record<string, string | undefined> = {}, base = authorize): string {
  const query = {
    client_id: emulator.appId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile offline_access',
    state: 's-1',
    ...params,
  };
  const url = new URL(base);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}

/** A code for Sam from a PKCE request, with its verifier. */
async function codeWithPkce(msal: ConfidentialClientApplication = msalFor(emulator)): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const url = await msal.getAuthCodeUrl({ scopes: [], redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: 'S256' });
  return { code: (await signIn(url, 'Sam Support')).searchParams.get('code')!, verifier };
}

async function msalError(promise: Promise<unknown>): Promise<{ errorCode: string; errorMessage: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode: string; errorMessage: string };
  }
  throw new Error('expected msal-node to fail');
}

/** GETs a URL that must answer an error page, not a redirect; returns the page. */
async function errorPage(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(400);
  expect(res.headers.get('location')).toBeNull();
  return res.text();
}

describe('code redemption refusals', () => {
  it('refuses a wrong PKCE verifier with AADSTS501481, then still redeems the right one', async () => {
    const msal = msalFor(emulator);
    const { code, verifier } = await codeWithPkce(msal);
    const wrong = await msalError(msal.acquireTokenByCode({ code, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: `${verifier.slice(1)}x` }));
    expect(wrong.errorCode).toBe('invalid_grant');
    expect(wrong.errorMessage).toContain('AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    const missing = await msalError(msal.acquireTokenByCode({ code, scopes: [], redirectUri: REDIRECT_URI }));
    expect(missing.errorMessage).toContain('AADSTS501481');
    const result = await msal.acquireTokenByCode({ code, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: verifier });
    expect(result.idTokenClaims).toMatchObject({ name: 'Sam Support', roles: ['Flows.Read'] });
  });

  it('refuses a code redeemed twice with AADSTS54005', async () => {
    const msal = msalFor(emulator);
    const { code, verifier } = await codeWithPkce(msal);
    await msal.acquireTokenByCode({ code, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: verifier });
    const again = await msalError(msal.acquireTokenByCode({ code, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: verifier }));
    expect([again.errorCode, again.errorMessage]).toEqual([
      'invalid_grant',
      expect.stringContaining('AADSTS54005: OAuth2 Authorization code was already redeemed'),
    ]);
  });

  it('refuses an expired code with AADSTS70008', async () => {
    const shortLived = await startEmulator({ dataDir: EMULATOR_TEST_DATA_DIR, apps: [{ tenantId: TENANT }], authorizationCodeLifetimeSeconds: 0.3 });
    try {
      const msal = msalFor(shortLived);
      const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
      const url = await msal.getAuthCodeUrl({ scopes: [], redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: 'S256' });
      const code = (await signIn(url, 'Ada Admin')).searchParams.get('code')!;
      await new Promise((done) => setTimeout(done, 400));
      const expired = await msalError(msal.acquireTokenByCode({ code, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: verifier }));
      expect(expired.errorMessage).toContain('AADSTS70008: The provided authorization code or refresh token has expired');
    } finally {
      await shortLived.stop();
    }
  });

  it('refuses another redirect_uri than the one the code was issued for (AADSTS500112), another app (AADSTS70000) and a mangled code', async () => {
    const msal = msalFor(emulator);
    const { code, verifier } = await codeWithPkce(msal);
    const moved = await msalError(msal.acquireTokenByCode({ code, scopes: [], redirectUri: 'http://localhost:4000/auth/callback', codeVerifier: verifier }));
    expect(moved.errorMessage).toContain(
      "AADSTS500112: The reply address 'http://localhost:4000/auth/callback' does not match the reply address 'http://localhost:3000/auth/callback'",
    );
    const other = msalFor(emulator, { appId: WEB_APP, secret: emulator.apps[1].secret });
    const stolen = await msalError(other.acquireTokenByCode({ code, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: verifier }));
    expect(stolen.errorMessage).toContain("AADSTS70000: The provided value for the 'code' parameter is not valid.");
    const mangled = await msalError(msal.acquireTokenByCode({ code: 'not-a-code', scopes: [], redirectUri: REDIRECT_URI, codeVerifier: verifier }));
    expect(mangled.errorMessage).toContain('AADSTS9002313');
  });

  it('still requires the client secret of a confidential client', async () => {
    const { code, verifier } = await codeWithPkce();
    const res = await fetch(`${emulator.urls.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: emulator.appId, code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
    });
    expect([res.status, ((await res.json()) as { error_codes: number[] }).error_codes]).toEqual([401, [7000218]]);
  });
});

describe('authorization requests that are never redirected', () => {
  it('shows AADSTS50011 for a redirect URI the app did not register', async () => {
    const page = await errorPage(authorizeUrl({ redirect_uri: 'https://evil.example/auth/callback' }));
    expect(page).toContain(`AADSTS50011: The redirect URI &#39;https://evil.example/auth/callback&#39; specified in the request does not match`);
    expect(page).toContain(emulator.appId);
  });

  it('shows AADSTS700016 for an unknown client and AADSTS90002 for an unknown tenant', async () => {
    expect(await errorPage(authorizeUrl({ client_id: '11111111-2222-3333-4444-555555555555' }))).toContain('AADSTS700016');
    const elsewhere = `${emulator.urls.base}/99999999-2222-3333-4444-555555555555/oauth2/v2.0/authorize`;
    expect(await errorPage(authorizeUrl({}, elsewhere))).toContain('AADSTS90002');
  });

  it('ignores the port of loopback redirect URIs only', async () => {
    for (const uri of ['http://localhost:5173/auth/callback', 'http://localhost/auth/callback', 'http://127.0.0.1:49152/auth/callback']) {
      const redirect = await signIn(authorizeUrl({ redirect_uri: uri }), 'Sam Support');
      expect(redirect.href.startsWith(`${uri}?code=`)).toBe(true);
    }
    for (const uri of [
      'http://localhost:5173/auth/callback/',
      'http://localhost:5173/Auth/callback',
      'https://localhost:5173/auth/callback',
      'http://[::1]:5173/auth/callback',
    ])
      expect(await errorPage(authorizeUrl({ redirect_uri: uri }))).toContain('AADSTS50011');
    const web = { client_id: WEB_APP, redirect_uri: 'https://app.contoso.example:9443/signin-oidc' };
    expect(await errorPage(authorizeUrl(web))).toContain('AADSTS50011');
    const page = await openLoginPage(authorizeUrl({ ...web, redirect_uri: 'https://app.contoso.example:8443/signin-oidc' }));
    expect(page.html).toContain('Hosted web app');
  });
});

describe('authorization requests refused back to the app', () => {
  const refusal = async (params: Record<string, string>) => {
    const res = await fetch(authorizeUrl(params), { redirect: 'manual' });
    const location = redirectOf(res);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    return Object.fromEntries(location.searchParams);
  };

  it('answers a cancelled sign-in with access_denied and AADSTS65004', async () => {
    const { form } = await openLoginPage(authorizeUrl({ state: 'keep-me' }));
    const location = redirectOf(await press(form, 'Cancel'));
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: 'access_denied', state: 'keep-me' });
    expect(location.searchParams.get('error_description')).toMatch(/^AADSTS65004: User declined to consent to access the app\.\r\nTrace ID: /);
    expect(location.searchParams.has('code')).toBe(false);
    // The page's request is spent: posting it again is refused on a page.
    const again = await press(form, 'Sam Support');
    expect([again.status, await again.text()]).toEqual([400, expect.stringContaining('AADSTS50089')]);
  });

  it('refuses implicit response types, a wrong challenge size and prompt=none (no session is kept)', async () => {
    expect(await refusal({ response_type: 'id_token' })).toMatchObject({ error: 'unsupported_response_type', state: 's-1' });
    expect((await refusal({ code_challenge: 'too-short', code_challenge_method: 'S256' })).error_description).toMatch(/^AADSTS501491/);
    expect(await refusal({ prompt: 'none' })).toMatchObject({ error: 'login_required', error_uri: 'https://login.microsoftonline.com/error?code=50058' });
    expect((await refusal({ scope: '' })).error_description).toMatch(/^AADSTS900144: The request body must contain the following parameter: 'scope'/);
  });
});

describe('the login page', () => {
  it('lists the tenant users as buttons named by display name, the login_hint first and focused', async () => {
    const { form } = await openLoginPage(authorizeUrl({ login_hint: 'nina@fabrikam.example' }));
    expect(form.buttons.map((b) => [b.label, b.name, b.autofocus])).toEqual([
      ['Nina Noroles', 'login', true],
      ['Sam Support', 'login', false],
      ['Cancel', 'cancel', false],
    ]);
    expect(Object.keys(form.hidden)).toEqual(['ctx']);
    expect(form.action).toBe(`${emulator.urls.authority}/login`);
  });

  it('signs in a user without app roles without a roles claim, and per-app roles where assigned', async () => {
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const nonce = randomUUID();
    const msal = msalFor(emulator);
    const url = await msal.getAuthCodeUrl({ scopes: [], redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: 'S256', nonce });
    const code = (await signIn(url, 'Nina Noroles')).searchParams.get('code')!;
    const nina = await msal.acquireTokenByCode({ code, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: verifier, nonce });
    expect(nina.idTokenClaims).toMatchObject({ name: 'Nina Noroles' });
    expect(nina.idTokenClaims).not.toHaveProperty('roles');
    expect((await emulator.people.users(WEB_APP)).map((u) => u.roles)).toEqual([['Flows.Publish'], []]);
  });

  it('posts the code with response_mode=form_post', async () => {
    const { form } = await openLoginPage(authorizeUrl({ response_mode: 'form_post' }));
    const res = await press(form, 'Sam Support');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`<form method="post" action="${REDIRECT_URI}">`);
    expect(html).toMatch(/<input type="hidden" name="code" value="0\.[\w-]+">/);
    expect(html).toContain('<input type="hidden" name="state" value="s-1">');
  });
});

describe('sign-out', () => {
  it('redirects to a registered post_logout_redirect_uri, else shows the signed-out page', async () => {
    const endpoint = `${emulator.urls.authority}/oauth2/v2.0/logout`;
    const back = await fetch(`${endpoint}?post_logout_redirect_uri=${encodeURIComponent('http://localhost:3000/auth/callback')}`, { redirect: 'manual' });
    expect([back.status, back.headers.get('location')]).toEqual([302, 'http://localhost:3000/auth/callback']);
    for (const query of ['', `?post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`]) {
      const page = await fetch(`${endpoint}${query}`, { redirect: 'manual' });
      expect([page.status, page.headers.get('location')]).toEqual([200, null]);
      expect(await page.text()).toContain('You signed out of your account');
    }
  });
});
