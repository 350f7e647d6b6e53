import { describe, expect, it } from 'vitest';
import { drive, flowWith, problemsOf } from '../testing.ts';

describe('play block', () => {
  it('plays the prompts resolved to files and texts of the call locale, then continues on completion', () => {
    const d = drive(flowWith({ p: { type: 'play', prompts: ['welcome', 'menu'], next: 'next' } }));
    expect(d.effects[0]).toEqual({
      type: 'graph.playPrompt',
      clientContext: 'p#1.0',
      prompts: [
        { key: 'welcome', locale: 'en-US', file: 'prompts/en-US/welcome.wav', text: 'The welcome prompt.' },
        { key: 'menu', locale: 'en-US', file: 'prompts/en-US/menu.wav', text: 'The menu prompt.' },
      ],
    });
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: 'p#1.0' });
    expect(d.ports).toEqual(['p:next']);
  });

  it('does not continue on the completion of another operation', () => {
    const d = drive(flowWith({ p: { type: 'play', prompts: ['welcome'], next: 'next' } }));
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: 'other#1.0' });
    expect(d.value()).toBe('p');
  });

  it('takes the error port when playback fails', () => {
    const d = drive(flowWith({ p: { type: 'play', prompts: ['welcome'], next: 'next', error: 'other' } }));
    d.send({ type: 'operation.failed', kind: 'playPrompt', clientContext: 'p#1.0', result: { code: 404 } });
    expect(d.ports).toEqual(['p:error']);
  });

  it('with bargeIn, a key cancels playback and is kept in lastResult', () => {
    const d = drive(flowWith({ p: { type: 'play', prompts: ['welcome'], bargeIn: true, next: 'next' } }));
    d.send({ type: 'tone', digit: '5' });
    expect(d.effects.map((e) => e.type)).toEqual(['graph.playPrompt', 'graph.cancelMediaProcessing', 'graph.hangup']);
    expect(d.lastResult()).toEqual({ digit: '5' });
  });

  it('plays a recording given by a template after its prompts', () => {
    const d = drive(flowWith({ p: { type: 'play', prompts: ['welcome'], recording: '{{vars.message}}', next: 'next' } }), {
      vars: { message: 'https://rec/1.wav' },
    });
    expect(d.effects[0]).toMatchObject({ recording: 'https://rec/1.wav' });
  });

  it('refuses more than 20 prompts and a play with neither prompts nor recording', () => {
    const many = flowWith({ p: { type: 'play', prompts: Array(21).fill('welcome'), next: 'next' } });
    expect(problemsOf(many).map((p) => [p.pointer, p.code])).toEqual([['/states/p/prompts', 'schema.maxItems']]);
    const empty = flowWith({ p: { type: 'play', next: 'next' } });
    expect(problemsOf(empty).map((p) => [p.pointer, p.code, p.message])).toEqual([
      ['/states/p', 'schema.anyOf', "state 'p' needs at least one of: prompts, recording"],
    ]);
  });

  it('with leg plays on the leg, and with bargeIn only a key on that leg stops it', () => {
    const d = drive(
      flowWith({
        a: { type: 'answer', next: 'call' },
        call: { type: 'dial', to: { user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50' }, leg: 'agent', next: 'p' },
        p: { type: 'play', prompts: ['menu'], leg: 'agent', bargeIn: true, next: 'next' },
      }),
    );
    d.send({ type: 'call.established' });
    d.send({ type: 'leg.established', leg: 'agent', graphId: 'leg-call-1' });
    expect(d.effects.find((effect) => effect.type === 'graph.playPrompt')?.leg).toBe('agent');
    d.send({ type: 'tone', digit: '5' });
    expect(d.ports).not.toContain('p:next');
    d.send({ type: 'leg.tone', leg: 'agent', digit: '5' });
    expect(d.ports).toContain('p:next');
    expect(d.effects.find((effect) => effect.type === 'graph.cancelMediaProcessing')?.leg).toBe('agent');
  });
});
