/**
 * A call whose pinned flow version is gone — not deployed any more and its document purged from the
 * store by retention — must not be left without a flow. With a flow-wide `on.error` on the deployed
 * version, the next event moves the call there (trace `failedOver`, from and to versions) and the
 * handler's effects go to Graph; without one, the call is ended with an error and hung up.
 */
import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../engine/core/types.ts';
import { CallRouter } from '../../engine/session/routes.ts';
import { APP, rig, type SessionRig } from './fixture.ts';
import { incoming, played, state, tone } from './flows.ts';

const routes = new CallRouter([{ called: { application: APP }, flow: 'desk' }]);

/** Version A of the flow: a menu, and an apology on any unhandled error. */
const DESK_A: FlowDocument = {
  id: 'desk',
  version: 1,
  name: 'desk',
  start: 'answer',
  prompts: {
    menu: { 'en-US': { file: 'prompts/en-US/menu.wav', text: 'Press 1.' } },
    sorry: { 'en-US': { file: 'prompts/en-US/sorry-a.wav', text: 'Sorry (A).' } },
  },
  states: {
    answer: { type: 'answer', next: 'menu' },
    menu: { type: 'menu', prompts: ['menu'], choices: { '1': 'sales' }, timeoutSeconds: 5, maxAttempts: 2, noInput: 'bye', noMatch: 'bye' },
    sales: { type: 'transfer', to: { phone: '+14255550100' }, failed: 'bye' },
    sorry: { type: 'play', prompts: ['sorry'], next: 'bye' },
    bye: { type: 'hangup' },
  },
  on: { error: 'sorry' },
};

/** Version B, deployed later: its own apology, so what the caller hears shows which version ran. */
const DESK_B: FlowDocument = {
  ...DESK_A,
  prompts: { ...DESK_A.prompts, sorry: { 'en-US': { file: 'prompts/en-US/sorry-b.wav', text: 'Sorry (B).' } } },
};

/** Version B without a flow-wide error handler. */
const { on: _on, ...DESK_B_WITHOUT_HANDLER } = DESK_B;

const notify = (r: SessionRig, notification: unknown) => r.sessions.notify(notification, { graphCallId: 'c1' });

/**
 * A call on version A waiting in the menu; then B is deployed in A's place and A's stored document
 * is purged (A's pin is older than the purge time), so A can be found nowhere.
 */
async function callWhoseVersionIsGone(deployed: FlowDocument): Promise<{ r: SessionRig; versionA: string; versionB: string }> {
  const r = rig({ routes });
  const versionA = r.flows.add(DESK_A).version;
  await notify(r, incoming('c1'));
  await notify(r, state('c1', 'established'));
  await notify(r, played('c1', 'menu#1.0'));
  await r.settle();
  expect((await r.store.get('c1'))?.record?.flowVersion).toBe(versionA);
  expect(await r.store.flowVersion('desk', versionA)).toBeDefined();

  const versionB = r.flows.add(deployed).version;
  expect(versionB).not.toBe(versionA);
  r.clock.advance(1000);
  await r.store.purge(r.clock.now(), 100);
  expect(await r.store.flowVersion('desk', versionA)).toBeUndefined();
  expect((await r.store.get('c1'))?.phase).toBe('running');
  return { r, versionA, versionB };
}

describe('a call whose pinned flow version is gone', () => {
  it('moves to the deployed version’s error handler on its next event, traces the failover and sends the handler’s prompt', async () => {
    const { r, versionA, versionB } = await callWhoseVersionIsGone(DESK_B);
    const sentBefore = r.graph.calls.length;

    await notify(r, tone('c1', 1, 'tone1'));
    await r.settle();

    const trace = await r.store.readTrace('c1');
    const failedOver = trace.filter((entry) => entry.kind === 'session' && entry.action === 'failedOver');
    expect(failedOver).toEqual([
      expect.objectContaining({ fromVersion: versionA, toVersion: versionB, reason: expect.stringMatching(/version .* is not available/) }),
    ]);
    const session = await r.store.get('c1');
    expect(session).toMatchObject({ phase: 'running', record: { flowId: 'desk', flowVersion: versionB, status: 'active' } });
    // The call keeps who it is and who called.
    const context = (session?.record?.snapshot as { context: { call: { id: string }; caller: unknown } }).context;
    expect(context.call.id).toBe('c1');
    expect(context.caller).toEqual({ phone: '+14255550147' });

    // The handler's effect, and nothing of version A's menu (the key did not transfer the call).
    const sent = r.graph.calls.slice(sentBefore).map(({ effect }) => effect);
    expect(sent.map((effect) => effect.type)).toEqual(['graph.playPrompt']);
    expect(JSON.stringify(sent[0])).toContain('sorry-b.wav');
    expect(sent[0]).toMatchObject({ clientContext: expect.stringMatching(/^sorry#/) });

    // The apology plays to its end and the handler hangs up: the call finishes on version B.
    await notify(r, played('c1', String(sent[0]!.clientContext)));
    await r.settle();
    expect(r.graph.types('c1').at(-1)).toBe('graph.hangup');
    expect(await r.store.get('c1')).toMatchObject({ phase: 'ended', record: { flowVersion: versionB, status: 'done' } });
    r.sessions.stop();
  });

  it('ends the call with an error and hangs up when the deployed version has no error handler', async () => {
    const { r, versionA } = await callWhoseVersionIsGone(DESK_B_WITHOUT_HANDLER);
    const sentBefore = r.graph.calls.length;

    await notify(r, tone('c1', 1, 'tone1'));
    await r.settle();

    const session = await r.store.get('c1');
    expect(session).toMatchObject({ phase: 'ended', record: { flowVersion: versionA, status: 'error' } });
    expect(session?.endReason).toMatch(/version .* is not available/);
    const trace = await r.store.readTrace('c1');
    expect(trace.some((entry) => entry.action === 'failedOver')).toBe(false);
    expect(trace).toContainEqual(expect.objectContaining({ kind: 'session', action: 'ended', status: 'error' }));
    expect(r.graph.calls.slice(sentBefore).map(({ effect }) => effect)).toEqual([{ type: 'graph.hangup', clientContext: 'engine-error' }]);
    expect(await r.store.timers('c1')).toEqual([]);
    r.sessions.stop();
  });
});
