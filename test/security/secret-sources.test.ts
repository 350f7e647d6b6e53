/**
 * Where secret values come from, in order: the environment, CALLFLOW_SECRETS_FILE (a JSON object or
 * a folder of files, as Docker and Kubernetes mount secrets), then Key Vault (keyvault.test.ts).
 * Errors name the source and the secret, never a value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecrets, Secrets } from '../../engine/secrets/secrets.ts';
import { FileSecrets } from '../../engine/secrets/file-secrets.ts';
import { fillSecrets, withoutSecrets } from '../../engine/session/effects/secret-fill.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'callflow-secret-files-'));
  mkdirSync(join(dir, 'mounted'));
  writeFileSync(join(dir, 'mounted', 'CRM_KEY'), 'from-folder\n');
  writeFileSync(join(dir, 'mounted', 'ONLY_FILE'), 'only-in-folder');
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ CRM_KEY: 'from-json', NUMBER: 5 }));
  writeFileSync(join(dir, 'broken.json'), '{"CRM_KEY": "half-a-value');
  writeFileSync(join(dir, 'outside'), 'not a secret of the folder');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secret sources', () => {
  it('takes the environment first, then the file', async () => {
    const secrets = createSecrets({ env: { CALLFLOW_SECRET_CRM_KEY: 'from-env' }, file: join(dir, 'mounted') });
    expect(await secrets.get('CRM_KEY')).toBe('from-env');
    expect(await secrets.get('ONLY_FILE')).toBe('only-in-folder');
    expect(await secrets.get('NOWHERE')).toBeUndefined();
    expect(secrets.labels).toEqual(['the environment (CALLFLOW_SECRET_<NAME>)', `CALLFLOW_SECRETS_FILE ${join(dir, 'mounted')}`]);
  });

  it('reads a folder of files (one trailing line break dropped) and a JSON object', async () => {
    expect(await new FileSecrets(join(dir, 'mounted')).get('CRM_KEY')).toBe('from-folder');
    expect(await new FileSecrets(join(dir, 'secrets.json')).get('CRM_KEY')).toBe('from-json');
    expect(await new FileSecrets(join(dir, 'secrets.json')).get('MISSING')).toBeUndefined();
  });

  it('never reads outside the folder and refuses names that are not secret names', async () => {
    const secrets = createSecrets({ env: {}, file: join(dir, 'mounted') });
    for (const name of ['../outside', '..', 'a/b', '', '1ABC']) expect(await secrets.get(name)).toBeUndefined();
  });

  it('fails with the source and the name, never with the content', async () => {
    const broken = new FileSecrets(join(dir, 'broken.json'));
    await expect(broken.get('CRM_KEY')).rejects.toThrow(
      `CALLFLOW_SECRETS_FILE ${join(dir, 'broken.json')} is not a JSON object of secret names and values (invalid JSON)`,
    );
    await expect(broken.get('CRM_KEY')).rejects.not.toThrow(/half-a-value/);
    await expect(new FileSecrets(join(dir, 'secrets.json')).get('NUMBER')).rejects.toThrow(': NUMBER is not a string');
    await expect(new FileSecrets(join(dir, 'gone')).get('X')).rejects.toThrow('cannot be read (ENOENT)');
  });

  it('knows every value in the environment and every value it handed out', async () => {
    const secrets = createSecrets({ env: { CALLFLOW_SECRET_A: 'env-value-1', OTHER: 'not-a-secret' }, file: join(dir, 'mounted') });
    expect(secrets.knownValues()).toEqual(['env-value-1']);
    await secrets.get('ONLY_FILE');
    expect(secrets.knownValues().sort()).toEqual(['env-value-1', 'only-in-folder']);
  });
});

describe('filling a request', () => {
  const secrets = new Secrets([{ label: 'test', get: async (name) => ({ KEY: 'k-123456789', PIN: '42' })[name] }]);
  const slotted = {
    url: 'https://crm/x?key={{secrets.KEY}}&also={{secrets.KEY}}',
    headers: { Authorization: 'Bearer {{secrets.KEY}}' },
    body: { pin: '{{secrets.PIN}}', note: '{{secrets.KEY}} typed by a caller' },
  };
  const slots = [
    { path: ['url'], at: 18, name: 'KEY' },
    { path: ['url'], at: 'https://crm/x?key={{secrets.KEY}}&also='.length, name: 'KEY' },
    { path: ['headers', 'Authorization'], at: 7, name: 'KEY' },
    { path: ['body', 'pin'], at: 0, name: 'PIN' },
  ];

  it('fills only the places the slots name, leaving look-alike text alone, and does not change the stored effect', async () => {
    const filled = await fillSecrets(slotted, slots, secrets);
    expect(filled).toEqual({
      request: {
        url: 'https://crm/x?key=k-123456789&also=k-123456789',
        headers: { Authorization: 'Bearer k-123456789' },
        body: { pin: '42', note: '{{secrets.KEY}} typed by a caller' },
      },
      values: ['k-123456789', '42'],
    });
    expect(slotted.url).toContain('{{secrets.KEY}}');
  });

  it('fails without a value for a secret nobody configured, or a slot with no placeholder', async () => {
    expect(await fillSecrets(slotted, [{ path: ['url'], at: 18, name: 'GONE' }], secrets)).toBe('secret GONE is not configured');
    expect(await fillSecrets(slotted, [{ path: ['url'], at: 3, name: 'KEY' }], secrets)).toBe('the request has no placeholder for secret KEY at url');
    expect(await fillSecrets(slotted, [{ path: ['url'], at: 18, name: 'KEY' }], undefined)).toBe('secret KEY is not configured');
    const failing = new Secrets([{ label: 'vault', get: async () => Promise.reject(new Error('Key Vault answered 403 (Forbidden)')) }]);
    expect(await fillSecrets(slotted, slots, failing)).toBe('secret KEY could not be read: Key Vault answered 403 (Forbidden)');
  });

  it('takes the secret values out of an answer that echoes them', () => {
    expect(withoutSecrets({ echo: ['got k-123456789'], pin: '42' }, ['k-123456789', '42'])).toEqual({ echo: ['got [secret]'], pin: '42' });
  });
});
