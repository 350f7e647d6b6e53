/**
 * Variable names that every JavaScript object already has (`constructor`, `__proto__`) are never
 * variables: not declared, not started with, not set, not read, and never reach Object.prototype.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../blocks/language.ts';
import { flowWith, problemsOf } from '../blocks/testing.ts';
import { start } from './step.ts';
import { readVariable, startVariables, writeVariable } from './variables.ts';
import type { FlowContext } from './flow-context.ts';
import { evaluate } from './expressions.ts';

const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "choice": "ok"}') as Record<string, never>;

describe('reserved variable names', () => {
  it('starts a call with the given own variables and without reserved names, leaving Object.prototype alone', () => {
    const flow = flowWith({ s: { type: 'set', values: { message: 'vars.choice + "!"' }, next: 'next' } });
    const result = start(compile({ flow, hash: 'v' }), { call: { id: 'c1', direction: 'incoming' }, vars: hostile }, { now: 0 });
    const vars = (result.record.snapshot as { context: FlowContext }).context.vars;
    expect(vars.message).toBe('ok!');
    expect(Object.hasOwn(vars, '__proto__') || Object.hasOwn(vars, 'constructor')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.record.status).toBe('done');
  });

  it('reads only own variables and refuses to write a reserved one', () => {
    const vars = startVariables({ a: 1 }, hostile);
    expect(readVariable(vars, 'constructor')).toBeUndefined();
    expect(readVariable(vars, 'toString')).toBeUndefined();
    expect(readVariable(vars, 'a')).toBe(1);
    expect(() => writeVariable(vars, '__proto__', { polluted: true })).toThrow(/'__proto__' cannot be a variable name/);
    expect(Object.getPrototypeOf(vars)).toBe(Object.prototype);
  });

  it('keeps a `__proto__` key of a value (an HTTP response) as data in expression scopes', () => {
    const lastResult = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as unknown;
    expect(evaluate('lastResult.y', { vars: {}, call: {}, caller: {}, lastResult })).toBe(2);
    const value = evaluate('lastResult', { vars: {}, call: {}, caller: {}, lastResult }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
  });

  it('is a lint error to declare one, at its name', () => {
    const flow = flowWith({ s: { type: 'hangup' } }, { variables: JSON.parse('{"constructor": {"type": "string"}}') as never });
    expect(problemsOf(flow).find((p) => p.code === 'ref.reserved-variable')).toMatchObject({ pointer: '/variables/constructor', severity: 'error' });
  });
});
