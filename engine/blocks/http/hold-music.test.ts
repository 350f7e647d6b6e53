import { describe, expect, it } from 'vitest';
import { drive, fireTimer, flowWith } from '../testing.ts';

const holding = (extra: Record<string, unknown> = {}) =>
  flowWith({
    h: { type: 'http', url: 'https://crm.contoso.com/lookup', holdMusic: { prompts: ['welcome'] }, next: 'after', failed: 'other', ...extra },
    after: { type: 'wait', seconds: 30, next: 'next' },
  });
const done = (clientContext: string) => ({ type: 'operation.completed', kind: 'playPrompt', clientContext });
const cancelled = (clientContext: string) => ({
  type: 'operation.failed',
  kind: 'playPrompt',
  clientContext,
  result: { code: 400, subcode: 8508, message: 'Action failed, the operation was cancelled.' },
});
/** Effects without timers, as `type clientContext`. */
const media = (d: ReturnType<typeof drive>) => d.effects.filter((e) => !e.type.startsWith('timer.')).map((e) => `${e.type} ${e.clientContext}`);

describe('http with hold music', () => {
  it('sends the request, then plays rounds under their own ids while the request keeps its own', () => {
    const d = drive(holding());
    d.send(done('h#1.0.hold0'), 3000).send(done('h#1.0.hold1'), 3000);
    expect(media(d)).toEqual(['http.request h#1.0', 'graph.playPrompt h#1.0.hold0', 'graph.playPrompt h#1.0.hold1', 'graph.playPrompt h#1.0.hold2']);
  });

  it('stops the round playing when the answer arrives and leaves through next; a late completion of that round starts nothing', () => {
    const d = drive(holding());
    d.send(done('h#1.0.hold0'), 3000);
    d.send({ type: 'http.completed', clientContext: 'h#1.0', status: 200, body: { tier: 'gold' } }, 1000);
    expect(d.ports).toEqual(['h:next']);
    expect(d.lastResult()).toEqual({ status: 200, body: { tier: 'gold' } });
    expect(media(d)).toEqual(['http.request h#1.0', 'graph.playPrompt h#1.0.hold0', 'graph.playPrompt h#1.0.hold1', 'graph.cancelMediaProcessing h#1.0.hold1']);
    d.send(cancelled('h#1.0.hold1')).send(done('h#1.0.hold1'));
    expect(media(d)).toHaveLength(4);
    expect(d.value()).toBe('after');
  });

  it('stops the music on every way out: another status, no answer, the safety timeout', () => {
    const failed = drive(holding());
    failed.send({ type: 'http.completed', clientContext: 'h#1.0', status: 404, body: null });
    expect(failed.ports).toEqual(['h:failed']);
    expect(media(failed).slice(0, 3)).toEqual(['http.request h#1.0', 'graph.playPrompt h#1.0.hold0', 'graph.cancelMediaProcessing h#1.0.hold0']);
    const error = drive(holding({ error: 'other' }));
    error.send({ type: 'http.failed', clientContext: 'h#1.0', error: 'timeout after 2 attempts' });
    expect(error.ports).toEqual(['h:error']);
    expect(media(error)[2]).toBe('graph.cancelMediaProcessing h#1.0.hold0');
    const silent = drive(holding({ error: 'other' }));
    fireTimer(silent, 'flow.h');
    expect(silent.ports).toEqual(['h:error']);
    expect(media(silent)[2]).toBe('graph.cancelMediaProcessing h#1.0.hold0');
  });

  it('ignores a completion of the music that is not the current round', () => {
    const d = drive(holding());
    d.send(done('h#1.0.hold0')).send(done('h#1.0.hold0')).send(done('h#1.0'));
    expect(media(d)).toEqual(['http.request h#1.0', 'graph.playPrompt h#1.0.hold0', 'graph.playPrompt h#1.0.hold1']);
  });

  it('lets a flow-wide key stop the music and jump to its handler while the answer is awaited', () => {
    const keyed = drive({ ...holding(), on: { key: { '0': 'other' } } });
    keyed.send({ type: 'tone', digit: '0' });
    expect(keyed.ports).toEqual(['$flow:key.0']);
    expect(media(keyed).slice(2, 4)).toEqual(['graph.cancelMediaProcessing $key.0>other#1', 'graph.hangup other#1.0']);
  });

  it('keeps the block as it was without hold music: the request alone, nothing to stop', () => {
    const d = drive(holding({ holdMusic: undefined }));
    d.send({ type: 'http.completed', clientContext: 'h#1.0', status: 200, body: null });
    expect(media(d)).toEqual(['http.request h#1.0']);
  });
});
