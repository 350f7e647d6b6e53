/**
 * Expressions cannot hold the event loop or the heap: `matches` runs RE2 in linear time, strings
 * given to string functions are capped, comprehensions cannot nest deeper than three and share a
 * step and size budget. Each hostile case must end in under 50 ms, with an error that says why.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression, evaluate, ExpressionError, type ExpressionScope } from './expressions.ts';
import { MAX_ITERATIONS, MAX_STRING_INPUT } from './expression-limits.ts';
import { compile } from '../blocks/language.ts';
import { flowWith, problemsOf } from '../blocks/testing.ts';
import { start } from './step.ts';

const scope = (vars: Record<string, unknown> = {}, caller: Record<string, unknown> = {}): ExpressionScope => ({ vars, call: {}, caller, lastResult: null });
const FAST_MS = 50;

/**
 * The outcome of evaluating `source` and the best time of three runs: other test files run in
 * parallel on a small machine, so one slow run says little, while three slow ones mean the input
 * really is expensive. (The first run also compiles and caches the expression.)
 */
function timed(source: string, on: ExpressionScope): { value?: unknown; error?: ExpressionError; ms: number } {
  let outcome: { value?: unknown; error?: ExpressionError } = {};
  let ms = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    try {
      outcome = { value: evaluate(source, on) };
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      outcome = { error };
    }
    ms = Math.min(ms, performance.now() - started);
  }
  return { ...outcome, ms };
}

const list = (n: number) => `[${Array.from({ length: n }, (_, i) => i).join(', ')}]`;

describe('regular expressions run on RE2, in time linear in the input', () => {
  const evil = "caller.displayName.matches('^([A-Za-z]+ ?)+$')";

  it.each([27, 40, 5_000, MAX_STRING_INPUT - 1])('the backtracking pattern from the audit answers at once on %i caller-controlled characters', (length) => {
    const name = 'A'.repeat(length - 1) + '!';
    const { value, ms } = timed(evil, scope({}, { displayName: name }));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(FAST_MS);
    expect(timed(evil, scope({}, { displayName: 'Ada Lovelace' })).value).toBe(true);
  });

  it('refuses a string over the input cap with a clear error, quickly', () => {
    const { error, ms } = timed(evil, scope({}, { displayName: 'A'.repeat(MAX_STRING_INPUT + 1) }));
    expect(error?.message).toMatch(/matches was given a string of 65,537 characters; the limit is 65,536/);
    expect(error?.code).toBe('over-budget');
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('keeps CEL semantics: unanchored search, RE2 syntax, the method name in errors', () => {
    expect(evaluate("'abc'.matches('b')", scope())).toBe(true);
    expect(evaluate("'abc'.matches('^b')", scope())).toBe(false);
    expect(evaluate("vars.s.matches('(?i)^hello\\\\s+\\\\w+$')", scope({ s: 'HELLO world' }))).toBe(true);
    expect(() => evaluate("vars.n.matches('1')", scope({ n: 1 }))).toThrow(/no matching overload for 'int.matches\(string\)'/);
  });

  it('refuses a pattern RE2 cannot run when it comes from a variable, naming the reason', () => {
    expect(() => evaluate('vars.s.matches(vars.p)', scope({ s: 'aa', p: '(a)\\1' }))).toThrow(/backreferences need backtracking/);
    expect(() => evaluate('vars.s.matches(vars.p)', scope({ s: 'ab', p: 'a(?=b)' }))).toThrow(/lookahead and lookbehind/);
  });

  it('refuses a literal pattern RE2 cannot run when the expression is compiled', () => {
    expect(() => compileExpression("vars.s.matches('(a)\\\\1')")).toThrow(ExpressionError);
    try {
      compileExpression("vars.s.matches('(?<=a)b')");
    } catch (error) {
      expect((error as ExpressionError).code).toBe('unsupported-regex');
      expect((error as Error).message).toMatch(/'\(\?<=a\)b' cannot be used: lookahead and lookbehind need backtracking/);
    }
  });
});

describe('comprehensions have a nesting limit and a budget', () => {
  const nested = (depth: number, n = 10) => {
    let body = 'x0 >= 0';
    for (let level = depth - 1; level >= 0; level--) body = `${list(n)}.all(x${level}, ${level ? `x${level - 1} >= 0 && ` : ''}${body})`;
    return body;
  };

  it('refuses comprehensions nested 9 deep before running them, in under 50 ms', () => {
    const source = nested(9);
    const started = performance.now();
    expect(() => evaluate(source, scope())).toThrow(/comprehensions \(map, filter, all, exists, exists_one\) nest 9 deep here; at most 3 may nest/);
    expect(performance.now() - started).toBeLessThan(FAST_MS);
  });

  it('does not count a chain as nesting', () => {
    expect(evaluate(`${list(5)}.map(x, x * 2).filter(x, x > 2).map(x, x + 1).exists(x, x == 9)`, scope())).toBe(true);
  });

  it('stops 200 × 200 × 200 steps at the step budget with a clear error, in under 50 ms', () => {
    const { error, ms } = timed('vars.l.map(a, vars.l.map(b, vars.l.map(c, a + b + c)))', scope({ l: Array.from({ length: 200 }, (_, i) => i) }));
    expect(error?.message).toMatch(new RegExp(`comprehensions ran more than ${MAX_ITERATIONS.toLocaleString('en-US')} steps`));
    expect(error?.code).toBe('over-budget');
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('stops quantifiers that would swallow the budget error and go on', () => {
    const { error, ms } = timed('vars.l.exists(a, vars.l.exists(b, vars.l.exists(c, a + b + c < 0)))', scope({ l: Array.from({ length: 200 }, (_, i) => i) }));
    expect(error?.message).toMatch(/more than 10,000 steps/);
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('bounds the size of what steps produce, and of values doubled with cel.bind', () => {
    const big = 'x'.repeat(60_000);
    const produced = timed(`${list(100)}.map(i, vars.s + vars.s)`, scope({ s: big }));
    expect(produced.error?.message).toMatch(/comprehension steps produced more than 1,000,000 characters and entries/);
    expect(produced.ms).toBeLessThan(FAST_MS);
    let doubling = 'v6.size()';
    for (let i = 6; i >= 1; i--) doubling = `cel.bind(v${i}, ${i === 1 ? 'vars.s + vars.s' : `v${i - 1} + v${i - 1}`}, ${doubling})`;
    const bound = timed(doubling, scope({ s: big }));
    expect(bound.error?.message).toMatch(/a value produced more than 1,000,000/);
  });

  it('caps strings given to string functions and the size of a result', () => {
    const long = 'a'.repeat(MAX_STRING_INPUT + 1);
    expect(() => evaluate("vars.s.contains('b')", scope({ s: long }))).toThrow(/contains was given a string of 65,537 characters/);
    expect(() => evaluate("'b'.startsWith(vars.s)", scope({ s: long }))).toThrow(/startsWith was given a string/);
    expect(() => evaluate('[vars.s, vars.s, vars.s].join()', scope({ s: 'b'.repeat(400_000) }))).toThrow(/produced more than 1,000,000/);
    expect(evaluate("vars.s.contains('b')", scope({ s: 'a'.repeat(MAX_STRING_INPUT) }))).toBe(false);
  });

  it('gives the same answers as CEL without metering for ordinary expressions', () => {
    const vars = { tags: ['a', 'b', 'c'], n: 3, m: { k: 1, j: 2 }, s: 'one,two' };
    const cases: Array<[string, unknown]> = [
      ['vars.tags.map(t, t + "!")', ['a!', 'b!', 'c!']],
      ['vars.tags.map(t, t != "b", t.upperAscii())', ['A', 'C']],
      ['vars.tags.filter(t, t > "a").size()', 2],
      ['vars.tags.exists_one(t, t == "b")', true],
      ['vars.m.all(k, vars.m[k] > 0)', true],
      ['vars.s.split(",").map(p, p.size())', [3, 3]],
      ['vars.tags.join("-")', 'a-b-c'],
      ['cel.bind(x, vars.n * 2, x + x)', 12],
      [
        '[1, 2].map(a, [3, 4].map(b, a * b))',
        [
          [3, 4],
          [6, 8],
        ],
      ],
      ['vars.s.indexOf("two") == 4 && vars.s.substring(0, 3) == "one" && "  x ".trim() == "x"', true],
      ['(vars.tags + ["d"]).map(t, t).size()', 4],
    ];
    for (const [source, expected] of cases) expect(evaluate(source, scope(vars)), source).toEqual(expected);
    expect(() => evaluate('vars.s.map(x, x)', scope(vars))).toThrow(/type 'string' cannot be iterated/);
  });

  it('refuses the engine’s own helper names in expressions', () => {
    expect(() => compileExpression('cf_iter([1]).size() > 0')).toThrow(/names starting with cf_ are the engine's/);
  });
});

describe('an expression over budget reaches the flow’s error handler', () => {
  it('runs on.error instead of hanging when a set state’s expression is over budget', () => {
    const flow = flowWith(
      {
        s: { type: 'set', values: { score: `${list(100)}.map(a, ${list(100)}.map(b, ${list(100)}.map(c, c))).size()` }, next: 'next' },
        oops: { type: 'hangup' },
      },
      { on: { error: 'oops' } },
    );
    const started = performance.now();
    const result = start(compile({ flow, hash: 'budget' }), { call: { id: 'c1', direction: 'incoming' } }, { now: 0 });
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.trace.some((entry) => entry.kind === 'error' && /more than 10,000 steps/.test(String(entry.message)))).toBe(true);
    expect(result.effects).toEqual([{ type: 'graph.hangup', clientContext: 'oops#1.0' }]);
  });
});

describe('lint points at expressions that cannot run', () => {
  it.each([
    ["vars.choice.matches('(a)\\\\1')", 'ref.unsupported-regex', /backreferences need backtracking/],
    [
      `${list(3)}.all(a, ${list(3)}.all(b, ${list(3)}.all(c, ${list(3)}.all(d, a + b + c + d >= 0))))`,
      'ref.expression-too-complex',
      /nest 4 deep here; at most 3/,
    ],
  ])('reports %s at its pointer', (condition, code, message) => {
    const problems = problemsOf(flowWith({ s: { type: 'switch', cases: [{ when: condition, next: 'next' }], default: 'other' } }));
    const problem = problems.find((p) => p.code === code);
    expect(problem).toMatchObject({ pointer: '/states/s/cases/0/when', severity: 'error' });
    expect(problem?.message).toMatch(message);
  });
});
