import { describe, expect, it } from 'vitest';
import { drive, fireTimer, flowWith, problemsOf } from '../testing.ts';

const hold = (extra: Record<string, unknown> = {}) =>
  flowWith({ h: { type: 'playLoop', prompts: ['welcome', 'menu'], maxSeconds: 30, next: 'next', ...extra } });
const plays = (d: ReturnType<typeof drive>) => d.effects.filter((effect) => effect.type === 'graph.playPrompt').map((effect) => effect.clientContext);

describe('playLoop block', () => {
  it('starts the next round when Graph reports one finished, each round with its own operation id', () => {
    const d = drive(hold());
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: 'h#1.0' }, 4000);
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: 'h#1.1' }, 4000);
    expect(plays(d)).toEqual(['h#1.0', 'h#1.1', 'h#1.2']);
    expect(d.effects.find((effect) => effect.type === 'graph.playPrompt')).toMatchObject({ prompts: [{ key: 'welcome' }, { key: 'menu' }] });
    expect(d.value()).toEqual({ h: 'playing' });
  });

  it('ignores a late or repeated completion of an earlier round', () => {
    const d = drive(hold());
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: 'h#1.0' });
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: 'h#1.0' });
    expect(plays(d)).toEqual(['h#1.0', 'h#1.1']);
  });

  it('stops the round playing and continues through next when maxSeconds have passed, however many rounds ran', () => {
    const d = drive(hold());
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: 'h#1.0' }, 10_000);
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: 'h#1.1' }, 10_000);
    const timers = d.effects.filter((effect) => effect.type === 'timer.set');
    expect(timers).toHaveLength(1);
    expect(Number(timers[0]!.dueAt) - (d.now - 20_000)).toBe(30_000);
    fireTimer(d, 'after');
    expect(d.ports).toEqual(['h:next']);
    expect(d.effects.map((effect) => effect.type).slice(-2)).toEqual(['graph.cancelMediaProcessing', 'graph.hangup']);
  });

  it('with pressed connected, a key stops the music and leaves with the key in lastResult', () => {
    const d = drive(hold({ pressed: 'other' }));
    d.send({ type: 'tone', digit: '0' });
    expect(d.ports).toEqual(['h:pressed']);
    expect(d.lastResult()).toEqual({ digit: '0' });
    expect(d.effects.map((effect) => effect.type)).toContain('graph.cancelMediaProcessing');
  });

  it('without pressed, keys are ignored and the music goes on', () => {
    const d = drive(hold());
    d.send({ type: 'tone', digit: '0' });
    expect(d.ports).toEqual([]);
    expect(d.value()).toEqual({ h: 'playing' });
  });

  it('takes the error port when a round cannot be played', () => {
    const d = drive(hold({ error: 'other' }));
    d.send({ type: 'operation.failed', kind: 'playPrompt', clientContext: 'h#1.0', result: { code: 404 } });
    expect(d.ports).toEqual(['h:error']);
  });

  it('plays for hours without tripping the visit bound', () => {
    const d = drive(flowWith({ h: { type: 'playLoop', prompts: ['welcome'], maxSeconds: 3600, next: 'next' } }));
    for (let round = 0; round < 120; round++) d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: `h#1.${round}` }, 25_000);
    expect(plays(d)).toHaveLength(121);
    expect(d.result.record.status).toBe('active');
  });

  it('refuses a loop with no prompts and a maxSeconds out of range', () => {
    const problems = problemsOf(flowWith({ h: { type: 'playLoop', prompts: [], maxSeconds: 0, next: 'next' } }));
    expect(problems.map((problem) => [problem.pointer, problem.code])).toEqual([
      ['/states/h/prompts', 'schema.minItems'],
      ['/states/h/maxSeconds', 'schema.minimum'],
    ]);
  });
});
