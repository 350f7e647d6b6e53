/**
 * Certificate credentials end to end through the engine's own token provider (the real msal-node,
 * configured from AZURE_CLIENT_CERTIFICATE_PATH by parseConfig) against the emulator's token
 * endpoint, with certificates made by openssl: the registered certificate gets a Graph token, an
 * encrypted key works with its password, a certificate the app does not have is refused with
 * AADSTS700027, the certificate wins over a (here wrong) secret, and the private key appears in no log line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config.ts';
import { startEmulator, type RunningEmulator } from '../../engine/emulator/index.ts';
import { GraphTokenProvider } from '../../engine/graph/auth/graph-token-provider.ts';
import { createLogger } from '../../engine/session/logger.ts';
import { EMULATOR_TEST_DATA_DIR } from '../helpers/emulator-global-setup.ts';

const dir = mkdtempSync(join(tmpdir(), 'callflow-cert-'));
/** A self-signed certificate and its key in one PEM file (the key encrypted when `password` is given). */
function certificateFile(name: string, password?: string): { file: string; certificate: string; key: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`);
  if (password) run('pkcs8', '-topk8', '-in', `${name}.key`, '-out', `${name}.enc.key`, '-passout', `pass:${password}`, '-v2', 'aes-256-cbc');
  const key = readFileSync(join(dir, password ? `${name}.enc.key` : `${name}.key`), 'utf8');
  const certificate = readFileSync(join(dir, `${name}.crt`), 'utf8');
  const file = join(dir, `${name}.pem`);
  writeFileSync(file, `${key}${certificate}`);
  return { file, certificate, key: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

const registered = certificateFile('registered');
const encrypted = certificateFile('encrypted', 'correct horse battery');
const stranger = certificateFile('stranger');
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    dataDir: EMULATOR_TEST_DATA_DIR,
    apps: [{ appId: 'cert-app', tenantId: 'cert-tenant', secret: 'the-real-secret-0123', certificates: [registered.certificate, encrypted.certificate] }],
  });
});
afterAll(async () => {
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function provider(env: Record<string, string>, log?: PassThrough): GraphTokenProvider {
  const config = parseConfig({
    AZURE_TENANT_ID: 'cert-tenant',
    AZURE_CLIENT_ID: 'cert-app',
    AZURE_AUTHORITY_HOST: emulator.urls.base,
    ...env,
  });
  return new GraphTokenProvider(config.azure!, { logger: log ? createLogger('debug', log) : undefined });
}

describe('a certificate credential', () => {
  it('gets a Graph token from the emulator with the registered certificate, preferred over a wrong secret', async () => {
    const log = new PassThrough();
    const lines: string[] = [];
    log.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const token = await provider({ AZURE_CLIENT_CERTIFICATE_PATH: registered.file, AZURE_CLIENT_SECRET: 'not-the-secret-at-all' }, log).getAccessToken();
    expect(decodeJwt(token)).toMatchObject({ appid: 'cert-app', tid: 'cert-tenant', aud: 'https://graph.microsoft.com' });
    const keyBody = registered.key.split('\n')[1]!;
    expect(lines.join('')).not.toContain(keyBody);
  });

  it('decrypts an encrypted key with AZURE_CLIENT_CERTIFICATE_PASSWORD', async () => {
    const token = await provider({
      AZURE_CLIENT_CERTIFICATE_PATH: encrypted.file,
      AZURE_CLIENT_CERTIFICATE_PASSWORD: 'correct horse battery',
    }).getAccessToken();
    expect(decodeJwt(token).appid).toBe('cert-app');
  });

  it('is refused with AADSTS700027 when the app has no such certificate', async () => {
    await expect(provider({ AZURE_CLIENT_CERTIFICATE_PATH: stranger.file }).getAccessToken()).rejects.toThrow(
      /AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application/,
    );
  });

  it('names the file, never the key, when the password is wrong or missing', () => {
    const wrong = () =>
      parseConfig({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE_PATH: encrypted.file, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'nope' });
    expect(wrong).toThrow(/AZURE_CLIENT_CERTIFICATE_PATH: the key or certificate in '.*encrypted\.pem' cannot be read/);
    expect(() => parseConfig({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE_PATH: encrypted.file })).toThrow(
      /AZURE_CLIENT_CERTIFICATE_PASSWORD: the private key in .* is encrypted/,
    );
  });
});
