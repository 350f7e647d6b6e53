/**
 * `npm start` without Azure credentials (the emulator in-process, its data under ./data/emulator,
 * the process re-run once to trust the emulator's CA) and `callflow call` against it, both as the
 * real commands in their own processes, started from an empty folder. A second call hears a prompt
 * given only as words (issue 17's acceptance): `callflow call` prints the words, and the emulator
 * fetched the WAV espeak-ng made for them when npm start deployed the flow, 16 kHz mono with a length.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FLOWS_DIR, ROOT } from '../../engine/node/paths.ts';
import { E2E_DATA_DIR } from './stack-config.ts';
import { sendRaw } from '../support/raw-http.ts';
import { EmulatorClient } from '../../engine/emulator/index.ts';
import { readEmulatorInfo } from '../../engine/emulator/info-file.ts';

const CLI = join(ROOT, 'bin', 'callflow.js');
const cwd = mkdtempSync(join(tmpdir(), 'callflow-start-'));
const { AZURE_TENANT_ID: _t, AZURE_CLIENT_ID: _c, AZURE_CLIENT_SECRET: _s, NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
let serve: ChildProcess | undefined;

afterAll(() => {
  serve?.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function output(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

// The emulator's certificates are made with openssl on first use (seconds of RSA key generation);
// reuse the ones the e2e setup made, as a second `npm start` reuses its own.
cpSync(join(E2E_DATA_DIR, 'pki'), join(cwd, 'data', 'emulator', 'pki'), { recursive: true });

it('npm start runs the engine against the built-in emulator, and callflow call dials it, hears the flow and presses keys', async () => {
  const port = await freePort();
  // Calls to the bot's own app id match no route: they run the survey, whose language choice is words only.
  const childEnv = { ...env, PORT: String(port), CALLFLOW_FLOWS_DIR: FLOWS_DIR, CALLFLOW_LOG_LEVEL: 'warn', CALLFLOW_DEFAULT_FLOW: 'survey' };
  serve = spawn(process.execPath, [CLI, 'serve', '--no-editor-build'], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const served = output(serve);
  for (let waited = 0; !served().includes('npx callflow call --to +14255550100'); waited += 50) {
    if (serve.exitCode !== null || waited > 60_000) throw new Error(`npm start did not come up:\n${served()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
  expect(served()).toContain('No AZURE_* credentials: using the built-in Graph calling emulator at https://127.0.0.1:');
  expect(served()).toContain(`data (CA, app credentials, recordings): ${join(cwd, 'data', 'emulator')}`);
  // The emulator's generated credentials are not a real bot: the editing and call APIs stay open to this machine.
  expect(served()).toContain(`Editing and call APIs: open to this machine only (http://127.0.0.1:${port} or http://localhost:${port}, no forwarding headers)`);
  expect(served()).toContain(`sign in as a simulated person of the emulator: http://localhost:${port}/auth/signin`);
  expect(served()).toContain(`outbound: curl -X POST http://localhost:${port}/api/flows/outbound-reminder/calls -H 'content-type: application/json'`);
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  // The served port is read from the listening server: a save reaches the version check (412, nothing
  // written) from this machine, and is refused before it through a tunnel's Host.
  const staleSave = (host: string) =>
    sendRaw({ address: '127.0.0.1', port }, 'PUT', '/api/flows/main-menu/source', { host, 'if-match': '"stale"' }, { text: '{}' });
  expect((await staleSave(`127.0.0.1:${port}`)).status).toBe(412);
  expect((await staleSave('abc123.ngrok-free.app')).status).toBe(401);

  const call = spawn(process.execPath, [CLI, 'call', '--to', '+14255550100', '--keys', '1', '--timeout', '60'], {
    cwd,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const said = output(call);
  const code = await new Promise<number | null>((done) => call.once('exit', done));
  expect({ code, output: said() }).toMatchObject({ code: 0 });
  const lines = said().split('\n');
  const inOrder = (wanted: string[]) => {
    const order = wanted.map((line) => lines.indexOf(line));
    return order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]));
  };
  // `--keys` presses once the welcome prompt has finished; the engine starts the menu prompt at
  // about the same moment, so whether the menu line or the key is printed first is a race of the
  // printout. The transfer to sales proves the key reached the menu.
  expect(
    inOrder([
      '(call established)',
      'bot: Thank you for calling Contoso.',
      'bot: For sales, press 1. For support, press 2. For the operator, press 0.',
      '(the bot transfers you to Contoso Sales (phone))',
      '(transferred to +14255550101)',
    ]),
    said(),
  ).toBe(true);
  expect(inOrder(['bot: Thank you for calling Contoso.', 'you pressed 1', '(the bot transfers you to Contoso Sales (phone))']), said()).toBe(true);
  expect(lines.at(-2)).toBe('call ended (0/7015 GracefulTransferCompleted)');

  // The survey's introduction is a recording, its language choice words synthesized by espeak-ng;
  // the caller hangs up once both have played.
  expect(served()).toMatch(/npx callflow call +# survey \(CALLFLOW_DEFAULT_FLOW\)/);
  const survey = spawn(process.execPath, [CLI, 'call', '--keys', 'h', '--timeout', '60'], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const heard = output(survey);
  expect({ code: await new Promise<number | null>((done) => survey.once('exit', done)), output: heard() }).toMatchObject({ code: 0 });
  expect(heard().split('\n'), heard()).toEqual(
    expect.arrayContaining(['bot: Thank you for taking our short survey. Please answer with your keypad.', 'bot: For Spanish, press 9.']),
  );
  const emulatorCallId = /\(emulator call ([^)]+)\)/.exec(heard())?.[1] ?? '';
  const info = readEmulatorInfo(join(cwd, 'data', 'emulator'))!;
  const people = new EmulatorClient(info.base, { ca: readFileSync(info.caPath, 'utf8') });
  const played = (await people.log(emulatorCallId)).flatMap((entry) =>
    entry.kind === 'event' && entry.event === 'promptPlaying' ? ((entry.detail?.media as Array<Record<string, unknown>>) ?? []) : [],
  );
  people.close();
  const synthesized = played.filter((media) => /\/prompts\/synth\/[0-9a-f]{64}\.wav/.test(String(media.uri)));
  expect(synthesized, JSON.stringify(played)).toHaveLength(1);
  expect(synthesized[0]).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16 });
  expect(synthesized[0].durationMs).toBeGreaterThan(500);

  const exited = new Promise<number | null>((done) => serve!.once('exit', done));
  serve.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(existsSync(join(cwd, 'data', 'emulator', 'emulator.json'))).toBe(false);
});
