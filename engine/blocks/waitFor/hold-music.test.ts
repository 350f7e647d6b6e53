import { describe, expect, it } from 'vitest';
import { drive, fireTimer, flowWith, problemsOf, promptKeys } from '../testing.ts';

const waiting = (extra: Record<string, unknown> = {}) =>
  flowWith({
    w: { type: 'waitFor', event: 'join', timeoutSeconds: 60, holdMusic: { prompts: ['welcome', 'menu'] }, next: 'next', timeout: 'other', ...extra },
  });
const joins = (...joined: string[]) => ({ type: 'participants.updated', joined, left: [] });
const done = (clientContext: string) => ({ type: 'operation.completed', kind: 'playPrompt', clientContext });
/** Effects without timers, as `type clientContext`. */
const media = (d: ReturnType<typeof drive>) => d.effects.filter((e) => !e.type.startsWith('timer.')).map((e) => `${e.type} ${e.clientContext}`);

describe('waitFor with hold music', () => {
  it('plays the prompts while it waits, the next round when Graph reports one finished', () => {
    const d = drive(waiting());
    expect(promptKeys(d.effects.find((e) => e.type === 'graph.playPrompt'))).toEqual(['welcome', 'menu']);
    d.send(done('w#1.0.hold0'), 5000).send(done('w#1.0.hold1'), 5000);
    expect(media(d)).toEqual(['graph.playPrompt w#1.0.hold0', 'graph.playPrompt w#1.0.hold1', 'graph.playPrompt w#1.0.hold2']);
    expect(d.value()).toEqual({ w: 'playing' });
  });

  it('stops the round playing when the participant joins, then leaves through next', () => {
    const d = drive(waiting());
    d.send(done('w#1.0.hold0'), 5000).send(joins('guest'), 1000);
    expect(d.ports).toEqual(['w:next']);
    expect(media(d)).toEqual([
      'graph.playPrompt w#1.0.hold0',
      'graph.playPrompt w#1.0.hold1',
      'graph.cancelMediaProcessing w#1.0.hold1',
      'graph.hangup next#1.0',
    ]);
    expect(d.lastResult()).toMatchObject({ participantId: 'guest' });
  });

  it('lets a roster change that does not end the wait go by with the music playing', () => {
    const d = drive(waiting({ count: 2 }));
    d.send(joins('a'));
    expect(media(d)).toEqual(['graph.playPrompt w#1.0.hold0']);
    expect(d.value()).toEqual({ w: 'playing' });
  });

  it('stops the music when the time is up, through timeout', () => {
    const d = drive(waiting());
    fireTimer(d, 'after');
    expect(d.ports).toEqual(['w:timeout']);
    expect(media(d).slice(1, 3)).toEqual(['graph.cancelMediaProcessing w#1.0.hold0', 'graph.hangup other#1.0']);
  });

  it('starts no music when what it waits for is already true on entry', () => {
    const d = drive(
      flowWith({
        a: { type: 'wait', seconds: 5, next: 'w' },
        w: { type: 'waitFor', event: 'join', count: 1, holdMusic: { prompts: ['welcome'] }, next: 'next', timeout: 'other' },
      }),
    );
    d.send(joins('a'));
    fireTimer(d, 'after');
    expect(d.ports).toEqual(['a:next', 'w:next']);
    expect(d.effects.map((e) => e.type)).not.toContain('graph.playPrompt');
  });

  it('goes on waiting in silence when a round cannot be played, and still leaves when the participant joins', () => {
    const d = drive(waiting());
    d.send({ type: 'operation.failed', kind: 'playPrompt', clientContext: 'w#1.0.hold0', result: { code: 404, message: 'prompt file not found' } });
    expect(d.ports).toEqual([]);
    expect(d.value()).toEqual({ w: 'silent' });
    // The trace says why: Graph's reason in the event, and the wait going on without music.
    expect(d.result.trace.map((t) => t.kind)).toEqual(['event', 'transition']);
    expect(d.result.trace[0]).toMatchObject({ event: { type: 'operation.failed', result: { message: 'prompt file not found' } } });
    expect(d.result.trace[1]).toMatchObject({ to: { w: 'silent' } });
    d.send(done('w#1.0.hold0'));
    expect(media(d)).toEqual(['graph.playPrompt w#1.0.hold0']);
    d.send(joins('guest'));
    expect(d.ports).toEqual(['w:next']);
  });

  it('lets a flow-wide key stop the music and jump to its handler, as during playLoop', () => {
    const d = drive({ ...waiting(), on: { key: { '0': 'other' } } });
    d.send({ type: 'tone', digit: '0' });
    expect(d.ports).toEqual(['$flow:key.0']);
    expect(media(d)).toEqual(['graph.playPrompt w#1.0.hold0', 'graph.cancelMediaProcessing $key.0>other#1', 'graph.hangup other#1.0']);
  });

  it('checks the hold music prompt keys like any prompt option', () => {
    const problems = problemsOf(waiting({ holdMusic: { prompts: ['welcom'] } }));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([['/states/w/holdMusic/prompts/0', 'ref.unknown-prompt']]);
    expect(problemsOf(waiting({ holdMusic: { prompts: [] } })).map((p) => [p.pointer, p.code])).toEqual([['/states/w/holdMusic/prompts', 'schema.minItems']]);
  });
});
