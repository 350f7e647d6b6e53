/**
 * A process died with a prompt's request sent and no answer stored. The process that carries the
 * call on cannot know whether Graph got it: it waits the prompt's length for Graph's word before
 * sending it again, so a caller never hears a prompt twice, and never waits for one that was lost.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../engine/session/clock.ts';
import { CallRouter } from '../../engine/session/routes.ts';
import { APP, rig, type SessionRig } from './fixture.ts';
import { GREETER, incoming, MENU, played, state, tone } from './flows.ts';
import type { FlowDocument } from '../../engine/core/types.ts';

const PLAY_MS = 5_000;

/** A call whose first prompt was in flight when its process died; the next process is started on the store. */
async function diedWhilePlaying(flow: FlowDocument, callId: string): Promise<{ after: SessionRig; prompt: string }> {
  const routes = new CallRouter([{ called: { application: APP }, flow: flow.id }]);
  const before = rig({ routes });
  before.flows.add(flow);
  // The request leaves and nothing comes back: the process is gone before the answer.
  before.graph.answers.set('graph.playPrompt', () => {
    throw new Error('process killed');
  });
  await before.sessions.notify(incoming(callId), { graphCallId: callId });
  await before.sessions.notify(state(callId, 'established'), { graphCallId: callId });
  await before.settle();
  before.sessions.stop();
  const prompt = String(before.graph.last('graph.playPrompt', callId)?.clientContext);
  expect((await before.store.outbox(callId)).map(({ effect, taken }) => [effect.type, taken])).toEqual([['graph.playPrompt', true]]);

  const after = rig({ routes, store: before.store, clock: new ManualClock(before.clock.now() + 1_000), playLength: () => PLAY_MS });
  after.flows.add(flow);
  await after.settle();
  return { after, prompt };
}

async function actions(r: SessionRig, callId: string): Promise<string[]> {
  const trace = await r.sessions.trace(callId);
  return trace.filter((entry) => entry.kind === 'session').map((entry) => String(entry.action));
}

describe('a prompt in flight when its process died', () => {
  it('is not sent again when Graph reports it played', async () => {
    const { after, prompt } = await diedWhilePlaying(GREETER, 'd1');
    expect(after.graph.types('d1')).toEqual([]);
    expect(await after.store.outbox('d1')).toEqual([]);
    expect((await after.store.get('d1'))?.inDoubt).toHaveLength(1);

    await after.sessions.notify(played('d1', prompt), { graphCallId: 'd1' });
    await after.advance(PLAY_MS + 5_000);
    expect(after.graph.types('d1')).toEqual(['graph.hangup']);
    expect(await actions(after, 'd1')).toEqual(expect.arrayContaining(['inDoubt', 'inDoubtReported']));
    expect((await after.store.get('d1'))?.inDoubt).toBeUndefined();
    after.sessions.stop();
  });

  it('is not sent again when Graph reports it played in a completion that names no @odata.type', async () => {
    const { after, prompt } = await diedWhilePlaying(GREETER, 'd4');
    // Real completions may omit the type (the emulator's operationShape `withoutType`); no pending
    // operation was stored for a request whose answer was lost, so only the parked prompt tells what it is.
    const completion = played('d4', prompt);
    delete (completion.resourceData as Record<string, unknown>)['@odata.type'];
    await after.sessions.notify(completion, { graphCallId: 'd4' });
    await after.advance(PLAY_MS + 5_000);
    expect(after.graph.types('d4')).toEqual(['graph.hangup']);
    expect(await actions(after, 'd4')).toEqual(expect.arrayContaining(['inDoubt', 'inDoubtReported']));
    after.sessions.stop();
  });

  it('is sent again once its length has passed with no word from Graph', async () => {
    const { after, prompt } = await diedWhilePlaying(GREETER, 'd2');
    await after.advance(PLAY_MS);
    expect(after.graph.types('d2')).toEqual([]);
    await after.advance(5_000);
    expect(after.graph.types('d2')).toEqual(['graph.playPrompt']);
    expect(after.graph.last('graph.playPrompt', 'd2')?.clientContext).toBe(prompt);
    expect(await actions(after, 'd2')).toContain('inDoubtResent');

    await after.sessions.notify(played('d2', prompt), { graphCallId: 'd2' });
    await after.settle();
    expect(after.graph.types('d2')).toEqual(['graph.playPrompt', 'graph.hangup']);
    after.sessions.stop();
  });

  it('is dropped when the flow moved on while it was in doubt', async () => {
    const { after } = await diedWhilePlaying(MENU, 'd3');
    // The caller chooses during the prompt: the menu is left for the transfer.
    await after.sessions.notify(tone('d3', 1, 'tone1'), { graphCallId: 'd3' });
    await after.advance(PLAY_MS + 5_000);
    const types = after.graph.types('d3');
    expect(types).toContain('graph.transfer');
    expect(types).not.toContain('graph.playPrompt');
    const dropped = (await after.sessions.trace('d3')).find((entry) => entry.action === 'inDoubtDropped');
    expect(dropped).toMatchObject({ reason: 'the flow moved on', effect: 'graph.playPrompt' });
    after.sessions.stop();
  });
});
