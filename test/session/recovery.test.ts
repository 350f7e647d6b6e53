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
