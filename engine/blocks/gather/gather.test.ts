import { describe, expect, it } from 'vitest';
import { gather } from './index.ts';
import { drive, fireTimer, flowWith, problemsOf, type Drive } from '../testing.ts';

const base = {
  type: 'gather',
  prompts: ['pin'],
  minDigits: 4,
  maxDigits: 6,
  maxAttempts: 2,
  noInputPrompts: ['noinput'],
  invalidPrompts: ['sorry'],
  next: 'next',
  noInput: 'other',
  invalid: 'other',
};

const promptDone = (d: Drive) => d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: d.lastContext('graph.playPrompt') });
const press = (d: Drive, keys: string) => [...keys].forEach((digit) => d.send({ type: 'tone', digit }));
const lastPrompts = (d: Drive) =>
  (d.effects.filter((e) => e.type === 'graph.playPrompt').at(-1) as unknown as { prompts: Array<{ key: string }> }).prompts.map((p) => p.key);

describe('gather block', () => {
  it('offers next (required), noInput, invalid and error', () => {
    expect(gather.outcomes(base as never).map((p) => [p.name, p.required ?? false])).toEqual([
      ['next', true],
      ['noInput', false],
      ['invalid', false],
      ['error', false],
    ]);
  });

  it('accepts its examples', () => {
    for (const example of gather.examples) expect(problemsOf(flowWith({ g: example }))).toEqual([]);
  });

  it('refuses lengths outside 1–32, unknown finish keys and timeouts past their limits', () => {
    const problems = problemsOf(
      flowWith({ g: { ...base, minDigits: 0, maxDigits: 33, finishOnKey: '0', firstDigitTimeoutSeconds: 61, interDigitTimeoutSeconds: 31 } }),
    );
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/states/g/minDigits', 'schema.minimum'],
      ['/states/g/maxDigits', 'schema.maximum'],
      ['/states/g/finishOnKey', 'schema.enum'],
      ['/states/g/firstDigitTimeoutSeconds', 'schema.maximum'],
      ['/states/g/interDigitTimeoutSeconds', 'schema.maximum'],
    ]);
  });

  it('refuses an undeclared variable and an invalid validIf expression', () => {
    const problems = problemsOf(flowWith({ g: { ...base, variable: 'account', validIf: 'lastResult.digits ==' } }));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/states/g/variable', 'ref.unknown-variable'],
      ['/states/g/validIf', 'ref.invalid-expression'],
    ]);
  });

  it('reports maxDigits below minDigits at validation, where the schema alone cannot', () => {
    const problems = problemsOf(flowWith({ g: { ...base, minDigits: 5, maxDigits: 4 } }));
    expect(problems.map((p) => [p.pointer, p.code, p.message])).toEqual([
      ['/states/g/maxDigits', 'ref.digit-range', 'maxDigits (4) is less than minDigits (5) — raise maxDigits or lower minDigits'],
    ]);
  });

  it('ends input on the finish key, storing the digits without it', () => {
    const d = drive(flowWith({ g: { ...base, variable: 'pin' } }));
    promptDone(d);
    press(d, '1234#');
    expect(d.ports).toEqual(['g:next']);
    expect(d.lastResult()).toEqual({ digits: '1234' });
    expect(d.vars().pin).toBe('1234');
  });

  it('ends input by itself at maxDigits', () => {
    const d = drive(flowWith({ g: { ...base, finishOnKey: '' } }));
    promptDone(d);
    press(d, '12#456');
    expect(d.ports).toEqual(['g:next']);
    expect(d.lastResult()).toEqual({ digits: '12#456' });
  });

  it('takes a key pressed during the prompt as the first digit, cancelling the prompt once', () => {
    const d = drive(flowWith({ g: base }));
    press(d, '98');
    expect(d.effects.filter((e) => e.type === 'graph.cancelMediaProcessing')).toHaveLength(1);
    expect(d.value()).toEqual({ g: 'entering' });
    press(d, '76#');
    expect(d.lastResult()).toEqual({ digits: '9876' });
  });

  it('starts the first-digit timer only after the prompt, then reprompts with the no-input prompt', () => {
    const d = drive(flowWith({ g: { ...base, firstDigitTimeoutSeconds: 7 } }));
    expect(d.effects.some((e) => e.type === 'timer.set')).toBe(false);
    promptDone(d);
    expect(d.effects.at(-1)).toMatchObject({ type: 'timer.set', dueAt: d.now + 7000 });
    fireTimer(d, 'flow.g.waiting');
    expect(lastPrompts(d)).toEqual(['noinput', 'pin']);
    promptDone(d);
    fireTimer(d, 'flow.g.waiting');
    expect(d.ports).toEqual(['g:noInput']);
    expect(d.lastResult()).toEqual({ digits: '' });
  });

  it('ends input after an inter-digit pause, restarting the pause timer on every key', () => {
    const d = drive(flowWith({ g: base }));
    promptDone(d);
    press(d, '12');
    const timers = d.effects.filter((e) => e.type === 'timer.set' && String(e.id).includes('flow.g.entering'));
    expect(timers).toHaveLength(2);
    expect(timers[1]).toMatchObject({ dueAt: d.now + 3000 });
    press(d, '345');
    fireTimer(d, 'flow.g.entering');
    expect(d.ports).toEqual(['g:next']);
    expect(d.lastResult()).toEqual({ digits: '12345' });
  });

  it('reprompts too-short input with the invalid prompt, starting over, then leaves through invalid', () => {
    const d = drive(flowWith({ g: base }));
    promptDone(d);
    press(d, '12#');
    expect(lastPrompts(d)).toEqual(['sorry', 'pin']);
    expect(d.value()).toEqual({ g: 'prompting' });
    press(d, '3#');
    expect(d.ports).toEqual(['g:invalid']);
    expect(d.lastResult()).toEqual({ digits: '3' });
  });

  it('treats the finish key alone as invalid input', () => {
    const d = drive(flowWith({ g: { ...base, maxAttempts: 1 } }));
    promptDone(d);
    press(d, '#');
    expect(d.ports).toEqual(['g:invalid']);
  });

  it('checks validIf with lastResult.digits set to the input', () => {
    const d = drive(flowWith({ g: { ...base, validIf: 'int(lastResult.digits) <= 5000' } }));
    promptDone(d);
    press(d, '9999#');
    expect(lastPrompts(d)).toEqual(['sorry', 'pin']);
    press(d, '4999#');
    expect(d.ports).toEqual(['g:next']);
    expect(d.lastResult()).toEqual({ digits: '4999' });
  });

  it('ignores the completion of a prompt it cancelled', () => {
    const d = drive(flowWith({ g: base }));
    const first = d.lastContext('graph.playPrompt');
    press(d, '1');
    const before = d.effects.length;
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: first });
    expect(d.effects.length).toBe(before);
    expect(d.value()).toEqual({ g: 'entering' });
  });

  it('leaves through error when the prompt cannot be played', () => {
    const d = drive(flowWith({ g: { ...base, error: 'other' } }));
    d.send({ type: 'operation.failed', kind: 'playPrompt', clientContext: d.lastContext('graph.playPrompt') });
    expect(d.ports).toEqual(['g:error']);
  });

  it('starts with no digits when entered again', () => {
    const d = drive(flowWith({ g: { ...base, next: 'again' }, again: { type: 'gather', prompts: ['pin'], minDigits: 2, next: 'next' } }));
    promptDone(d);
    press(d, '1234#');
    promptDone(d);
    press(d, '56#');
    expect(d.lastResult()).toEqual({ digits: '56' });
  });

  it('with leg prompts on the leg and takes only the leg’s keys; the leg ending takes the error port', () => {
    const flow = flowWith({
      a: { type: 'answer', next: 'call' },
      call: { type: 'dial', to: { user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50' }, leg: 'agent', next: 'g' },
      g: { type: 'gather', prompts: ['menu'], leg: 'agent', maxDigits: 1, finishOnKey: '', next: 'next', error: 'other' },
    });
    const d = drive(flow);
    d.send({ type: 'call.established' });
    d.send({ type: 'leg.established', leg: 'agent', graphId: 'leg-call-1' });
    const prompt = d.effects.find((effect) => effect.type === 'graph.playPrompt')!;
    expect(prompt.leg).toBe('agent');
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: prompt.clientContext });
    // A key on the main call, and one on another leg: not this gather's.
    d.send({ type: 'tone', digit: '1' });
    d.send({ type: 'leg.tone', leg: 'other', digit: '1' });
    expect(d.ports).not.toContain('g:next');
    d.send({ type: 'leg.tone', leg: 'agent', digit: '7' });
    expect(d.ports).toContain('g:next');
    expect(d.lastResult()).toEqual({ digits: '7' });

    const ended = drive(flow);
    ended.send({ type: 'call.established' });
    ended.send({ type: 'leg.established', leg: 'agent', graphId: 'leg-call-1' });
    ended.send({ type: 'leg.terminated', leg: 'agent', code: 0, subcode: 5010 });
    expect(ended.ports).toContain('g:error');
    expect(ended.lastResult()).toMatchObject({ error: "the call leg 'agent' has ended" });
  });
});
