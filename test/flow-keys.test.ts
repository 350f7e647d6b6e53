/**
 * Flow-wide keys (`on.key`): a key pressed in any state jumps to its handler, stopping the prompt,
 * except where the state takes keys itself (a menu's choices, gather, record, a playLoop with
 * `pressed`, a transfer under way); references are checked like any other target, and a state
 * reached only through a key is not unreachable.
 */
import { describe, expect, it } from 'vitest';
import { drive, flowWith, problemsOf } from '../engine/blocks/testing.ts';
import { checkText } from '../engine/blocks/language.ts';
import type { FlowDocument, StateConfig } from '../engine/core/types.ts';

const operator: StateConfig = { type: 'play', prompts: ['goodbye'], next: 'next' };
const withKeys = (states: Record<string, StateConfig>, key: Record<string, string> = { '0': 'operator' }): FlowDocument =>
  flowWith({ ...states, operator }, { on: { key } });
const types = (d: ReturnType<typeof drive>) => d.effects.map((effect) => effect.type);

describe('flow-wide keys', () => {
  it('in a play, stops the prompt and jumps to the handler with the key in lastResult', () => {
    const d = drive(withKeys({ greet: { type: 'play', prompts: ['welcome'], next: 'next' } }));
    d.send({ type: 'tone', digit: '0' });
    expect(d.ports).toEqual(['$flow:key.0']);
    expect(d.value()).toBe('operator');
    expect(d.lastResult()).toEqual({ digit: '0' });
    expect(types(d)).toEqual(['graph.playPrompt', 'graph.cancelMediaProcessing', 'graph.playPrompt']);
    expect(d.effects[1].clientContext).toBe('$key.0>operator#1');
    expect(d.effects[2].clientContext).toBe('operator#1.0');
  });

  it('starts the handler again when its key is pressed in it ("press * to hear this again")', () => {
    const d = drive(withKeys({ greet: { type: 'play', prompts: ['welcome'], next: 'next' } }, { '*': 'greet' }));
    d.send({ type: 'tone', digit: '*' });
    expect(d.ports).toEqual(['$flow:key.*']);
    expect(d.effects.filter((effect) => effect.type === 'graph.playPrompt').map((effect) => effect.clientContext)).toEqual(['greet#1.0', 'greet#2.0']);
  });

  it('ignores keys that are not declared, and the late completion of the prompt it stopped', () => {
    const d = drive(withKeys({ greet: { type: 'play', prompts: ['welcome'], next: 'next' } }));
    d.send({ type: 'tone', digit: '5' });
    expect(d.value()).toBe('greet');
    d.send({ type: 'tone', digit: '0' });
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: 'greet#1.0' });
    expect(d.value()).toBe('operator');
  });

  it('gives each press a clientContext of its own, so a second press is not taken for a repeat', () => {
    const d = drive(withKeys({ greet: { type: 'play', prompts: ['welcome'], next: 'next' } }));
    d.send({ type: 'tone', digit: '0' });
    d.send({ type: 'tone', digit: '0' });
    const cancels = d.effects.filter((effect) => effect.type === 'graph.cancelMediaProcessing').map((effect) => effect.clientContext);
    expect(cancels).toEqual(['$key.0>operator#1', '$key.0>operator#2']);
  });

  it("leaves a menu's own choices to the menu, and takes a key that is no choice instead of noMatch", () => {
    const menu = { type: 'menu', prompts: ['menu'], choices: { '1': 'next', '0': 'other' }, noMatch: 'next' };
    const own = drive(withKeys({ m: menu }));
    own.send({ type: 'tone', digit: '0' });
    expect(own.ports).toEqual(['m:0']);
    const star = drive(withKeys({ m: menu }, { '*': 'operator' }));
    star.send({ type: 'tone', digit: '*' });
    expect(star.ports).toEqual(['$flow:key.*']);
    const wrong = drive(withKeys({ m: menu }, { '*': 'operator' }));
    wrong.send({ type: 'tone', digit: '7' });
    expect(wrong.ports).toEqual([]);
    expect(wrong.value()).toEqual({ m: 'prompting' });
    expect(wrong.result.record.snapshot).toMatchObject({ context: { retry: 'noMatch', attempt: 1 } });
  });

  it('leaves every key to gather, record and a playLoop with pressed', () => {
    const gather = drive(withKeys({ g: { type: 'gather', prompts: ['pin'], minDigits: 2, maxDigits: 4, next: 'next' } }));
    gather.send({ type: 'tone', digit: '0' });
    expect(gather.result.record.snapshot).toMatchObject({ context: { digits: '0' } });
    const record = drive(withKeys({ r: { type: 'record', prompts: ['beep'], next: 'next', noInput: 'other' } }));
    record.send({ type: 'tone', digit: '0' });
    expect(record.ports).toEqual([]);
    expect(types(record)).not.toContain('graph.cancelMediaProcessing');
    const loop = drive(withKeys({ h: { type: 'playLoop', prompts: ['welcome'], next: 'next', pressed: 'other' } }));
    loop.send({ type: 'tone', digit: '0' });
    expect(loop.ports).toEqual(['h:pressed']);
  });

  it('jumps from a playLoop without pressed (hold music that says "press 0 for the operator")', () => {
    const d = drive(withKeys({ h: { type: 'playLoop', prompts: ['welcome'], next: 'next' } }));
    d.send({ type: 'tone', digit: '0' });
    expect(d.ports).toEqual(['$flow:key.0']);
  });

  it('does nothing while a transfer is under way, nor once the caller has hung up', () => {
    const transfer = drive(withKeys({ t: { type: 'transfer', to: { phone: '+14255550100' }, failed: 'next' } }));
    const before = transfer.value();
    transfer.send({ type: 'tone', digit: '0' });
    expect(transfer.value()).toEqual(before);
    expect(transfer.ports).toEqual([]);
    const gone = drive(withKeys({ w: { type: 'wait', seconds: 10, next: 'next' } }));
    gone.send({ type: 'call.terminated' });
    gone.send({ type: 'tone', digit: '0' });
    expect(gone.ports).not.toContain('$flow:key.0');
  });

  it('applies inside a subflow', () => {
    const child: FlowDocument = {
      id: 'child',
      version: 1,
      name: 'Child',
      start: 'w',
      states: { w: { type: 'wait', seconds: 10, next: 'done' }, done: { type: 'end' } },
    };
    const d = drive(withKeys({ s: { type: 'subflow', flow: 'child', next: 'next' } }), {}, (id) =>
      id === 'child' ? { flow: child, hash: 'child' } : undefined,
    );
    expect(d.value()).toEqual({ s: 'w' });
    d.send({ type: 'tone', digit: '0' });
    expect(d.value()).toBe('operator');
  });

  it('reports a key going to no state at its pointer, and a key that is not 0-9, * or #', () => {
    const unknown = problemsOf(withKeys({ w: { type: 'wait', seconds: 1, next: 'next' } }, { '0': 'operatr' }));
    expect(unknown).toContainEqual(
      expect.objectContaining({
        pointer: '/on/key/0',
        severity: 'error',
        code: 'ref.unknown-target',
        message: expect.stringContaining("did you mean 'operator'"),
      }),
    );
    const badKey = problemsOf(withKeys({ w: { type: 'wait', seconds: 1, next: 'next' } }, { A: 'operator' }));
    expect(badKey.filter((problem) => problem.severity === 'error').map((problem) => problem.pointer)).toContain('/on/key/A');
  });

  it('makes the handler an entry point: a state reached only through a key is not unreachable', () => {
    const flow = withKeys({ w: { type: 'wait', seconds: 1, next: 'next' } });
    const unreachable = (document: FlowDocument) =>
      checkText(JSON.stringify(document, null, 2), 'test.flow.json')
        .problems.filter((problem) => problem.code === 'lint.unreachable')
        .map((problem) => problem.pointer);
    expect(unreachable(flow)).not.toContain('/states/operator');
    expect(unreachable({ ...flow, on: undefined })).toContain('/states/operator');
  });

  it('tells the analyst where a menu choice or a playLoop keeps a flow-wide key from its handler, with the line', () => {
    const shadowed = (document: FlowDocument) =>
      checkText(JSON.stringify(document, null, 2), 'test.flow.json').problems.filter((problem) => problem.code === 'lint.flow-key-shadowed');
    const menu = (choices: Record<string, string>): StateConfig => ({ type: 'menu', prompts: ['welcome'], choices, noInput: 'next', noMatch: 'next' });
    const found = shadowed(withKeys({ m: menu({ '0': 'next', '1': 'next' }) }));
    expect(found).toEqual([
      expect.objectContaining({
        pointer: '/states/m/choices/0',
        severity: 'info',
        message: expect.stringContaining("the key 0 is the menu's choice 'next', so callers there do not reach the flow-wide handler 'operator'"),
      }),
    ]);
    expect(found[0]!.line).toBeGreaterThan(1);
    // The same target, another key, or no flow-wide keys: nothing to say.
    expect(shadowed(withKeys({ m: menu({ '0': 'operator', '1': 'next' }) }))).toEqual([]);
    expect(shadowed({ ...withKeys({ m: menu({ '0': 'next' }) }), on: undefined })).toEqual([]);
    const loop: StateConfig = { type: 'playLoop', prompts: ['welcome'], next: 'next', pressed: 'next' };
    expect(shadowed(withKeys({ l: loop })).map((problem) => problem.pointer)).toEqual(['/states/l/pressed']);
    expect(shadowed(withKeys({ l: { ...loop, pressed: undefined } }))).toEqual([]);
  });
});
