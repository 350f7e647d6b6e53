import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { EMULATOR_TEST_DATA_DIR } from '../helpers/emulator-global-setup.ts';

let child: ChildProcessWithoutNullStreams | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
});

/** Starts `callflow emulator` and resolves with its output once it printed the environment. */
function startCli(): Promise<string> {
  child = spawn(
    process.execPath,
    ['bin/callflow.js', 'emulator', '--port', '0', '--data-dir', EMULATOR_TEST_DATA_DIR, '--callback-uri', 'http://127.0.0.1:3978/api/calling'],
    { stdio: 'pipe' },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child!.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('NODE_EXTRA_CA_CERTS=')) resolve(output);
    });
    child!.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child!.on('exit', (code) => reject(new Error(`callflow emulator exited with ${code}: ${output}`)));
  });
}

describe('npx callflow emulator', () => {
  it('runs standalone, prints its URLs, CA, tenant, app id, secret and the bot environment, and stops on SIGTERM', async () => {
    const output = await startCli();
    const env = Object.fromEntries([...output.matchAll(/^([A-Z_]+)=(.+)$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(env)).toEqual([
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_AUTHORITY_HOST',
      'GRAPH_BASE_URL',
      'CALLFLOW_NOTIFICATION_OPENID_URL',
      'CALLFLOW_KEYVAULT_URL',
      'AZURE_SPEECH_ENDPOINT',
      'AZURE_SPEECH_KEY',
      'CALLFLOW_APP_INSTANCE_ID',
      'NODE_EXTRA_CA_CERTS',
    ]);
    for (const label of [
      'Graph',
      'authority (msal-node)',
      'notification OpenID',
      'people API',
      'Azure Speech',
      'CA certificate',
      'tenant',
      'app id',
      'secret',
      'bot calling webhook',
      'sign-in redirect URIs',
      'sign-in users',
    ])
      expect(output).toContain(`  ${label}`);
    expect(env.NODE_EXTRA_CA_CERTS).toBe(`${EMULATOR_TEST_DATA_DIR}/pki/ca.pem`);

    const openId = await fetch(env.CALLFLOW_NOTIFICATION_OPENID_URL);
    expect(((await openId.json()) as { issuer: string }).issuer).toBe('https://api.botframework.com');
    const msal = new ConfidentialClientApplication({
      auth: {
        clientId: env.AZURE_CLIENT_ID,
        clientSecret: env.AZURE_CLIENT_SECRET,
        authority: `${env.AZURE_AUTHORITY_HOST}/${env.AZURE_TENANT_ID}`,
        knownAuthorities: [new URL(env.AZURE_AUTHORITY_HOST).host],
      },
    });
    expect((await msal.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))?.accessToken).toMatch(/^ey/);

    child!.removeAllListeners('exit');
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
