/**
 * The engine's Key Vault source against the emulator's Key Vault stand-in, through Microsoft's own
 * SDK (@azure/keyvault-secrets with @azure/identity's ClientSecretCredential) over HTTPS: the
 * challenge (401 without a token, naming the authority and resource), a token for
 * https://vault.azure.net/.default from the emulated Entra ID, a secret read and cached, a missing
 * secret, a token for another resource (401) and an app without access (403).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSecretCredential, type AccessToken, type TokenCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { startEmulator, type RunningEmulator } from '../../engine/emulator/index.ts';
import { appCredential } from '../../engine/node/app-credential.ts';
import { KeyVaultSecrets } from '../../engine/secrets/keyvault-secrets.ts';
import { createSecrets } from '../../engine/secrets/secrets.ts';
import { EMULATOR_TEST_DATA_DIR } from '../helpers/emulator-global-setup.ts';

let emulator: RunningEmulator;
const TENANT = '3f1c2b4a-5d6e-4f70-8192-a3b4c5d6e7f8';
const reader = { tenantId: TENANT, appId: '6a9e3b2c-1d4f-4e8a-9b7c-0f1e2d3c4b5a', secret: 'reader~secret-value-1234567890', displayName: 'Reader bot' };
const outsider = { tenantId: TENANT, appId: '7b0f4c3d-2e5a-4f9b-8c6d-1a2b3c4d5e6f', secret: 'outsider~secret-value-123456789', displayName: 'Other app' };
const credentialOf = (app: { appId: string; secret: string }, secret = app.secret) =>
  appCredential({ tenantId: emulator.tenantId, clientId: app.appId, clientSecret: secret, authorityHost: emulator.urls.base });
let clock = Date.now();

beforeAll(async () => {
  emulator = await startEmulator({
    dataDir: EMULATOR_TEST_DATA_DIR,
    apps: [reader, outsider],
    keyVault: { secrets: { 'CRM-API-KEY': 'kv-crm-key-value-1' }, readers: [reader.appId] },
  });
});
afterAll(() => emulator.stop());

describe('the Key Vault stand-in', () => {
  it('answers a request without a token with the challenge Key Vault sends', async () => {
    const response = await fetch(`${emulator.urls.keyVault}/secrets/CRM-API-KEY?api-version=7.4`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer authorization="${emulator.urls.base}/${emulator.tenantId}", resource="https://vault.azure.net"`,
    );
    expect(await response.json()).toEqual({ error: { code: 'Unauthorized', message: 'Request is missing a Bearer or PoP token.' } });
  });

  it('serves the latest version and a named one to the real SDK (which needs disableChallengeResourceVerification off Azure)', async () => {
    const credential = new ClientSecretCredential(emulator.tenantId, reader.appId, reader.secret, {
      authorityHost: emulator.urls.base,
      disableInstanceDiscovery: true,
    });
    const strict = new SecretClient(emulator.urls.keyVault, credential);
    await expect(strict.getSecret('CRM-API-KEY')).rejects.toThrow(/does not match the requested domain/);
    const client = new SecretClient(emulator.urls.keyVault, credential, { disableChallengeResourceVerification: true });
    const first = await client.getSecret('CRM-API-KEY');
    emulator.vault.set('CRM-API-KEY', 'kv-crm-key-value-2');
    expect((await client.getSecret('crm-api-key')).value).toBe('kv-crm-key-value-2');
    expect(first).toMatchObject({ name: 'CRM-API-KEY', value: 'kv-crm-key-value-1', properties: { enabled: true, vaultUrl: emulator.urls.keyVault } });
    expect((await client.getSecret('CRM-API-KEY', { version: first.properties.version })).value).toBe('kv-crm-key-value-1');
    emulator.vault.set('CRM-API-KEY', 'kv-crm-key-value-1');
  });
});

describe("the engine's Key Vault source", () => {
  it('reads a secret (CRM_API_KEY is the vault’s CRM-API-KEY) and keeps it for the cache time', async () => {
    const source = new KeyVaultSecrets({ vaultUrl: emulator.urls.keyVault, credential: credentialOf(reader), cacheMs: 60_000, now: () => clock });
    expect(await source.get('CRM_API_KEY')).toBe('kv-crm-key-value-1');
    const changed = await fetch(`${emulator.urls.base}/emulator/keyvault/secrets/CRM-API-KEY`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'rotated-value-123' }),
    });
    expect(changed.status).toBe(200);
    expect(await source.get('CRM_API_KEY')).toBe('kv-crm-key-value-1');
    clock += 61_000;
    expect(await source.get('CRM_API_KEY')).toBe('rotated-value-123');
  });

  it('answers undefined for a secret the vault does not have', async () => {
    const source = new KeyVaultSecrets({ vaultUrl: emulator.urls.keyVault, credential: credentialOf(reader), cacheMs: 0 });
    expect(await source.get('NOT_THERE')).toBeUndefined();
  });

  it('fails with the status when the app may not read the vault (403), without a value', async () => {
    const source = new KeyVaultSecrets({ vaultUrl: emulator.urls.keyVault, credential: credentialOf(outsider), cacheMs: 0 });
    await expect(source.get('CRM_API_KEY')).rejects.toThrow(`Key Vault ${emulator.urls.keyVault} answered 403 (Forbidden)`);
  });

  it('says why when no token can be had, naming no secret', async () => {
    const source = new KeyVaultSecrets({ vaultUrl: emulator.urls.keyVault, credential: credentialOf(reader, 'wrong'), cacheMs: 0 });
    await expect(source.get('CRM_API_KEY')).rejects.toThrow(
      `Key Vault ${emulator.urls.keyVault} could not be asked: AuthenticationRequiredError AADSTS7000215`,
    );
  });

  it('is refused with 401 for a token issued for another resource', async () => {
    const graphToken: TokenCredential = {
      getToken: async (): Promise<AccessToken> => ({
        token: await emulator.issueAccessToken({ appId: reader.appId }),
        expiresOnTimestamp: Date.now() + 3_600_000,
      }),
    };
    const client = new SecretClient(emulator.urls.keyVault, graphToken, { disableChallengeResourceVerification: true });
    await expect(client.getSecret('CRM-API-KEY')).rejects.toMatchObject({ statusCode: 401, code: 'Unauthorized' });
  });

  it('comes after the environment and the file in the engine’s secrets', async () => {
    const secrets = createSecrets({
      env: { CALLFLOW_SECRET_CRM_API_KEY: 'from-env-123456' },
      keyVault: { url: emulator.urls.keyVault, cacheMs: 0, credential: credentialOf(reader) },
    });
    expect(await secrets.get('CRM_API_KEY')).toBe('from-env-123456');
    emulator.vault.set('ONLY-IN-VAULT', 'vault-only-value-1');
    expect(await secrets.get('ONLY_IN_VAULT')).toBe('vault-only-value-1');
    expect(secrets.knownValues()).toContain('vault-only-value-1');
  });
});
