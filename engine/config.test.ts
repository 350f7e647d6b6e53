import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults without any variable', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 3978,
      publicUrl: 'http://localhost:3978',
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      notificationOpenIdUrl: 'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration',
      store: { kind: 'sqlite', path: resolve('data/callflow.db') },
      retentionMs: 7 * 24 * 60 * 60_000,
      httpAllowlist: [],
      keepAliveMs: 15 * 60_000,
      tracePii: 'keep',
    });
    expect(config.azure).toBeUndefined();
    expect(config.keyVault).toBeUndefined();
    expect(config.secretsFile).toBeUndefined();
  });

  it('reads where secrets come from, without their values', () => {
    const config = parseConfig({
      CALLFLOW_SECRET_CRM_API_KEY: 'value',
      CALLFLOW_SECRETS_FILE: 'run/secrets',
      CALLFLOW_KEYVAULT_URL: 'https://contoso-ivr.vault.azure.net/',
      CALLFLOW_KEYVAULT_CACHE_SECONDS: '60',
      CALLFLOW_TRACE_PII: 'mask',
    });
    expect(config).toMatchObject({
      secretsFile: resolve('run/secrets'),
      keyVault: { url: 'https://contoso-ivr.vault.azure.net', cacheMs: 60_000 },
      tracePii: 'mask',
    });
    expect(JSON.stringify(config)).not.toContain('value');
    expect(() => parseConfig({ 'CALLFLOW_SECRET_BAD-NAME': 'x', CALLFLOW_TRACE_PII: 'hide', CALLFLOW_KEYVAULT_URL: 'http://vault.local' })).toThrow(
      /CALLFLOW_KEYVAULT_URL: 'http:\/\/vault.local' must use https[\s\S]*CALLFLOW_TRACE_PII: 'hide' is not keep or mask[\s\S]*CALLFLOW_SECRET_BAD-NAME: a secret's name/,
    );
  });

  it('takes the keepAlive interval in minutes, fractions included', () => {
    expect(parseConfig({ CALLFLOW_KEEPALIVE_MINUTES: '0.5' }).keepAliveMs).toBe(30_000);
    expect(parseConfig({ CALLFLOW_KEEPALIVE_MINUTES: '44' }).keepAliveMs).toBe(44 * 60_000);
    for (const wrong of ['0.05', '45', '-1', '1e1', 'soon'])
      expect(() => parseConfig({ CALLFLOW_KEEPALIVE_MINUTES: wrong })).toThrow(`CALLFLOW_KEEPALIVE_MINUTES: '${wrong}' is not a number of minutes`);
  });

  it('reads each kind of store', () => {
    expect(parseConfig({ CALLFLOW_STORE: 'memory:' }).store).toEqual({ kind: 'memory' });
    expect(parseConfig({ CALLFLOW_STORE: 'sqlite:/var/lib/callflow/calls.db' }).store).toEqual({ kind: 'sqlite', path: '/var/lib/callflow/calls.db' });
    expect(parseConfig({ CALLFLOW_STORE: 'redis://10.0.0.5:6379/2' }).store).toEqual({ kind: 'redis', url: 'redis://10.0.0.5:6379/2' });
    expect(() => parseConfig({ CALLFLOW_STORE: 'sqlite:' })).toThrow(/names no database file/);
    expect(() => parseConfig({ CALLFLOW_RETENTION_HOURS: '0' })).toThrow(/CALLFLOW_RETENTION_HOURS/);
  });

  it('reads the Azure registration with its authority host', () => {
    const config = parseConfig({
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 's',
      AZURE_AUTHORITY_HOST: 'https://login.example.com/',
      CALLFLOW_HTTP_ALLOWLIST: 'crm.contoso.com, *.Example.org, localhost:8080, [::1]:9000',
    });
    expect(config.azure).toEqual({ tenantId: 't', clientId: 'c', clientSecret: 's', authorityHost: 'https://login.example.com' });
    expect(config.httpAllowlist).toEqual(['crm.contoso.com', '*.example.org', 'localhost:8080', '[::1]:9000']);
  });

  it('reads a clock offset in signed milliseconds, 0 without one, and refuses anything else', () => {
    expect(parseConfig({}).clockOffsetMs).toBe(0);
    expect(parseConfig({ CALLFLOW_CLOCK_OFFSET_MS: '-3600000' }).clockOffsetMs).toBe(-3_600_000);
    expect(parseConfig({ CALLFLOW_CLOCK_OFFSET_MS: '+31536000000' }).clockOffsetMs).toBe(31_536_000_000);
    for (const bad of ['1h', '1.5', '2026-12-25T15:00:00Z', '9999999999999']) {
      expect(() => parseConfig({ CALLFLOW_CLOCK_OFFSET_MS: bad })).toThrow(
        `CALLFLOW_CLOCK_OFFSET_MS: '${bad}' is not a whole number of milliseconds within ±100 years (3155760000000)`,
      );
    }
  });

  it('reports every bad variable at once, each with what to write instead', () => {
    let error: ConfigError | undefined;
    try {
      parseConfig({
        PORT: 'eighty',
        AZURE_CLIENT_ID: 'c',
        GRAPH_BASE_URL: 'http://graph.local/v1.0',
        CALLFLOW_STORE: 'postgres://db',
        CALLFLOW_NOTIFICATION_OPENID_URL: 'http://keys.example.com/openid',
        CALLFLOW_HTTP_ALLOWLIST: 'ok.com,bad host',
        CALLFLOW_KEEPALIVE_MINUTES: '60',
        CALLFLOW_ADMIN_TOKEN: 'short',
      });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      "PORT: 'eighty' is not a whole number from 0 to 65535",
      "GRAPH_BASE_URL: 'http://graph.local/v1.0' must use https (msal-node and graph-client refuse plain http)",
      "CALLFLOW_NOTIFICATION_OPENID_URL: 'http://keys.example.com/openid' must use https (plain http only for localhost)",
      "AZURE_TENANT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH: missing — set the tenant, the client and a credential (the bot's app registration) or none",
      "CALLFLOW_KEEPALIVE_MINUTES: '60' is not a number of minutes from 0.1 to 44",
      "CALLFLOW_STORE: 'postgres://db' is not a store; use 'memory:', 'sqlite:<path>' or 'redis://host:port'",
      "CALLFLOW_HTTP_ALLOWLIST: 'bad host' is not a host name, 'host:port', '*.domain' or '*'",
      'CALLFLOW_ADMIN_TOKEN: use at least 16 characters',
    ]);
  });
});
