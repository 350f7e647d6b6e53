import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startEmulator } from '../../engine/emulator/index.ts';
import { EMULATOR_TEST_DATA_DIR } from '../helpers/emulator-global-setup.ts';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { msalFor } from '../helpers/emulator-graph.ts';

let f: EmulatorFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.stop());

async function msalError(promise: Promise<unknown>): Promise<{ errorCode: string; errorMessage: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode: string; errorMessage: string };
  }
  throw new Error('expected msal-node to fail');
}

const scopes = ['https://graph.microsoft.com/.default'];

describe('emulated Entra ID, driven by the real msal-node', () => {
  it('issues an app-only Graph token for client credentials', async () => {
    const result = await msalFor(f.emulator).acquireTokenByClientCredential({ scopes });
    const claims = decodeJwt(result!.accessToken);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${f.emulator.tenantId}/`,
      appid: f.emulator.appId,
      tid: f.emulator.tenantId,
      roles: expect.arrayContaining(['Calls.Initiate.All', 'Calls.AccessMedia.All']),
    });
    expect(claims.exp! - claims.iat!).toBeGreaterThan(3000);
  });

  it('refuses a wrong secret with the AAD error AADSTS7000215', async () => {
    const error = await msalError(msalFor(f.emulator, { secret: 'not-the-secret' }).acquireTokenByClientCredential({ scopes }));
    expect(error.errorCode).toBe('invalid_client');
    expect(error.errorMessage).toContain('AADSTS7000215: Invalid client secret provided');
  });

  it('refuses an unknown app (AADSTS700016) and an unknown tenant (AADSTS90002)', async () => {
    const unknownApp = await msalError(msalFor(f.emulator, { appId: '11111111-2222-3333-4444-555555555555' }).acquireTokenByClientCredential({ scopes }));
    expect(unknownApp.errorMessage).toContain('AADSTS700016');
    // As against Entra ID, the tenant's metadata cannot be resolved, which msal-node reports as such.
    const unknownTenant = await msalError(msalFor(f.emulator, { tenantId: '99999999-2222-3333-4444-555555555555' }).acquireTokenByClientCredential({ scopes }));
    expect(unknownTenant.errorCode).toBe('endpoints_resolution_error');
    const metadata = await fetch(`${f.emulator.urls.base}/99999999-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration`);
    expect(metadata.status).toBe(400);
    expect(((await metadata.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
  });

  it('answers the raw token endpoint with the AAD error body', async () => {
    const res = await fetch(`${f.emulator.urls.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: f.emulator.appId, client_secret: 'wrong', scope: scopes[0] }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215], error_uri: 'https://login.microsoftonline.com/error?code=7000215' });
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\..*\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: /s);
  });

  it('publishes the OpenID configuration and instance discovery msal-node reads', async () => {
    const config = (await (await fetch(`${f.emulator.urls.authority}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(config.token_endpoint).toBe(`${f.emulator.urls.authority}/oauth2/v2.0/token`);
    expect(config.issuer).toBe(`${f.emulator.urls.authority}/v2.0`);
    const keys = (await (await fetch(config.jwks_uri)).json()) as { keys: Array<Record<string, unknown>> };
    expect(keys.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', kid: expect.any(String), x5c: [expect.any(String)] });
    const discovery = (await (await fetch(`${f.emulator.urls.base}/common/discovery/instance?api-version=1.1`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ 'api-version': '1.1', tenant_discovery_endpoint: expect.stringContaining('/v2.0/.well-known/openid-configuration') });
  });
});

describe('HTTPS with a generated local CA', () => {
  it('serves only HTTPS, with a certificate for localhost, 127.0.0.1 and ::1 issued by the printed CA', async () => {
    await expect(fetch(`http://127.0.0.1:${f.emulator.port}/emulator`)).rejects.toThrow();
    const ca = new X509Certificate(readFileSync(f.emulator.caPath));
    const server = new X509Certificate(readFileSync(f.emulator.caPath.replace(/ca\.pem$/, 'server.pem')));
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(ca.ca).toBe(true);
  });

  it('reuses the CA across runs and hands a bot the environment it needs', async () => {
    const second = await startEmulator({ dataDir: EMULATOR_TEST_DATA_DIR, apps: [{ appId: 'a1', tenantId: 't1', secret: 's1' }] });
    try {
      expect(readFileSync(second.caPath, 'utf8')).toBe(readFileSync(f.emulator.caPath, 'utf8'));
      expect(second.env).toEqual({
        AZURE_TENANT_ID: 't1',
        AZURE_CLIENT_ID: 'a1',
        AZURE_CLIENT_SECRET: 's1',
        AZURE_AUTHORITY_HOST: second.urls.base,
        GRAPH_BASE_URL: `${second.urls.base}/v1.0`,
        CALLFLOW_NOTIFICATION_OPENID_URL: `${second.urls.base}/v1/.well-known/OpenIdConfiguration`,
        NODE_EXTRA_CA_CERTS: second.caPath,
        CALLFLOW_KEYVAULT_URL: second.urls.base,
        AZURE_SPEECH_ENDPOINT: `${second.urls.base}/speech`,
        AZURE_SPEECH_KEY: second.speech.keys[0],
        CALLFLOW_APP_INSTANCE_ID: second.apps[0].applicationInstanceId,
      });
    } finally {
      await second.stop();
    }
  });
});
