import { describe, expect, it } from 'vitest';
import { evaluate, test as condition, renderTemplate, referencedPaths, compileExpression, ExpressionError } from './expressions.ts';

const scope = {
  vars: { attempts: 2, name: 'Ann', ratio: 0.5, tags: ['a', 'b'] },
  call: { id: 'c1' },
  caller: { phone: '+14255550123' },
  lastResult: { digit: '1' },
};

describe('expressions', () => {
  it('evaluates CEL with JSON numbers: whole numbers as ints, results back as plain numbers', () => {
    expect(evaluate('vars.attempts + 1', scope)).toBe(3);
    expect(evaluate('vars.ratio * 2.0', scope)).toBe(1);
    expect(evaluate('size(vars.tags)', scope)).toBe(2);
    expect(condition('lastResult.digit == "1" && vars.attempts < 3', scope)).toBe(true);
  });

  it('renders templates, keeping the type of a template that is one whole expression', () => {
    expect(renderTemplate('Hello {{vars.name}}, try {{vars.attempts}}', scope)).toBe('Hello Ann, try 2');
    expect(renderTemplate('{{vars.attempts + 1}}', scope)).toBe(3);
  });

  it.each(['vars.constructor', 'vars.__proto__', 'process.env', 'globalThis', 'vars["constructor"]', 'this'])(
    'refuses to reach %s with a clear error',
    (source) => {
      expect(() => compileExpression(source)).toThrow(ExpressionError);
      expect(() => compileExpression(source)).toThrow(/cannot be used|invalid expression/);
    },
  );

  it('cannot express a loop: CEL has no loop statements or recursion', () => {
    expect(() => compileExpression('while (true) {}')).toThrow(/invalid expression/);
    expect(() => compileExpression('f = function() { f() }')).toThrow(/invalid expression/);
  });

  it('bounds nesting and size, so a pathological expression fails fast instead of hanging', () => {
    const deep = `${'('.repeat(200)}1${')'.repeat(200)}`;
    expect(() => compileExpression(deep)).toThrow(ExpressionError);
    expect(() => compileExpression('1 + '.repeat(700) + '1')).toThrow(ExpressionError);
  });

  it('reports a type mismatch as an evaluation error naming the expression', () => {
    expect(() => evaluate('vars.name + 1', scope)).toThrow(/cannot evaluate `vars.name \+ 1`/);
    expect(() => condition('vars.attempts', scope)).toThrow(/not true or false/);
  });

  it('lists the variables an expression reads, ignoring macro-bound names', () => {
    expect(referencedPaths('vars.a + vars.b > caller.phone.size()').sort()).toEqual(['caller.phone', 'vars.a', 'vars.b']);
    expect(referencedPaths('vars.tags.all(t, t != "")')).toEqual(['vars.tags']);
  });
});
