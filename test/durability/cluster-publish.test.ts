/**
 * Publishing in a cluster: two engines on one Redis, each with its own copy of the flows folder (as
 * on separate machines). `callflow publish --to` engine A runs the gate — a change that breaks a
 * scenario is refused, naming it, and nothing changes anywhere — and a good change made through A
 * is what engine B serves to new calls within a second, without touching B's disk.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { FlowDocument } from '../../engine/core/types.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import { dialMainLine, staffTheMainLine, waitUntilPlayed } from './calls.ts';
import { startDurableStack, type DurableStack } from './durable-stack.ts';
import { ADMIN_TOKEN } from '../e2e-graph/stack-config.ts';

const run = promisify(execFile);
let stack: DurableStack;
beforeAll(async () => {
  stack = await startDurableStack({ engines: 2, speed: 5, store: `${inject('redisUrl')}/3`, flowsPerEngine: true });
  await staffTheMainLine(stack.people);
}, 120_000);
afterAll(() => stack?.stop());

/** `callflow publish` of a copy of main-menu changed by `change`, to engine A. */
async function publish(change: (flow: FlowDocument) => void, message: string) {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-publish-'));
  const flow = JSON.parse(readFileSync(join(FLOWS_DIR, 'main-menu.flow.json'), 'utf8')) as FlowDocument;
  change(flow);
  writeFileSync(join(dir, 'main-menu.flow.json'), JSON.stringify(flow, null, 2));
  writeFileSync(join(dir, 'main-menu.test.json'), readFileSync(join(FLOWS_DIR, 'main-menu.test.json'), 'utf8'));
  const cli = join(FLOWS_DIR, '..', 'bin', 'callflow.js');
  return run(process.execPath, [cli, 'publish', '--to', stack.engines[0]!.url, '-m', message, '--author', 'ci@contoso.com', dir], {
    env: { ...process.env, CALLFLOW_ADMIN_TOKEN: ADMIN_TOKEN },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
  );
}

const liveOn = async (index: number) => (await stack.api<{ version: string }>(stack.engines[index]!, 'GET', '/api/flows/main-menu')).body.version;

it('refuses a change that breaks a scenario, and serves a published change on the other engine within a second', async () => {
  const before = await liveOn(1);
  const broken = await publish((flow) => ((flow.states.mainMenu.choices as Record<string, string>)['2'] = 'holdForOperator'), 'Key 2 to the operator');
  expect(broken.code).toBe(1);
  expect(broken.out).toMatch(/✗ A caller who presses 2 .* \(step \d+\)/);
  expect(await liveOn(0)).toBe(before);

  const good = await publish((flow) => (flow.prompts!.welcome['en-US'].text = 'Thank you for calling Contoso, published through A.'), 'New welcome words');
  expect(good.out).toMatch(/main-menu: published as version 2/);
  expect(good.code).toBe(0);
  const published = Date.now();
  let onB = before;
  while (onB === before && Date.now() - published < 5000) {
    await new Promise((wait) => setTimeout(wait, 50));
    onB = await liveOn(1);
  }
  const tookMs = Date.now() - published;
  console.log(`cluster: engine B served the version published through A after ${tookMs} ms`);
  expect(onB).not.toBe(before);
  expect(tookMs).toBeLessThan(1000);
  expect(readFileSync(join(stack.flowsDir.replace(/flows$/, 'flows-1'), 'main-menu.flow.json'), 'utf8')).not.toContain('published through A');

  // With A gone, a new call is B's: it starts on the published version.
  await stack.engines[0]!.kill();
  const call = await dialMainLine(stack.people, '+14255551077');
  await waitUntilPlayed(stack.people, call, 'playPrompt mainMenu');
  const trace = await stack.api<{ entries: Array<{ kind: string; action?: string; version?: string }> }>(stack.engines[1]!, 'GET', `/api/calls/${call}/trace`);
  expect(trace.body.entries.find((entry) => entry.action === 'started')?.version).toBe(onB);
  await stack.people.hangUp(call);
}, 120_000);
