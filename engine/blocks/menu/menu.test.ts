import { describe, expect, it } from 'vitest';
import { menu } from './index.ts';
import { drive, fireTimer, flowWith, problemsOf, promptKeys } from '../testing.ts';

const base = {
  type: 'menu',
  prompts: ['menu'],
  choices: { '1': 'next', '2': 'other' },
  noInputPrompts: ['noinput'],
  noMatchPrompts: ['sorry'],
  noInput: 'other',
  noMatch: 'other',
  maxAttempts: 2,
};

describe('menu block', () => {
  it('offers one port per choice plus noInput, noMatch and error', () => {
    expect(menu.outcomes(base as never).map((p) => p.name)).toEqual(['1', '2', 'noInput', 'noMatch', 'error']);
  });

  it('rejects keys that are not DTMF tones and timeouts past 60 s', () => {
    const problems = problemsOf(flowWith({ m: { ...base, choices: { '11': 'next' }, timeoutSeconds: 90 } }));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual(
      expect.arrayContaining([
        ['/states/m/choices/11', 'schema.propertyNames'],
        ['/states/m/timeoutSeconds', 'schema.maximum'],
      ]),
    );
  });

  it('routes a key pressed during the prompt, cancelling the prompt', () => {
    const d = drive(flowWith({ m: base }));
    expect(d.effects.map((e) => e.type)).toEqual(['graph.playPrompt']);
    d.send({ type: 'tone', digit: '2' });
    expect(d.ports).toContain('m:2');
    expect(d.effects.map((e) => e.type)).toEqual(['graph.playPrompt', 'graph.cancelMediaProcessing', 'graph.hangup']);
    expect(d.lastResult()).toEqual({ digit: '2' });
  });

  it('starts the no-input timer only after the prompt finished, then reprompts with the escalation prompt', () => {
    const d = drive(flowWith({ m: base }));
    expect(d.effects.some((e) => e.type === 'timer.set')).toBe(false);
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: d.lastContext('graph.playPrompt') });
    expect(d.effects.at(-1)).toMatchObject({ type: 'timer.set', dueAt: d.now + 5000 });
    fireTimer(d, 'flow.m.waiting');
    expect(promptKeys(d.effects.at(-1))).toEqual(['noinput', 'menu']);
  });

  it('leaves through noInput after the last attempt', () => {
    const d = drive(flowWith({ m: base }));
    for (let attempt = 0; attempt < 2; attempt++) {
      d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: d.lastContext('graph.playPrompt') });
      fireTimer(d, 'flow.m.waiting');
    }
    expect(d.ports).toEqual(['m:noInput']);
  });

  it('reprompts a wrong key with the no-match prompt and then leaves through noMatch', () => {
    const d = drive(flowWith({ m: base }));
    d.send({ type: 'tone', digit: '9' });
    expect(promptKeys(d.effects.at(-1))).toEqual(['sorry', 'menu']);
    d.send({ type: 'tone', digit: '9' });
    expect(d.ports).toEqual(['m:noMatch']);
    expect(d.lastResult()).toEqual({ digit: '9' });
  });

  it('ignores the completion of a prompt it already cancelled', () => {
    const d = drive(flowWith({ m: base }));
    const first = d.lastContext('graph.playPrompt');
    d.send({ type: 'tone', digit: '9' });
    const before = d.effects.length;
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: first });
    expect(d.effects.length).toBe(before);
    expect(d.value()).toEqual({ m: 'prompting' });
  });
});
