import { describe, expect, it } from 'vitest';
import { drive, fireTimer, flowWith, problemsOf } from '../testing.ts';

const waiting = (extra: Record<string, unknown>) => flowWith({ w: { type: 'waitFor', event: 'join', next: 'next', timeout: 'other', ...extra } });
const roster = (d: ReturnType<typeof drive>) => (d.result.record.snapshot as { context: { call: { roster?: unknown } } }).context.call.roster;
const joins = (...joined: string[]) => ({ type: 'participants.updated', joined, left: [] });
const leaves = (...left: string[]) => ({ type: 'participants.updated', joined: [], left });

describe('waitFor block', () => {
  it('continues on the next join with who joined in lastResult, and keeps call.roster', () => {
    const d = drive(waiting({}));
    expect(d.effects.map((effect) => effect.type)).toEqual(['timer.set']);
    d.send(joins('organizer', 'guest'));
    expect(d.ports).toEqual(['w:next']);
    expect(d.lastResult()).toEqual({ joined: ['organizer', 'guest'], left: [], participantId: 'guest', count: 2, ids: ['organizer', 'guest'] });
    expect(roster(d)).toEqual({ count: 2, ids: ['organizer', 'guest'] });
  });

  it('ignores a leave while waiting for a join, but still follows the roster', () => {
    const d = drive(flowWith({ a: { type: 'wait', seconds: 5, next: 'w' }, w: { type: 'waitFor', event: 'join', next: 'next', timeout: 'other' } }));
    d.send(joins('a', 'b'));
    expect(roster(d)).toEqual({ count: 2, ids: ['a', 'b'] });
    fireTimer(d, 'after');
    d.send(leaves('a'));
    expect(d.ports).toEqual(['a:next']);
    expect(roster(d)).toEqual({ count: 1, ids: ['b'] });
  });

  it('waits until the roster has the count, and continues at once when it already has', () => {
    const d = drive(waiting({ count: 2 }));
    d.send(joins('a'));
    expect(d.ports).toEqual([]);
    d.send(joins('b'));
    expect(d.ports).toEqual(['w:next']);
    const already = drive(
      flowWith({ a: { type: 'wait', seconds: 5, next: 'w' }, w: { type: 'waitFor', event: 'join', count: 1, next: 'next', timeout: 'other' } }),
    );
    already.send(joins('a'));
    fireTimer(already, 'after');
    expect(already.ports).toEqual(['a:next', 'w:next']);
    expect(already.lastResult()).toMatchObject({ count: 1, participantId: null });
  });

  it('waits for a given participant to leave, named by a template; one already gone is not waited for', () => {
    const leaveOf = (who: string) =>
      flowWith({
        a: { type: 'wait', seconds: 5, next: 's' },
        s: { type: 'set', values: { choice: JSON.stringify(who) }, next: 'w' },
        w: { type: 'waitFor', event: 'leave', participant: '{{vars.choice}}', next: 'next', timeout: 'other' },
      });
    const d = drive(leaveOf('b'));
    d.send(joins('a', 'b'));
    fireTimer(d, 'after');
    d.send(leaves('a'));
    expect(d.ports).toEqual(['a:next', 's:next']);
    d.send(leaves('b'));
    expect(d.ports).toEqual(['a:next', 's:next', 'w:next']);
    expect(d.lastResult()).toMatchObject({ participantId: 'b', count: 0, left: ['b'] });
    const gone = drive(leaveOf('c'));
    gone.send(joins('a'));
    fireTimer(gone, 'after');
    expect(gone.ports).toEqual(['a:next', 's:next', 'w:next']);
  });

  it('leaves through timeout when nothing happens in time', () => {
    const d = drive(waiting({ timeoutSeconds: 30 }));
    const timer = d.effects.find((effect) => effect.type === 'timer.set')!;
    expect(Number(timer.dueAt) - d.now).toBe(30_000);
    fireTimer(d, 'after');
    expect(d.ports).toEqual(['w:timeout']);
    expect(d.lastResult()).toEqual({ count: 0 });
  });

  it('gives every flow call.roster in expressions, empty (count 0) before the first roster', () => {
    const flow = flowWith({
      w: { type: 'wait', seconds: 5, next: 'pick' },
      pick: { type: 'switch', cases: [{ when: 'call.roster.count >= 2', next: 'next' }], default: 'other' },
    });
    const none = drive(flow);
    expect(roster(none)).toEqual({ count: 0, ids: [] });
    fireTimer(none, 'after');
    expect(none.ports).toEqual(['w:next', 'pick:default']);
    const two = drive(flow);
    two.send(joins('a', 'b'));
    fireTimer(two, 'after');
    expect(two.ports).toEqual(['w:next', 'pick:case1']);
  });

  it('requires event, next and timeout, and a known event', () => {
    expect(problemsOf(waiting({}))).toEqual([]);
    const problems = problemsOf(flowWith({ w: { type: 'waitFor', event: 'arrive', next: 'next' } }));
    expect(problems.map((problem) => problem.pointer)).toEqual(expect.arrayContaining(['/states/w/event', '/states/w']));
  });
});
