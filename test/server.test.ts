import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployFolder } from './support/deploy-folder.ts';
import { createApp } from '../engine/server/app.ts';

const dir = mkdtempSync(join(tmpdir(), 'callflow-server-'));
let server: Server;
let base: string;

beforeAll(async () => {
  mkdirSync(join(dir, 'prompts'));
  writeFileSync(join(dir, 'prompts', 'hello.wav'), Buffer.from('RIFF....WAVE'));
  // A link out of the prompts folder, to a file that exists (the flows folder's own flow).
  symlinkSync(join(dir, 'good.flow.json'), join(dir, 'prompts', 'link-out.wav'));
  symlinkSync(join(dir, 'prompts', 'hello.wav'), join(dir, 'prompts', 'link-in.wav'));
  const flow = { id: 'good', version: 1, name: 'Good', start: 'a', states: { a: { type: 'answer', next: 'b' }, b: { type: 'hangup' } } };
  writeFileSync(join(dir, 'good.flow.json'), JSON.stringify(flow, null, 2));
  writeFileSync(join(dir, 'bad.flow.json'), '{ "id": "bad", "version": 1, "name": "Bad", "start": "x", "states": { "a": { "type": "plya" } } }');
  const app = createApp(await deployFolder(dir));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('engine HTTP server (flow library)', () => {
  it('reports health and lists flows with versions and problem counts', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', flows: 2, deployable: 1 });
    const flows = (await (await fetch(`${base}/api/flows`)).json()) as Array<{ id: string; version: string | null; errors: number }>;
    expect(flows.map((f) => [f.id, f.version !== null, f.errors > 0])).toEqual([
      ['bad', false, true],
      ['good', true, false],
    ]);
  });

  it('serves a flow with its problems, and 404 with a Graph-style error body for an unknown one', async () => {
    const bad = (await (await fetch(`${base}/api/flows/bad`)).json()) as { flow: unknown; problems: Array<{ pointer: string; line: number }> };
    expect(bad.flow).toBeNull();
    expect(bad.problems[0]).toMatchObject({ pointer: '/states/a/type', line: 1 });
    const missing = await fetch(`${base}/api/flows/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'flowNotFound' } });
  });

  it('serves prompt files but nothing outside the prompts folder', async () => {
    const wav = await fetch(`${base}/prompts/hello.wav`);
    expect(wav.status).toBe(200);
    expect(wav.headers.get('content-type')).toBe('audio/wav');
    const escape = await fetch(`${base}/prompts/%2e%2e/good.flow.json`);
    expect(escape.status).toBeGreaterThanOrEqual(400);
    expect(await escape.text()).not.toContain('"states"');
  });

  it('answers requests that climb out of the prompts folder exactly as it answers a missing file', async () => {
    const answer = async (path: string) => {
      const response = await fetch(`${base}${path}`);
      return { status: response.status, body: await response.text() };
    };
    const missing = await answer('/prompts/no-such-file.wav');
    expect(missing.status).toBe(404);
    for (const path of [
      '/prompts/..%2f..%2fetc/passwd',
      '/prompts/..%2f..%2fetc/no-such-file',
      '/prompts/%2e%2e%2fgood.flow.json',
      '/prompts/..%5cgood.flow.json',
      '/prompts/%2fetc%2fpasswd',
      '/prompts/link-out.wav',
      '/prompts/.hidden',
      '/prompts/%E0%A4%A',
    ]) {
      expect(await answer(path), path).toEqual(missing);
    }
    expect((await answer('/prompts/link-in.wav')).status).toBe(200);
  });

  it('serves the generated flow schema and a diagram', async () => {
    const schema = (await (await fetch(`${base}/schemas/flow.schema.json`)).json()) as { $id: string };
    expect(schema.$id).toMatch(/flow\.schema\.json$/);
    expect(await (await fetch(`${base}/api/flows/good/diagram`)).text()).toContain('a --> b : next');
  });
});
