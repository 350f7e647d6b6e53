/**
 * A process that starts on a store another process left behind: it carries on the calls it finds.
 * Graph sends an operation's completion once, so one that finished while no engine ran is asked
 * about; effects committed and never sent are sent.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../engine/session/clock.ts';
import { CallRouter } from '../../engine/session/routes.ts';
import { APP, rig } from './fixture.ts';
import { GREETER, incoming, state } from './flows.ts';

const routes = new CallRouter([{ called: { application: APP }, flow: 'greeter' }]);

describe('a process starting on calls another process left', () => {
  it('asks Graph how a prompt sent before the restart ended, and goes on when it finished', async () => {
    const before = rig({ routes });
    before.flows.add(GREETER);
    await before.sessions.notify(incoming('c1'), { graphCallId: 'c1' });
    await before.sessions.notify(state('c1', 'established'), { graphCallId: 'c1' });
    await before.settle();
    const play = before.graph.last('graph.playPrompt', 'c1');
    expect(play).toBeDefined();
    const [pending] = await before.store.pending('c1');
    expect(pending).toMatchObject({ kind: 'playPrompt', clientContext: play!.clientContext });
    before.sessions.stop();

    // The prompt's completion notification went to no one; the next process starts a minute later.
    const clock = new ManualClock(before.clock.now() + 60_000);
    const after = rig({ routes, store: before.store, clock });
    after.flows.add(GREETER);
    after.graph.answers.set('graph.getOperation', (effect) => ({
      events: [
        { type: 'operation.completed', kind: String(effect.operationKind), clientContext: String(effect.clientContext), result: { code: 200, subcode: 0 } },
      ],
      trace: [],
    }));
    await after.settle();
    expect(after.graph.calls.map(({ effect }) => [effect.type, effect.operationId ?? null])).toEqual([
      ['graph.getOperation', pending!.operationId],
      ['graph.hangup', null],
    ]);
    expect((await after.store.get('c1'))?.phase).toBe('ended');
    after.sessions.stop();
  });

  it('goes on after the prompt’s length when Graph cannot be asked about it (GET operation answers 404)', async () => {
    const before = rig({ routes, playLength: () => 4_000 });
    before.flows.add(GREETER);
    await before.sessions.notify(incoming('c3'), { graphCallId: 'c3' });
    await before.sessions.notify(state('c3', 'established'), { graphCallId: 'c3' });
    await before.settle();
    const sentAt = before.clock.now();
    before.sessions.stop();

    const after = rig({ routes, store: before.store, clock: new ManualClock(sentAt + 1_000), playLength: () => 4_000 });
    after.flows.add(GREETER);
    // As the Graph adapter reports a 404 to the question: nothing settles.
    after.graph.answers.set('graph.getOperation', () => ({ events: [], trace: [] }));
    await after.settle();
    expect(after.graph.types('c3')).toEqual(['graph.getOperation']);
    const awaiting = (await after.sessions.trace('c3')).find((entry) => entry.action === 'awaitingLostOutcome');
    expect(awaiting).toMatchObject({ dueAt: sentAt + 4_000 + 3_000 });

    await after.advance(5_000);
    expect(after.graph.types('c3')).toEqual(['graph.getOperation']);
    await after.advance(2_000);
    expect(after.graph.types('c3')).toEqual(['graph.getOperation', 'graph.hangup']);
    const assumed = (await after.sessions.trace('c3')).find(
      (entry) => entry.kind === 'event' && (entry.event as { kind?: string }).kind === 'playPrompt' && entry.at > sentAt + 1_000,
    );
    expect(JSON.stringify(assumed)).toContain('its outcome was lost while no engine ran');
    expect((await after.store.get('c3'))?.phase).toBe('ended');
    after.sessions.stop();
  });

  it('applies a lost outcome once: a completion that comes before the deadline wins, the deadline’s is dropped', async () => {
    const before = rig({ routes });
    before.flows.add(GREETER);
    await before.sessions.notify(incoming('c4'), { graphCallId: 'c4' });
    await before.sessions.notify(state('c4', 'established'), { graphCallId: 'c4' });
    await before.settle();
    const prompt = String(before.graph.last('graph.playPrompt', 'c4')?.clientContext);
    before.sessions.stop();

    const after = rig({ routes, store: before.store, clock: new ManualClock(before.clock.now() + 1_000), playLength: () => 4_000 });
    after.flows.add(GREETER);
    after.graph.answers.set('graph.getOperation', () => ({ events: [], trace: [] }));
    await after.settle();
    // A duplicate delivery of the completion, late: it settles the prompt before the deadline.
    await after.sessions.deliver('c4', { type: 'operation.completed', kind: 'playPrompt', clientContext: prompt, result: { code: 200, subcode: 0 } });
    await after.advance(10_000);
    expect(after.graph.types('c4')).toEqual(['graph.getOperation', 'graph.hangup']);
    expect((await after.store.get('c4'))?.phase).toBe('ended');
    after.sessions.stop();
  });

  it('does not ask about operations it sent itself', async () => {
    const r = rig({ routes });
    r.flows.add(GREETER);
    await r.sessions.notify(incoming('c2'), { graphCallId: 'c2' });
    await r.sessions.notify(state('c2', 'established'), { graphCallId: 'c2' });
    await r.sessions.notify(state('c2', 'established'), { graphCallId: 'c2' });
    await r.settle();
    expect(r.graph.types('c2')).not.toContain('graph.getOperation');
    r.sessions.stop();
  });
});
