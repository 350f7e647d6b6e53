/**
 * The engine proven by a certificate: `callflow serve` with AZURE_CLIENT_CERTIFICATE_PATH (and a
 * wrong AZURE_CLIENT_SECRET beside it, which the certificate overrides) gets its Graph tokens from
 * the emulator with client assertions and answers calls; the private key is in none of its log lines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dialIn, warmUp } from './calls.ts';
import { startStack, type Stack } from './stack.ts';

const dir = mkdtempSync(join(tmpdir(), 'callflow-e2e-cert-'));
let stack: Stack;
let keyBody: string;
beforeAll(async () => {
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=callflow e2e bot', '-keyout', 'bot.key', '-out', 'bot.crt'],
    {
      cwd: dir,
      stdio: 'pipe',
    },
  );
  execFileSync('sh', ['-c', 'cat bot.key bot.crt > bot.pem'], { cwd: dir });
  keyBody = readFileSync(join(dir, 'bot.key'), 'utf8').split('\n')[1]!;
  stack = await startStack({
    speed: 10,
    appCertificates: [readFileSync(join(dir, 'bot.crt'), 'utf8')],
    env: { AZURE_CLIENT_CERTIFICATE_PATH: join(dir, 'bot.pem'), AZURE_CLIENT_SECRET: 'e2e~a-wrong-secret-the-certificate-overrides' },
  });
  await warmUp(stack);
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('answers a call with Graph tokens got by its certificate, and logs no part of the key', async () => {
  const call = await dialIn(stack, 'main-menu');
  const state = await stack.people.waitForState(call.emulatorCallId, 'established');
  expect(state.state).toBe('established');
  await stack.people.hangUp(call.emulatorCallId);
  const lines = stack.engineLog().map((line) => JSON.stringify(line));
  expect(lines.some((line) => line.includes('"graph.response"') && line.includes('"status":202'))).toBe(true);
  expect(lines.filter((line) => line.includes(keyBody))).toEqual([]);
  expect(lines.filter((line) => /invalid_client|AADSTS/.test(line))).toEqual([]);
});
